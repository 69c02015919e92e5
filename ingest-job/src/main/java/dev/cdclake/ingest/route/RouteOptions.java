package dev.cdclake.ingest.route;

import dev.cdclake.events.config.OptionsBlock;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.util.List;

/** The keys of one {@code route} rule (Flink CDC's), and the rule block's one declaration ({@link #BLOCK}). */
public final class RouteOptions {
    private RouteOptions() {}

    public static final ConfigOption<String> SOURCE_TABLE = ConfigOptions.key("source-table")
            .stringType()
            .noDefaultValue()
            .withDescription("The source tables the rule routes (required): a table selector as in transform rules,"
                    + " e.g. app_\\.*.orders_\\.* for every orders shard of every app database.");
    public static final ConfigOption<String> SINK_TABLE = ConfigOptions.key("sink-table")
            .stringType()
            .noDefaultValue()
            .withDescription("The Paimon table the matched tables are written to (required), database.table; with"
                    + " replace-symbol, that symbol stands for each source table's name (ods.<> keeps the names).");
    public static final ConfigOption<String> REPLACE_SYMBOL = ConfigOptions.key("replace-symbol")
            .stringType()
            .noDefaultValue()
            .withDescription("A string in sink-table replaced by the source table's name, e.g. <>.");
    public static final ConfigOption<String> DESCRIPTION = ConfigOptions.key("description")
            .stringType()
            .noDefaultValue()
            .withDescription("What the rule is for; logged with the rule.");

    public static List<ConfigOption<?>> all() {
        return List.of(SOURCE_TABLE, SINK_TABLE, REPLACE_SYMBOL, DESCRIPTION);
    }

    /** A rule of the {@code route} list. */
    public static final OptionsBlock BLOCK = OptionsBlock.builder("route", "route rule options (a list)")
            .options(all())
            .build();
}

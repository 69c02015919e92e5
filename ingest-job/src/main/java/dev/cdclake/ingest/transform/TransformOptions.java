package dev.cdclake.ingest.transform;

import dev.cdclake.events.config.OptionsBlock;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.util.List;

/** The keys of one {@code transform} rule, and the rule block's one declaration ({@link #BLOCK}). */
public final class TransformOptions {
    private TransformOptions() {}

    public static final ConfigOption<String> SOURCE_TABLE = ConfigOptions.key("source-table")
            .stringType()
            .noDefaultValue()
            .withDescription("The tables the rule applies to (required): a table selector as in capture-job's 'tables',"
                    + " e.g. \\.*.\\.* or kafka_test.customers. The first matching rule applies; rules apply to the"
                    + " source tables, before route rules rename them.");
    public static final ConfigOption<String> PROJECTION = ConfigOptions.key("projection")
            .stringType()
            .defaultValue("\\*")
            .withDescription("The columns of the Paimon table: \\* (every field), a comma-separated column list,"
                    + " 'column AS alias', computed columns 'expression AS name' (README: Filtering and computed"
                    + " columns), and the metadata columns __schema_name__ (the source database),"
                    + " __table_name__ (the source table), __data_event_type__ (+I, -U, +U, -D) and op_ts (the commit"
                    + " time), e.g. '\\*, __table_name__ AS shard, UPPER(name) AS upper_name'.");
    public static final ConfigOption<String> FILTER = ConfigOptions.key("filter")
            .stringType()
            .noDefaultValue()
            .withDescription("A SQL condition over the row's columns and metadata columns (README: Filtering and"
                    + " computed columns), e.g. age >= 18 AND name LIKE 'A%'. Rows for which it is false or NULL are"
                    + " not written; an update that makes a row leave it deletes the row from the lake.");
    public static final ConfigOption<String> PRIMARY_KEYS = ConfigOptions.key("primary-keys")
            .stringType()
            .noDefaultValue()
            .withDescription("Comma-separated primary-key columns of the Paimon table; they override any key the"
                    + " messages carry.");
    public static final ConfigOption<String> PARTITION_KEYS = ConfigOptions.key("partition-keys")
            .stringType()
            .noDefaultValue()
            .withDescription("Comma-separated partition columns of the Paimon table the job creates.");
    public static final ConfigOption<String> TABLE_OPTIONS = ConfigOptions.key("table-options")
            .stringType()
            .noDefaultValue()
            .withDescription("Paimon options of the table the job creates, key=value pairs separated by commas, e.g."
                    + " bucket=4,deletion-vectors.enabled=true.");
    public static final ConfigOption<String> DESCRIPTION = ConfigOptions.key("description")
            .stringType()
            .noDefaultValue()
            .withDescription("The comment of the Paimon table the job creates.");

    public static final ConfigOption<String> CONVERTER_AFTER_TRANSFORM = ConfigOptions.key("converter-after-transform")
            .stringType()
            .noDefaultValue()
            .withDescription("SOFT_DELETE: a delete becomes an insert of the deleted row, so the lake keeps it; project"
                    + " __data_event_type__ to mark such rows -D.");

    public static List<ConfigOption<?>> all() {
        return List.of(
                SOURCE_TABLE,
                PROJECTION,
                FILTER,
                PRIMARY_KEYS,
                PARTITION_KEYS,
                TABLE_OPTIONS,
                DESCRIPTION,
                CONVERTER_AFTER_TRANSFORM);
    }

    /** A rule of the {@code transform} list. */
    public static final OptionsBlock BLOCK = OptionsBlock.builder("transform", "transform rule options (a list)")
            .options(all())
            .build();
}

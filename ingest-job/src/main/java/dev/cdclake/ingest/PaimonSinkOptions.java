package dev.cdclake.ingest;

import dev.cdclake.events.config.OptionsBlock;
import dev.cdclake.ingest.paimon.PaimonTypes;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;
import java.util.List;

/** Options of ingest-job's {@code sink} block ({@code type: paimon}). */
public final class PaimonSinkOptions {
    private PaimonSinkOptions() {}

    /** Paimon catalog options: metastore, warehouse, uri, token.provider, token, dlf.*. */
    public static final String CATALOG_PREFIX = "catalog.properties.";
    /** Table options of tables the job creates, e.g. bucket, deletion-vectors.enabled. */
    public static final String TABLE_PREFIX = "table.properties.";

    public static final ConfigOption<String> TYPE = ConfigOptions.key("type")
            .stringType()
            .defaultValue("paimon")
            .withDescription("Sink type; ingest-job writes only to 'paimon'.");
    public static final ConfigOption<String> NAME = ConfigOptions.key("name")
            .stringType()
            .defaultValue("Paimon Sink")
            .withDescription("Name of the sink operators in the Flink UI.");
    public static final ConfigOption<String> COMMIT_USER = ConfigOptions.key("commit.user")
            .stringType()
            .defaultValue("cdclake-ingest")
            .withDescription("Prefix of the Paimon commit user. The job appends a UUID on first start and keeps it "
                    + "in its state, so two jobs given the same value never drop each other's commits.");
    public static final ConfigOption<Integer> PARALLELISM = ConfigOptions.key("sink.parallelism")
            .intType()
            .noDefaultValue()
            .withDescription("Parallelism of the Paimon writers (default: the pipeline's).");

    public static final ConfigOption<Duration> WRITER_IDLE_TIMEOUT = ConfigOptions.key("writer.idle-timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(5))
            .withDescription("A table that has received no row for this long has its writer, its commit and its"
                    + " routing state released after its last commit, freeing their buffers, bucket index and caches;"
                    + " its next row opens them again. Memory then grows with the tables written recently, not with"
                    + " every table ever seen.");

    public static final ConfigOption<Integer> COMMIT_THREADS = ConfigOptions.key("commit.threads")
            .intType()
            .defaultValue(4)
            .withDescription("How many tables the committer commits at the same time at each checkpoint. Each table"
                    + " is its own Paimon snapshot; with hundreds of tables written per checkpoint their commits"
                    + " dominate the checkpoint, and parallel commits shorten it.");

    public static final ConfigOption<PaimonTypes.TimeMapping> TIME_MAPPING = ConfigOptions.key("type-mapping.time")
            .enumType(PaimonTypes.TimeMapping.class)
            .defaultValue(PaimonTypes.TimeMapping.BIGINT_MICROS)
            .withDescription("Paimon type of MySQL TIME columns in tables the job creates. MySQL TIME is a duration "
                    + "(-838:59:59 to 838:59:59); bigint-micros keeps every value as its signed microseconds, time "
                    + "maps to Paimon TIME (a time of day in milliseconds), and a value outside the day or with "
                    + "sub-millisecond digits is then a bad record. Existing TIME columns keep their type.");

    public static List<ConfigOption<?>> all() {
        return List.of(TYPE, NAME, COMMIT_USER, TIME_MAPPING, PARALLELISM, WRITER_IDLE_TIMEOUT, COMMIT_THREADS);
    }

    /** The {@code sink} block of ingest-job: these options and the catalog and table pass-through prefixes. */
    public static final OptionsBlock BLOCK = OptionsBlock.builder("sink", "sink options (type: paimon)")
            .options(all())
            .passThrough(
                    CATALOG_PREFIX,
                    "Paimon catalog options: metastore (filesystem or rest), warehouse, uri,"
                            + " token.provider (bear or dlf), token, dlf.access-key-id, dlf.access-key-secret,"
                            + " dlf.security-token, dlf.region, dlf.token-path")
            .passThrough(
                    TABLE_PREFIX,
                    "Paimon options of the tables the job creates, e.g. bucket," + " deletion-vectors.enabled")
            .build();
}

package dev.cdclake.ingest;

import dev.cdclake.events.config.OptionsBlock;
import dev.cdclake.events.wire.ValueFormat;
import dev.cdclake.ingest.format.SourceFormatOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Options of ingest-job's {@code source} block ({@code type: kafka}). Format options (value.format, distributed tables,
 * schema inference) are in {@link dev.cdclake.ingest.format.SourceFormatOptions}.
 */
public final class KafkaSourceOptions {
    private KafkaSourceOptions() {}

    public static final String PROPERTIES_PREFIX = "properties.";

    public static final ConfigOption<String> TYPE = ConfigOptions.key("type")
            .stringType()
            .defaultValue("kafka")
            .withDescription("Source type; ingest-job reads only 'kafka'.");
    public static final ConfigOption<String> NAME = ConfigOptions.key("name")
            .stringType()
            .defaultValue("Kafka Source")
            .withDescription("Name of the source operator in the Flink UI.");
    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("properties.bootstrap.servers")
            .stringType()
            .noDefaultValue()
            .withDescription("Kafka brokers, host:port[,host:port] (required).");
    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("properties.group.id")
            .stringType()
            .noDefaultValue()
            .withDescription(
                    "Consumer group for committed offsets. Default: derived from the job " + "name and topics.");
    public static final ConfigOption<String> TOPIC = ConfigOptions.key("topic")
            .stringType()
            .noDefaultValue()
            .withDescription("Topic to read, or several separated by ';'. Exactly one of topic and topic-pattern.");
    public static final ConfigOption<String> TOPIC_PATTERN = ConfigOptions.key("topic-pattern")
            .stringType()
            .noDefaultValue()
            .withDescription("Java regex of the topics to read (new matching topics are picked up "
                    + "by partition discovery).");
    public static final ConfigOption<StartupMode> SCAN_STARTUP_MODE = ConfigOptions.key("scan.startup.mode")
            .enumType(StartupMode.class)
            .defaultValue(StartupMode.GROUP_OFFSETS)
            .withDescription("Where a job without state starts: group-offsets (the group's committed offsets; a "
                    + "partition without one starts where properties.auto.offset.reset says: earliest by default, "
                    + "latest, or none to fail), earliest-offset, latest-offset, timestamp, specific-offsets. The job "
                    + "commits its offsets to the group when a checkpoint completes. A job restored from a checkpoint "
                    + "or savepoint always resumes from its own offsets.");
    public static final ConfigOption<Long> SCAN_STARTUP_TIMESTAMP_MILLIS = ConfigOptions.key(
                    "scan.startup.timestamp-millis")
            .longType()
            .noDefaultValue()
            .withDescription("Epoch milliseconds to start from in timestamp mode: each partition starts at its "
                    + "first record whose Kafka timestamp is at or after it (at its end when there is none).");
    public static final ConfigOption<String> SCAN_STARTUP_SPECIFIC_OFFSETS = ConfigOptions.key(
                    "scan.startup.specific-offsets")
            .stringType()
            .noDefaultValue()
            .withDescription("Offsets for specific-offsets mode: partition:0,offset:42;partition:1,offset:300 "
                    + "(applies to every topic of 'topic'). Partitions not listed start from the group's committed "
                    + "offsets, else the earliest.");
    public static final ConfigOption<Duration> PARTITION_DISCOVERY_INTERVAL = ConfigOptions.key(
                    "scan.topic-partition-discovery.interval")
            .durationType()
            .defaultValue(Duration.ofMinutes(5))
            .withDescription("How often new partitions and matching topics are discovered; 0 disables.");
    public static final ConfigOption<Boolean> IGNORE_ERRORS = ConfigOptions.key("ingestion.ignore-errors")
            .booleanType()
            .defaultValue(false)
            .withDescription("Skip bad records (logged with topic, partition, offset and counted in the "
                    + "'ingestionErrors' metric) instead of failing the job.");
    public static final ConfigOption<Long> ERROR_TOLERANCE_MAX_COUNT = ConfigOptions.key(
                    "ingestion.error-tolerance.max-count")
            .longType()
            .defaultValue(-1L)
            .withDescription("With ingestion.ignore-errors, fail once a source subtask skipped more bad records "
                    + "than this; -1 is unlimited.");
    public static final ConfigOption<String> DEAD_LETTER_TOPIC = ConfigOptions.key("ingestion.dead-letter.topic")
            .stringType()
            .noDefaultValue()
            .withDescription("With ingestion.ignore-errors, also write each skipped record as it was (key, value, "
                    + "headers) to this topic with headers naming the error and its origin.");
    public static final ConfigOption<Integer> PARALLELISM = ConfigOptions.key("parallelism")
            .intType()
            .noDefaultValue()
            .withDescription("Parallelism of the Kafka readers and parsers (default: the " + "pipeline's).");

    public static List<ConfigOption<?>> all() {
        return List.of(
                TYPE,
                NAME,
                BOOTSTRAP_SERVERS,
                GROUP_ID,
                TOPIC,
                TOPIC_PATTERN,
                SCAN_STARTUP_MODE,
                SCAN_STARTUP_TIMESTAMP_MILLIS,
                SCAN_STARTUP_SPECIFIC_OFFSETS,
                PARTITION_DISCOVERY_INTERVAL,
                IGNORE_ERRORS,
                ERROR_TOLERANCE_MAX_COUNT,
                DEAD_LETTER_TOPIC,
                PARALLELISM);
    }

    /**
     * The {@code source} block of ingest-job: these options, {@link SourceFormatOptions}, the consumer pass-through,
     * and each value format's options under its prefix, accepted only for the format {@code value.format} names.
     */
    public static final OptionsBlock BLOCK = block();

    private static OptionsBlock block() {
        List<ConfigOption<?>> options = new ArrayList<>(all());
        options.addAll(SourceFormatOptions.all());
        OptionsBlock.Builder b = OptionsBlock.builder("source", "source options (type: kafka)")
                .options(options)
                .passThrough(PROPERTIES_PREFIX, "Kafka consumer settings");
        for (ValueFormat f : ValueFormat.values()) {
            List<ConfigOption<?>> formatOptions = SourceFormatOptions.formatOptions(f);
            if (!formatOptions.isEmpty()) {
                b.group(new OptionsBlock.OptionGroup(f.optionPrefix(), formatOptions));
            }
        }
        return b.groupsInUse(source ->
                        Set.of(source.get(SourceFormatOptions.VALUE_FORMAT).optionPrefix()))
                .build();
    }

    /** {@code scan.startup.mode}. */
    public enum StartupMode {
        GROUP_OFFSETS("group-offsets"),
        EARLIEST_OFFSET("earliest-offset"),
        LATEST_OFFSET("latest-offset"),
        TIMESTAMP("timestamp"),
        SPECIFIC_OFFSETS("specific-offsets");

        private final String spelling;

        StartupMode(String spelling) {
            this.spelling = spelling;
        }

        @Override
        public String toString() {
            return spelling;
        }
    }
}

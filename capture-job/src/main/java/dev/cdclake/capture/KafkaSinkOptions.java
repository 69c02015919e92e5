package dev.cdclake.capture;

import dev.cdclake.capture.format.FormatOptions;
import dev.cdclake.capture.format.KeyFormat;
import dev.cdclake.events.config.OptionsBlock;
import dev.cdclake.events.wire.ValueFormat;
import dev.cdclake.events.wire.WireNames;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Options of capture-job's {@code sink} block ({@code type: kafka}), and the block's one declaration ({@link #BLOCK}).
 * Value and key format options live in {@link FormatOptions}, written under the format's prefix.
 */
public final class KafkaSinkOptions {
    private KafkaSinkOptions() {}

    public static final String PROPERTIES_PREFIX = "properties.";

    public static final ConfigOption<String> TYPE = ConfigOptions.key("type")
            .stringType()
            .defaultValue("kafka")
            .withDescription("Sink type; capture-job writes only to 'kafka'.");
    public static final ConfigOption<String> NAME = ConfigOptions.key("name")
            .stringType()
            .defaultValue("Kafka Sink")
            .withDescription("Name of the sink operator in the Flink UI.");
    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("properties.bootstrap.servers")
            .stringType()
            .noDefaultValue()
            .withDescription("Kafka brokers, host:port[,host:port] (required).");
    public static final ConfigOption<PartitionStrategy> PARTITION_STRATEGY = ConfigOptions.key("partition.strategy")
            .enumType(PartitionStrategy.class)
            .defaultValue(PartitionStrategy.ALL_TO_ZERO)
            .withDescription("all-to-zero: every record to partition 0, each table's changes and DDL markers through "
                    + "one Kafka writer (one sequence per table, at any sink.parallelism); hash-by-key: Kafka's "
                    + "murmur2 of the key bytes, so one primary key always lands in one partition, each partition "
                    + "through one writer, with a copy of each DDL marker in every partition.");
    public static final ConfigOption<String> TOPIC = ConfigOptions.key("topic")
            .stringType()
            .noDefaultValue()
            .withDescription("Write every table into this one topic (wins over the mapping).");
    public static final ConfigOption<String> TABLE_TO_TOPIC_MAPPING = ConfigOptions.key("sink.tableId-to-topic.mapping")
            .stringType()
            .noDefaultValue()
            .withDescription("selector:topic;selector:topic - first match wins; tables matching none go to a topic "
                    + "named database.table. The table identity inside messages never changes.");
    public static final ConfigOption<Boolean> ADD_TABLE_ID_HEADERS = ConfigOptions.key(
                    "sink.add-tableId-to-header-enabled")
            .booleanType()
            .defaultValue(false)
            .withDescription("Add headers namespace (empty), schemaName (database) and tableName to every record.");
    public static final ConfigOption<String> CUSTOM_HEADER = ConfigOptions.key("sink.custom-header")
            .stringType()
            .noDefaultValue()
            .withDescription("Static headers added to every record: key1:value1;key2:value2.");
    public static final ConfigOption<DeliveryGuarantee> DELIVERY_GUARANTEE = ConfigOptions.key(
                    "sink.delivery-guarantee")
            .enumType(DeliveryGuarantee.class)
            .defaultValue(DeliveryGuarantee.AT_LEAST_ONCE)
            .withDescription("at-least-once (flush on checkpoint), exactly-once (Kafka transactions committed on "
                    + "checkpoint; needs idempotence) or none.");
    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX = ConfigOptions.key("sink.transactional-id-prefix")
            .stringType()
            .noDefaultValue()
            .withDescription("Prefix of Kafka transactional ids for exactly-once. Default: derived from the job name, "
                    + "the MySQL server and the captured tables, so it is unique per pipeline.");
    public static final ConfigOption<Integer> TOPIC_PARTITIONS = ConfigOptions.key("sink.topic.partitions")
            .intType()
            .noDefaultValue()
            .withDescription("Partitions of topics cdclake creates (default: the broker's "
                    + "num.partitions). Existing topics are left as they are.");
    public static final ConfigOption<Integer> TOPIC_REPLICATION_FACTOR = ConfigOptions.key(
                    "sink.topic.replication-factor")
            .intType()
            .noDefaultValue()
            .withDescription("Replication factor of topics cdclake creates (default: the broker's).");
    public static final ConfigOption<Boolean> TOPIC_CREATE = ConfigOptions.key("sink.topic.create.enabled")
            .booleanType()
            .defaultValue(true)
            .withDescription("Create missing topics with an admin client before writing to them; when false, the "
                    + "broker's auto.create.topics.enable decides.");
    public static final ConfigOption<Boolean> HEARTBEAT = ConfigOptions.key("heartbeat.enabled")
            .booleanType()
            .defaultValue(true)
            .withDescription("Write a heartbeat record to every partition of every topic at each binlog heartbeat"
                    + " (source heartbeat.interval): no key, an empty value and a cdclake.heartbeat header holding"
                    + " the commit time of the last binlog event read, so that ingest-job knows how fresh idle tables"
                    + " are. Flink's debezium-json and canal-json formats skip empty values; turn this off when other"
                    + " consumers of the topics cannot skip them.");

    public static final ConfigOption<Boolean> SCHEMA_PUBLISH = ConfigOptions.key("schema.publish.enabled")
            .booleanType()
            .defaultValue(true)
            .withDescription("Publish the schema of every captured table version (MySQL column types with length, "
                    + "precision, scale, unsigned, nullability, primary key, comments) to schema.topic, acknowledged "
                    + "before the first record that uses it, and name it in each record's cdclake.schema header, so "
                    + "that ingest-job gives plain debezium-json, canal-json and json messages their exact column "
                    + "types. The message bodies are unchanged.");
    public static final ConfigOption<String> SCHEMA_TOPIC = ConfigOptions.key("schema.topic")
            .stringType()
            .defaultValue(WireNames.DEFAULT_SCHEMA_TOPIC)
            .withDescription("Compacted topic of the published schemas, one record per schema id; created (one "
                    + "partition, cleanup.policy=compact) when missing and sink.topic.create.enabled. Keep it as long "
                    + "as any topic may be replayed: a record whose schema is gone can only be read by inference.");
    public static final ConfigOption<Integer> PARALLELISM = ConfigOptions.key("sink.parallelism")
            .intType()
            .noDefaultValue()
            .withDescription("Parallelism of the Kafka writers (default: the pipeline's).");

    public static List<ConfigOption<?>> all() {
        return List.of(
                TYPE,
                NAME,
                BOOTSTRAP_SERVERS,
                PARTITION_STRATEGY,
                TOPIC,
                TABLE_TO_TOPIC_MAPPING,
                ADD_TABLE_ID_HEADERS,
                CUSTOM_HEADER,
                DELIVERY_GUARANTEE,
                TRANSACTIONAL_ID_PREFIX,
                TOPIC_PARTITIONS,
                TOPIC_REPLICATION_FACTOR,
                TOPIC_CREATE,
                HEARTBEAT,
                SCHEMA_PUBLISH,
                SCHEMA_TOPIC,
                PARALLELISM,
                FormatOptions.VALUE_FORMAT,
                FormatOptions.KEY_FORMAT);
    }

    /**
     * The {@code sink} block of capture-job: these options, the producer pass-through, and each value format's options
     * under its prefix; a format's options are accepted only while the sink uses it (the {@code json.} options also
     * configure a JSON key).
     */
    public static final OptionsBlock BLOCK = block();

    private static OptionsBlock block() {
        OptionsBlock.Builder b = OptionsBlock.builder("sink", "sink options (type: kafka)")
                .options(all())
                .passThrough(
                        PROPERTIES_PREFIX,
                        "Kafka producer settings (linger.ms=5, batch.size=262144, "
                                + "compression.type=lz4 and transaction.timeout.ms=900000 unless set)");
        for (ValueFormat f : ValueFormat.values()) {
            b.group(new OptionsBlock.OptionGroup(f.optionPrefix(), FormatOptions.valueFormatOptions(f)));
        }
        return b.groupsInUse(sink -> {
                    Set<String> inUse = new HashSet<>();
                    inUse.add(sink.get(FormatOptions.VALUE_FORMAT).optionPrefix());
                    if (sink.get(FormatOptions.KEY_FORMAT) == KeyFormat.JSON) {
                        inUse.add(ValueFormat.JSON.optionPrefix());
                    }
                    return inUse;
                })
                .build();
    }

    /** {@code partition.strategy}. */
    public enum PartitionStrategy {
        ALL_TO_ZERO("all-to-zero"),
        HASH_BY_KEY("hash-by-key");

        private final String spelling;

        PartitionStrategy(String spelling) {
            this.spelling = spelling;
        }

        @Override
        public String toString() {
            return spelling;
        }
    }
}

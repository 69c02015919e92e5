package dev.cdclake.ingest.format;

import dev.cdclake.events.wire.ValueFormat;
import dev.cdclake.events.wire.WireNames;
import dev.cdclake.ingest.schema.SchemaInferenceStrategy;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;
import java.util.List;

/** Options of the Kafka source block that decide how record values become change events. */
public final class SourceFormatOptions {
    private SourceFormatOptions() {}

    public static final ConfigOption<ValueFormat> VALUE_FORMAT = ConfigOptions.key("value.format")
            .enumType(ValueFormat.class)
            .defaultValue(ValueFormat.DEBEZIUM_JSON)
            .withDescription("Encoding of the record values: debezium-json, canal-json or json.");

    /** Option of debezium-json and canal-json, written with the format's prefix. */
    public static final ConfigOption<Boolean> DISTRIBUTED_TABLES = ConfigOptions.key("distributed-tables")
            .booleanType()
            .defaultValue(false)
            .withDescription("True when one topic carries several tables (each record is routed to the table"
                    + " it names: debezium-json's source.db/source.table, canal-json's database/table)."
                    + " False: each topic is one table, and a topic found carrying several tables fails the"
                    + " job.");

    /** Option of canal-json, written with its prefix. */
    public static final ConfigOption<Boolean> TINYINT1_AS_BOOLEAN = ConfigOptions.key(
                    "mysql.treat-tinyint1-as-boolean.enabled")
            .booleanType()
            .defaultValue(true)
            .withDescription("Whether a canal-json mysqlType tinyint(1) is BOOLEAN (as Flink CDC maps it)"
                    + " rather than TINYINT.");

    public static final ConfigOption<SchemaInferenceStrategy> SCHEMA_INFERENCE_STRATEGY = ConfigOptions.key(
                    "schema.inference.strategy")
            .enumType(SchemaInferenceStrategy.class)
            .defaultValue(SchemaInferenceStrategy.CONTINUOUS)
            .withDescription("How columns of fields without a declared type are derived: continuous or"
                    + " static. Declared types (schema envelope, mysqlType) always win.");

    public static final ConfigOption<Boolean> SCHEMA_INFERENCE_WIDEN_TO_STRING = ConfigOptions.key(
                    "schema.inference.widen-to-string.enabled")
            .booleanType()
            .defaultValue(false)
            .withDescription("Whether a column whose values stop fitting its type and share no numeric,"
                    + " temporal or binary widening with it (a number, then text) becomes STRING. Off by"
                    + " default: such a record is a bad record, because changing a typed column to STRING"
                    + " changes how every existing row reads.");

    public static final ConfigOption<Integer> SCHEMA_INFERENCE_STATIC_SAMPLE_RECORDS = ConfigOptions.key(
                    "schema.inference.static.sample-records")
            .intType()
            .defaultValue(10)
            .withDescription("With schema.inference.strategy static: how many records of each table define"
                    + " its schema before it is fixed.");

    public static final ConfigOption<String> TOPIC_DEFAULT_DATABASE = ConfigOptions.key("topic.default-database")
            .stringType()
            .noDefaultValue()
            .withDescription("Database of tables named by a topic without a dot (json format without table headers,"
                    + " or messages without database). A topic 'db.table' (or Debezium's 'prefix.db.table') names"
                    + " the database itself.");

    public static final ConfigOption<String> SCHEMA_TOPIC = ConfigOptions.key("schema.topic")
            .stringType()
            .defaultValue(WireNames.DEFAULT_SCHEMA_TOPIC)
            .withDescription("The topic capture-job publishes table schemas to (its sink's schema.topic). A record"
                    + " naming a schema in its cdclake.schema header gets that schema's exact column types, in every"
                    + " value format; records without the header are typed by inference.");

    public static final ConfigOption<Boolean> SCHEMA_FALLBACK_TO_INFERENCE = ConfigOptions.key(
                    "schema.fallback-to-inference.enabled")
            .booleanType()
            .defaultValue(false)
            .withDescription("When a record names a schema the schema topic does not hold (the topic was deleted or"
                    + " cannot be read), infer its column types from its values instead of treating it as a bad"
                    + " record.");

    public static final ConfigOption<Duration> SCHEMA_WAIT_TIMEOUT = ConfigOptions.key("schema.wait.timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withDescription("How long a record naming a schema not yet read waits for it to appear in the schema"
                    + " topic before it is a bad record (capture-job writes a schema before any record naming it).");

    /** The options of one value format, without its prefix. */
    public static List<ConfigOption<?>> formatOptions(ValueFormat format) {
        switch (format) {
            case DEBEZIUM_JSON:
                return List.of(DISTRIBUTED_TABLES);
            case CANAL_JSON:
                return List.of(DISTRIBUTED_TABLES, TINYINT1_AS_BOOLEAN);
            default:
                return List.of();
        }
    }

    /** Every option of this class but the per-format ones, for the source block. */
    public static List<ConfigOption<?>> all() {
        return List.of(
                VALUE_FORMAT,
                SCHEMA_INFERENCE_STRATEGY,
                SCHEMA_INFERENCE_WIDEN_TO_STRING,
                SCHEMA_INFERENCE_STATIC_SAMPLE_RECORDS,
                SCHEMA_TOPIC,
                SCHEMA_FALLBACK_TO_INFERENCE,
                SCHEMA_WAIT_TIMEOUT,
                TOPIC_DEFAULT_DATABASE);
    }
}

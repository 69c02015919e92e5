package dev.cdclake.ingest.format;

import dev.cdclake.ingest.schema.SchemaInferenceStrategy;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.util.List;

/** Options of the Kafka source block that decide how record values become change events. */
public final class SourceFormatOptions {
    private SourceFormatOptions() {}

    public static final ConfigOption<SourceValueFormat> VALUE_FORMAT = ConfigOptions.key("value.format")
            .enumType(SourceValueFormat.class)
            .defaultValue(SourceValueFormat.DEBEZIUM_JSON)
            .withDescription("Encoding of the record values: debezium-json, canal-json or json.");

    public static final ConfigOption<Boolean> DEBEZIUM_JSON_DISTRIBUTED_TABLES =
            ConfigOptions.key("debezium-json.distributed-tables")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("True when one topic carries several tables (each record is routed to the table"
                            + " its source.db/source.table name). False: each topic is one table, and a topic found"
                            + " carrying several tables fails the job.");

    public static final ConfigOption<Boolean> CANAL_JSON_DISTRIBUTED_TABLES =
            ConfigOptions.key("canal-json.distributed-tables")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("As debezium-json.distributed-tables, for canal-json (database/table fields).");

    public static final ConfigOption<Boolean> CANAL_JSON_TINYINT1_AS_BOOLEAN =
            ConfigOptions.key("canal-json.mysql.treat-tinyint1-as-boolean.enabled")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription("Whether a canal-json mysqlType tinyint(1) is BOOLEAN (as Flink CDC maps it)"
                            + " rather than TINYINT.");

    public static final ConfigOption<SchemaInferenceStrategy> SCHEMA_INFERENCE_STRATEGY =
            ConfigOptions.key("schema.inference.strategy")
                    .enumType(SchemaInferenceStrategy.class)
                    .defaultValue(SchemaInferenceStrategy.CONTINUOUS)
                    .withDescription("How columns of fields without a declared type are derived: continuous or"
                            + " static. Declared types (schema envelope, mysqlType) always win.");

    public static final ConfigOption<Boolean> SCHEMA_INFERENCE_WIDEN_TO_STRING =
            ConfigOptions.key("schema.inference.widen-to-string.enabled")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Whether a column whose values stop fitting its type and share no numeric,"
                            + " temporal or binary widening with it (a number, then text) becomes STRING. Off by"
                            + " default: such a record is a bad record, because changing a typed column to STRING"
                            + " changes how every existing row reads.");

    public static final ConfigOption<Integer> SCHEMA_INFERENCE_STATIC_SAMPLE_RECORDS =
            ConfigOptions.key("schema.inference.static.sample-records")
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

    /** Every option of this class, for validating the source block. */
    public static List<ConfigOption<?>> all() {
        return List.of(
                VALUE_FORMAT,
                DEBEZIUM_JSON_DISTRIBUTED_TABLES,
                CANAL_JSON_DISTRIBUTED_TABLES,
                CANAL_JSON_TINYINT1_AS_BOOLEAN,
                SCHEMA_INFERENCE_STRATEGY,
                SCHEMA_INFERENCE_WIDEN_TO_STRING,
                SCHEMA_INFERENCE_STATIC_SAMPLE_RECORDS,
                TOPIC_DEFAULT_DATABASE);
    }
}

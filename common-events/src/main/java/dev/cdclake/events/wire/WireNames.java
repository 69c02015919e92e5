package dev.cdclake.events.wire;

/**
 * Names that capture-job writes into Kafka and ingest-job reads back: header names, schema parameters and topic
 * defaults. They are part of the message formats: changing one breaks every topic written before.
 */
public final class WireNames {
    private WireNames() {}

    /** Parameter of Debezium's {@code column.propagate.source.type}: the MySQL type name with its modifiers. */
    public static final String SOURCE_COLUMN_TYPE = "__debezium.source.column.type";
    /** Parameter of Debezium's {@code column.propagate.source.type}: length or precision. */
    public static final String SOURCE_COLUMN_LENGTH = "__debezium.source.column.length";
    /** Parameter of Debezium's {@code column.propagate.source.type}: scale. */
    public static final String SOURCE_COLUMN_SCALE = "__debezium.source.column.scale";
    /** Parameter Debezium 1.9's DDL parser fills with the column comment ({@code include.schema.comments}). */
    public static final String SOURCE_COLUMN_COMMENT = "__debezium.source.column.comment";
    /** Parameter of a Connect row struct naming its primary-key columns, comma-separated (capture-job's envelope). */
    public static final String PRIMARY_KEY_PARAMETER = "primary.key";

    /** Header naming the table's database, as Flink CDC's {@code sink.add-tableId-to-header-enabled} writes it. */
    public static final String SCHEMA_NAME_HEADER = "schemaName";
    /** Header naming the table, as Flink CDC's {@code sink.add-tableId-to-header-enabled} writes it. */
    public static final String TABLE_NAME_HEADER = "tableName";
    /** Header naming the namespace (empty for MySQL), as Flink CDC's {@code sink.add-tableId-to-header-enabled}. */
    public static final String NAMESPACE_HEADER = "namespace";

    /** Header naming, by its id, the published schema a record was written with ({@code PublishedSchema#id()}). */
    public static final String SCHEMA_ID_HEADER = "cdclake.schema";
    /**
     * Header that makes a record a heartbeat, not a change: its value is {@code <watermark> <writer>/<writers>}, ASCII
     * (for example {@code 1733490000000 0/2}): Kafka writer {@code writer} of {@code writers} has written to this
     * partition every change committed at or before {@code watermark} (epoch milliseconds). A heartbeat has no key and
     * an empty (not null) value, so it is never a tombstone.
     */
    public static final String HEARTBEAT_HEADER = "cdclake.heartbeat";

    /**
     * Header that makes a record a DDL marker, not a change: its value is the statement's JSON document
     * ({@code SourceDdl#document()}). Like a heartbeat, a marker has no key and an empty (not null) value.
     */
    public static final String DDL_HEADER = "cdclake.ddl";

    /** The compacted topic capture-job publishes table schemas to, and ingest-job reads them from, by default. */
    public static final String DEFAULT_SCHEMA_TOPIC = "_cdclake_schemas";
}

package dev.cdclake.events;

import javax.annotation.Nullable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One row change of one table: the operation, the row images before and after it (values in {@link TableSchema}
 * column order, typed as {@link DataKind#javaClass()}), the commit time and the schema the row was read with.
 *
 * <p>READ and INSERT carry only {@code after}, DELETE only {@code before}, UPDATE both. Instances are not copied on the
 * per-record path: treat the row arrays as read-only once the event is built.
 *
 * <p>Two events are no row change. A {@link #heartbeat} carries only a time, and optionally the channel and table it
 * reports on; its table and schema are null. Every operator that takes events handles it first. A
 * {@link #schemaChange} carries a DDL statement of its table ({@link SourceDdl}) and no schema or rows.
 */
public final class ChangeEvent {
    private final Op op;
    private final TableId tableId;
    private final TableSchema schema;

    /**
     * The channel a heartbeat reports on, or where a change or schema change was read ({@link #withChannel}); null
     * when unknown.
     */
    @Nullable
    private final String channel;

    /** The statement of a schema change; null for every other event. */
    @Nullable
    private final SourceDdl ddl;

    @Nullable
    private final Object[] before;

    @Nullable
    private final Object[] after;

    private final long opTs;

    public ChangeEvent(
            Op op,
            TableId tableId,
            TableSchema schema,
            @Nullable Object[] before,
            @Nullable Object[] after,
            long opTs) {
        this(op, tableId, schema, before, after, opTs, null);
    }

    private ChangeEvent(
            Op op,
            TableId tableId,
            TableSchema schema,
            @Nullable Object[] before,
            @Nullable Object[] after,
            long opTs,
            @Nullable String channel) {
        this.op = Objects.requireNonNull(op, "op");
        this.tableId = Objects.requireNonNull(tableId, "tableId");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.channel = channel;
        this.ddl = null;
        this.before = before;
        this.after = after;
        this.opTs = opTs;
        if (op == Op.HEARTBEAT || op == Op.SCHEMA_CHANGE) {
            throw new IllegalArgumentException(
                    op + " is no row change: build it with ChangeEvent.heartbeat or ChangeEvent.schemaChange");
        }
        if ((op == Op.DELETE || op == Op.UPDATE) && before == null) {
            throw new IllegalArgumentException(op + " of " + tableId + " needs a before image");
        }
        if (op != Op.DELETE && after == null) {
            throw new IllegalArgumentException(op + " of " + tableId + " needs an after image");
        }
    }

    private ChangeEvent(long watermark, @Nullable String channel, @Nullable TableId tableId) {
        this.op = Op.HEARTBEAT;
        this.tableId = tableId;
        this.schema = null;
        this.channel = channel;
        this.ddl = null;
        this.before = null;
        this.after = null;
        this.opTs = watermark;
    }

    private ChangeEvent(SourceDdl ddl, long opTs, @Nullable String channel) {
        this.op = Op.SCHEMA_CHANGE;
        this.tableId = ddl.table();
        this.schema = null;
        this.channel = channel;
        this.ddl = ddl;
        this.before = null;
        this.after = null;
        this.opTs = opTs;
    }

    /** A DDL statement that changed its table, committed at {@code opTs} (epoch milliseconds). */
    public static ChangeEvent schemaChange(SourceDdl ddl, long opTs) {
        return new ChangeEvent(Objects.requireNonNull(ddl, "ddl"), opTs, null);
    }

    /**
     * A progress marker: every change of {@code channel} committed at or before {@code watermark} (epoch milliseconds)
     * has been read.
     *
     * @param channel where the changes come from, e.g. a Kafka topic partition; null for the binlog as a whole
     * @param tableId a table whose changes the channel carries, or null
     */
    public static ChangeEvent heartbeat(long watermark, @Nullable String channel, @Nullable TableId tableId) {
        return new ChangeEvent(watermark, channel, tableId);
    }

    /** The same change or heartbeat, of another table: a route sends a source table's changes to its sink table. */
    public ChangeEvent withTable(TableId table) {
        if (isHeartbeat()) {
            return heartbeat(opTs, channel, table);
        }
        return ddl != null
                ? new ChangeEvent(ddl.withTable(table), opTs, channel)
                : new ChangeEvent(op, table, schema, before, after, opTs, channel);
    }

    /**
     * The same change or schema change, read from {@code channel} (a Kafka topic partition, {@code topic-partition}):
     * the Paimon sink orders each channel's changes after the DDL markers that channel carried. It stays with the
     * event in the process that read it; {@code ChangeEventCodec} writes it for heartbeats only.
     */
    public ChangeEvent withChannel(@Nullable String channel) {
        if (isHeartbeat()) {
            return heartbeat(opTs, channel, tableId);
        }
        return ddl != null
                ? new ChangeEvent(ddl, opTs, channel)
                : new ChangeEvent(op, tableId, schema, before, after, opTs, channel);
    }

    public boolean isHeartbeat() {
        return op == Op.HEARTBEAT;
    }

    /** The statement of a {@link #schemaChange}; null for every other event. */
    @Nullable
    public SourceDdl ddl() {
        return ddl;
    }

    /** The channel a heartbeat reports on, or where a change was read ({@link #withChannel}); null when unknown. */
    @Nullable
    public String channel() {
        return channel;
    }

    public static ChangeEvent read(TableId id, TableSchema schema, Object[] after, long opTs) {
        return new ChangeEvent(Op.READ, id, schema, null, after, opTs);
    }

    public static ChangeEvent insert(TableId id, TableSchema schema, Object[] after, long opTs) {
        return new ChangeEvent(Op.INSERT, id, schema, null, after, opTs);
    }

    public static ChangeEvent update(TableId id, TableSchema schema, Object[] before, Object[] after, long opTs) {
        return new ChangeEvent(Op.UPDATE, id, schema, before, after, opTs);
    }

    public static ChangeEvent delete(TableId id, TableSchema schema, Object[] before, long opTs) {
        return new ChangeEvent(Op.DELETE, id, schema, before, null, opTs);
    }

    public Op op() {
        return op;
    }

    /** The table of a row change; for a heartbeat the table it reports on, or null. */
    public TableId tableId() {
        return tableId;
    }

    /** The schema of a row change; null for a heartbeat and a schema change. */
    public TableSchema schema() {
        return schema;
    }

    @Nullable
    public Object[] before() {
        return before;
    }

    @Nullable
    public Object[] after() {
        return after;
    }

    /** The row image that identifies the row: {@code after}, or {@code before} for a delete. */
    public Object[] keyImage() {
        return after != null ? after : before;
    }

    /**
     * Commit time of the change in epoch milliseconds; for snapshot rows the time the row was read; for a heartbeat its
     * watermark.
     */
    public long opTs() {
        return opTs;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ChangeEvent)) {
            return false;
        }
        ChangeEvent e = (ChangeEvent) o;
        return op == e.op
                && opTs == e.opTs
                && Objects.equals(tableId, e.tableId)
                && Objects.equals(schema, e.schema)
                && Objects.equals(channel, e.channel)
                && Objects.equals(ddl, e.ddl)
                && Arrays.deepEquals(before, e.before)
                && Arrays.deepEquals(after, e.after);
    }

    @Override
    public int hashCode() {
        return Objects.hash(op, tableId, channel, opTs, Arrays.deepHashCode(before), Arrays.deepHashCode(after));
    }

    @Override
    public String toString() {
        if (isHeartbeat()) {
            return "ChangeEvent{HEARTBEAT " + opTs + " channel=" + channel + " table=" + tableId + "}";
        }
        if (ddl != null) {
            return "ChangeEvent{SCHEMA_CHANGE " + ddl + " opTs=" + opTs + "}";
        }
        return "ChangeEvent{" + op + " " + tableId + " before=" + Arrays.deepToString(before) + " after="
                + Arrays.deepToString(after) + " opTs=" + opTs + "}";
    }
}

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
 */
public final class ChangeEvent {
    private final Op op;
    private final TableId tableId;
    private final TableSchema schema;

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
        this.op = Objects.requireNonNull(op, "op");
        this.tableId = Objects.requireNonNull(tableId, "tableId");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.before = before;
        this.after = after;
        this.opTs = opTs;
        if ((op == Op.DELETE || op == Op.UPDATE) && before == null) {
            throw new IllegalArgumentException(op + " of " + tableId + " needs a before image");
        }
        if (op != Op.DELETE && after == null) {
            throw new IllegalArgumentException(op + " of " + tableId + " needs an after image");
        }
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

    public TableId tableId() {
        return tableId;
    }

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

    /** Commit time of the change in epoch milliseconds; for snapshot rows the time the row was read. */
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
                && tableId.equals(e.tableId)
                && schema.equals(e.schema)
                && Arrays.deepEquals(before, e.before)
                && Arrays.deepEquals(after, e.after);
    }

    @Override
    public int hashCode() {
        return Objects.hash(op, tableId, opTs, Arrays.deepHashCode(before), Arrays.deepHashCode(after));
    }

    @Override
    public String toString() {
        return "ChangeEvent{" + op + " " + tableId + " before=" + Arrays.deepToString(before) + " after="
                + Arrays.deepToString(after) + " opTs=" + opTs + "}";
    }
}

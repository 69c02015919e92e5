package dev.cdclake.ingest.transform;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.Op;
import dev.cdclake.events.TableId;

import javax.annotation.Nullable;
import java.time.Instant;

/**
 * A value a projection can add that is not a field of the message, with Flink CDC's names: the source table's
 * identity (the same in every row of a table) and the change's kind and commit time (per change). For a MySQL table
 * Flink CDC's schema name is the database; there is no namespace.
 */
public enum MetadataColumn {
    SCHEMA_NAME("__schema_name__", ColumnType.of(DataKind.STRING)) {
        @Override
        public Object valueOf(TableId source, Op op, boolean beforeImage, long opTs) {
            return source.database();
        }
    },
    TABLE_NAME("__table_name__", ColumnType.of(DataKind.STRING)) {
        @Override
        public Object valueOf(TableId source, Op op, boolean beforeImage, long opTs) {
            return source.table();
        }
    },
    /** {@code +I} (snapshot row or insert), {@code -U}/{@code +U} (an update's before/after image), {@code -D}. */
    DATA_EVENT_TYPE("__data_event_type__", ColumnType.of(DataKind.STRING)) {
        @Override
        public Object valueOf(TableId source, Op op, boolean beforeImage, long opTs) {
            switch (op) {
                case READ:
                case INSERT:
                    return "+I";
                case UPDATE:
                    return beforeImage ? "-U" : "+U";
                default:
                    return "-D";
            }
        }
    },
    /** The change's commit time in MySQL (the snapshot's read time for snapshot rows). */
    OP_TS("op_ts", ColumnType.of(DataKind.TIMESTAMP_LTZ, 3)) {
        @Override
        public Object valueOf(TableId source, Op op, boolean beforeImage, long opTs) {
            return Instant.ofEpochMilli(opTs);
        }
    };

    private final String name;
    private final ColumnType type;

    MetadataColumn(String name, ColumnType type) {
        this.name = name;
        this.type = type;
    }

    /** The name a projection writes, e.g. {@code __table_name__}. */
    public String metadataName() {
        return name;
    }

    public ColumnType type() {
        return type;
    }

    /** Whether the value differs between the changes of one table. */
    public boolean perChange() {
        return this == DATA_EVENT_TYPE || this == OP_TS;
    }

    /** The column's value in one row image of one change. */
    public abstract Object valueOf(TableId source, Op op, boolean beforeImage, long opTs);

    /** The metadata column of a projection item's name, or null when the name is a field. */
    @Nullable
    static MetadataColumn of(String name) {
        for (MetadataColumn m : values()) {
            if (m.name.equals(name)) {
                return m;
            }
        }
        return null;
    }
}

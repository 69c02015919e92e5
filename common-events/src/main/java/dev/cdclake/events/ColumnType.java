package dev.cdclake.events;

import java.io.Serializable;
import java.util.Objects;

/**
 * A column's logical type: a {@link DataKind} with its precision (DECIMAL precision, TIME/TIMESTAMP fractional digits,
 * CHAR/BINARY length) and scale (DECIMAL only). Immutable.
 */
public final class ColumnType implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Length of an unbounded string or byte type. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    private final DataKind kind;
    private final int precision;
    private final int scale;

    private ColumnType(DataKind kind, int precision, int scale) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.precision = precision;
        this.scale = scale;
    }

    public static ColumnType of(DataKind kind) {
        switch (kind) {
            case DECIMAL:
                return decimal(38, 18);
            case TIME:
                return new ColumnType(kind, 0, 0);
            case TIMESTAMP:
            case TIMESTAMP_LTZ:
                return new ColumnType(kind, 6, 0);
            case CHAR:
            case BINARY:
                return new ColumnType(kind, 1, 0);
            case VARCHAR:
            case STRING:
            case VARBINARY:
            case BYTES:
                return new ColumnType(kind, UNBOUNDED, 0);
            default:
                return new ColumnType(kind, 0, 0);
        }
    }

    public static ColumnType of(DataKind kind, int precision) {
        return new ColumnType(kind, precision, 0);
    }

    public static ColumnType decimal(int precision, int scale) {
        return new ColumnType(DataKind.DECIMAL, precision, scale);
    }

    public DataKind kind() {
        return kind;
    }

    /** DECIMAL precision, fractional-second digits of TIME/TIMESTAMP, or length of CHAR/VARCHAR/BINARY/VARBINARY. */
    public int precision() {
        return precision;
    }

    /** DECIMAL scale; 0 otherwise. */
    public int scale() {
        return scale;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ColumnType)) {
            return false;
        }
        ColumnType that = (ColumnType) o;
        return kind == that.kind && precision == that.precision && scale == that.scale;
    }

    @Override
    public int hashCode() {
        return (kind.hashCode() * 31 + precision) * 31 + scale;
    }

    /** SQL spelling, for example {@code DECIMAL(10, 2)}, {@code TIMESTAMP(6)}, {@code STRING}. */
    @Override
    public String toString() {
        switch (kind) {
            case DECIMAL:
                return "DECIMAL(" + precision + ", " + scale + ")";
            case TIME:
            case TIMESTAMP:
                return kind + "(" + precision + ")";
            case TIMESTAMP_LTZ:
                return "TIMESTAMP(" + precision + ") WITH LOCAL TIME ZONE";
            case CHAR:
            case VARCHAR:
            case BINARY:
            case VARBINARY:
                return precision == UNBOUNDED ? kind.toString() : kind + "(" + precision + ")";
            default:
                return kind.toString();
        }
    }
}

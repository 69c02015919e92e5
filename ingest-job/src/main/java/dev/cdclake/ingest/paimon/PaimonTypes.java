package dev.cdclake.ingest.paimon;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import org.apache.paimon.data.BinaryString;
import org.apache.paimon.data.Decimal;
import org.apache.paimon.data.Timestamp;
import org.apache.paimon.types.BinaryType;
import org.apache.paimon.types.CharType;
import org.apache.paimon.types.DataType;
import org.apache.paimon.types.DataTypeRoot;
import org.apache.paimon.types.DataTypes;
import org.apache.paimon.types.DecimalType;
import org.apache.paimon.types.LocalZonedTimestampType;
import org.apache.paimon.types.TimeType;
import org.apache.paimon.types.TimestampType;
import org.apache.paimon.types.VarBinaryType;
import org.apache.paimon.types.VarCharType;

import javax.annotation.Nullable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Base64;

/**
 * Mapping of the change-event model's {@link ColumnType}s onto Paimon {@link DataType}s, the lattice inside which a
 * Paimon column may be widened, and the value converters from event values to Paimon's internal representation.
 *
 * <p>The lattice only contains changes after which every value the old type could hold is still exactly (or, for
 * integer to DOUBLE, as the brief allows, nearly) representable: TINYINT &lt; SMALLINT &lt; INT &lt; BIGINT &lt;
 * DECIMAL wide enough, FLOAT &lt; DOUBLE, integer &lt; DOUBLE, DECIMAL precision/scale growth, CHAR/VARCHAR/BINARY
 * length growth, TIME/TIMESTAMP precision growth, and any type &lt; STRING.
 */
public final class PaimonTypes {

    /** Largest DECIMAL precision Paimon supports; wider MySQL decimals are stored as STRING. */
    public static final int MAX_DECIMAL_PRECISION = DecimalType.MAX_PRECISION;

    private PaimonTypes() {}

    /** Converts one value of the event model to Paimon's internal representation of the column type. */
    @FunctionalInterface
    public interface ValueConverter {
        Object convert(Object value);
    }

    /** The Paimon type of a column of the event model; nullable. */
    public static DataType toDataType(ColumnType type) {
        int p = type.precision();
        switch (type.kind()) {
            case BOOLEAN:
                return DataTypes.BOOLEAN();
            case TINYINT:
                return DataTypes.TINYINT();
            case SMALLINT:
                return DataTypes.SMALLINT();
            case INT:
                return DataTypes.INT();
            case BIGINT:
                return DataTypes.BIGINT();
            case DECIMAL:
                return p >= 1 && p <= MAX_DECIMAL_PRECISION && type.scale() >= 0 && type.scale() <= p
                        ? DataTypes.DECIMAL(p, type.scale())
                        : DataTypes.STRING();
            case FLOAT:
                return DataTypes.FLOAT();
            case DOUBLE:
                return DataTypes.DOUBLE();
            case DATE:
                return DataTypes.DATE();
            case TIME:
                return DataTypes.TIME(clampFraction(p, TimeType.MAX_PRECISION));
            case TIMESTAMP:
                return DataTypes.TIMESTAMP(clampFraction(p, TimestampType.MAX_PRECISION));
            case TIMESTAMP_LTZ:
                return DataTypes.TIMESTAMP_WITH_LOCAL_TIME_ZONE(clampFraction(p, LocalZonedTimestampType.MAX_PRECISION));
            case CHAR:
                return p >= CharType.MIN_LENGTH && p < ColumnType.UNBOUNDED ? DataTypes.CHAR(p) : DataTypes.STRING();
            case VARCHAR:
                return p >= VarCharType.MIN_LENGTH && p < ColumnType.UNBOUNDED ? DataTypes.VARCHAR(p) : DataTypes.STRING();
            case STRING:
                return DataTypes.STRING();
            case BINARY:
                return p >= BinaryType.MIN_LENGTH && p < ColumnType.UNBOUNDED ? DataTypes.BINARY(p) : DataTypes.BYTES();
            case VARBINARY:
                return p >= VarBinaryType.MIN_LENGTH && p < ColumnType.UNBOUNDED
                        ? DataTypes.VARBINARY(p)
                        : DataTypes.BYTES();
            case BYTES:
                return DataTypes.BYTES();
            default:
                throw new IllegalArgumentException("Unhandled column kind " + type.kind());
        }
    }

    private static int clampFraction(int precision, int max) {
        return Math.max(0, Math.min(precision, max));
    }

    /**
     * The narrowest type that holds every value of {@code current} and of {@code incoming} within the safe lattice, with
     * the nullability of {@code current}; {@code current} itself when {@code incoming} already fits; null when no type
     * of the lattice holds both (the caller reports that as an error).
     */
    @Nullable
    public static DataType widen(DataType current, DataType incoming) {
        if (current.equalsIgnoreNullable(incoming) || isUnboundedString(current)) {
            return current;
        }
        DataType wider = widenIgnoringNullability(current, incoming);
        return wider == null ? null : wider.copy(current.isNullable());
    }

    /** Whether every value of {@code incoming} fits a column of type {@code current} as it is. */
    public static boolean fits(DataType current, DataType incoming) {
        DataType wider = widen(current, incoming);
        return wider != null && wider.equalsIgnoreNullable(current);
    }

    @Nullable
    private static DataType widenIgnoringNullability(DataType c, DataType i) {
        DataTypeRoot cr = c.getTypeRoot();
        DataTypeRoot ir = i.getTypeRoot();
        if (isCharacter(cr) || isCharacter(ir)) {
            if (isCharacter(cr) && isCharacter(ir)) {
                int length = Math.max(length(c), length(i));
                return cr == DataTypeRoot.CHAR && ir == DataTypeRoot.CHAR
                        ? DataTypes.CHAR(length)
                        : DataTypes.VARCHAR(length);
            }
            return DataTypes.STRING();
        }
        if (isInteger(cr) && isInteger(ir)) {
            return integerRank(cr) >= integerRank(ir) ? c : i;
        }
        if ((cr == DataTypeRoot.DECIMAL || isInteger(cr)) && (ir == DataTypeRoot.DECIMAL || isInteger(ir))) {
            int scale = Math.max(scale(c), scale(i));
            int integerDigits = Math.max(integerDigits(c), integerDigits(i));
            int precision = integerDigits + scale;
            return precision <= MAX_DECIMAL_PRECISION ? DataTypes.DECIMAL(precision, scale) : null;
        }
        if (isApproximate(cr) || isApproximate(ir)) {
            boolean bothFloat = cr == DataTypeRoot.FLOAT && ir == DataTypeRoot.FLOAT;
            boolean numeric = (isApproximate(cr) || isInteger(cr)) && (isApproximate(ir) || isInteger(ir));
            return bothFloat ? c : numeric ? DataTypes.DOUBLE() : null;
        }
        if (isBinary(cr) && isBinary(ir)) {
            int length = Math.max(length(c), length(i));
            return cr == DataTypeRoot.BINARY && ir == DataTypeRoot.BINARY
                    ? DataTypes.BINARY(length)
                    : DataTypes.VARBINARY(length);
        }
        if (cr == ir) {
            switch (cr) {
                case TIME_WITHOUT_TIME_ZONE:
                    return DataTypes.TIME(Math.max(((TimeType) c).getPrecision(), ((TimeType) i).getPrecision()));
                case TIMESTAMP_WITHOUT_TIME_ZONE:
                    return DataTypes.TIMESTAMP(
                            Math.max(((TimestampType) c).getPrecision(), ((TimestampType) i).getPrecision()));
                case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                    return DataTypes.TIMESTAMP_WITH_LOCAL_TIME_ZONE(Math.max(
                            ((LocalZonedTimestampType) c).getPrecision(),
                            ((LocalZonedTimestampType) i).getPrecision()));
                default:
                    return null;
            }
        }
        return null;
    }

    /**
     * The converter of values of {@code from} into a column of type {@code to}; chosen once per schema pair, never per
     * record. {@code to} must hold {@code from} ({@link #fits}).
     */
    public static ValueConverter converter(ColumnType from, DataType to) {
        DataKind kind = from.kind();
        switch (to.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                return kind.isString() ? v -> BinaryString.fromString((String) v) : v -> BinaryString.fromString(render(v));
            case BOOLEAN:
            case TINYINT:
            case FLOAT:
            case BINARY:
            case VARBINARY:
                return v -> v;
            case SMALLINT:
                return kind == DataKind.SMALLINT ? v -> v : v -> ((Number) v).shortValue();
            case INTEGER:
                return kind == DataKind.INT ? v -> v : v -> ((Number) v).intValue();
            case BIGINT:
                return kind == DataKind.BIGINT ? v -> v : v -> ((Number) v).longValue();
            case DOUBLE:
                return kind == DataKind.DOUBLE ? v -> v : v -> ((Number) v).doubleValue();
            case DECIMAL: {
                int precision = ((DecimalType) to).getPrecision();
                int scale = ((DecimalType) to).getScale();
                return kind == DataKind.DECIMAL
                        ? v -> toDecimal((BigDecimal) v, precision, scale)
                        : v -> toDecimal(BigDecimal.valueOf(((Number) v).longValue()), precision, scale);
            }
            case DATE:
                return v -> (int) ((LocalDate) v).toEpochDay();
            case TIME_WITHOUT_TIME_ZONE:
                return v -> (int) (((LocalTime) v).toNanoOfDay() / 1_000_000L);
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return v -> Timestamp.fromLocalDateTime((LocalDateTime) v);
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return v -> toTimestamp((Instant) v);
            default:
                throw new IllegalArgumentException("No converter from " + from + " to Paimon type " + to);
        }
    }

    /** Paimon keeps an instant as epoch milliseconds plus the nanoseconds within the millisecond. */
    private static Timestamp toTimestamp(Instant instant) {
        int nanos = instant.getNano();
        return Timestamp.fromEpochMillis(instant.getEpochSecond() * 1000L + nanos / 1_000_000, nanos % 1_000_000);
    }

    private static Decimal toDecimal(BigDecimal value, int precision, int scale) {
        BigDecimal scaled;
        try {
            scaled = value.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "value " + value.toPlainString() + " has more than " + scale + " fractional digits", e);
        }
        Decimal decimal = Decimal.fromBigDecimal(scaled, precision, scale);
        if (decimal == null) {
            throw new IllegalArgumentException(
                    "value " + value.toPlainString() + " does not fit DECIMAL(" + precision + ", " + scale + ")");
        }
        return decimal;
    }

    /** Text of a non-string value stored in a STRING column: ISO-8601 for temporals, base64 for bytes. */
    private static String render(Object v) {
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).toPlainString();
        }
        if (v instanceof byte[]) {
            return Base64.getEncoder().encodeToString((byte[]) v);
        }
        return v.toString();
    }

    private static boolean isUnboundedString(DataType t) {
        return t.getTypeRoot() == DataTypeRoot.VARCHAR && ((VarCharType) t).getLength() == VarCharType.MAX_LENGTH;
    }

    private static boolean isCharacter(DataTypeRoot r) {
        return r == DataTypeRoot.CHAR || r == DataTypeRoot.VARCHAR;
    }

    private static boolean isBinary(DataTypeRoot r) {
        return r == DataTypeRoot.BINARY || r == DataTypeRoot.VARBINARY;
    }

    private static boolean isApproximate(DataTypeRoot r) {
        return r == DataTypeRoot.FLOAT || r == DataTypeRoot.DOUBLE;
    }

    private static boolean isInteger(DataTypeRoot r) {
        return integerRank(r) >= 0;
    }

    private static int integerRank(DataTypeRoot r) {
        switch (r) {
            case TINYINT:
                return 0;
            case SMALLINT:
                return 1;
            case INTEGER:
                return 2;
            case BIGINT:
                return 3;
            default:
                return -1;
        }
    }

    /** Decimal digits left of the point that a value of the type may need. */
    private static int integerDigits(DataType t) {
        switch (t.getTypeRoot()) {
            case TINYINT:
                return 3;
            case SMALLINT:
                return 5;
            case INTEGER:
                return 10;
            case BIGINT:
                return 19;
            default:
                DecimalType d = (DecimalType) t;
                return d.getPrecision() - d.getScale();
        }
    }

    private static int scale(DataType t) {
        return t.getTypeRoot() == DataTypeRoot.DECIMAL ? ((DecimalType) t).getScale() : 0;
    }

    private static int length(DataType t) {
        switch (t.getTypeRoot()) {
            case CHAR:
                return ((CharType) t).getLength();
            case VARCHAR:
                return ((VarCharType) t).getLength();
            case BINARY:
                return ((BinaryType) t).getLength();
            default:
                return ((VarBinaryType) t).getLength();
        }
    }
}

package dev.cdclake.ingest.paimon;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.config.SchemaChangeBehavior;
import dev.cdclake.events.types.MySqlTime;
import dev.cdclake.events.types.TypeLattice;
import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;
import org.apache.flink.configuration.description.TextElement;
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
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Base64;

/**
 * Mapping of the change-event model's {@link ColumnType}s onto Paimon {@link DataType}s, the Paimon type a column must
 * have to take the values of an event column ({@link #holding}, which widens within the one {@link TypeLattice}), and
 * the value converters from event values to Paimon's internal representation.
 *
 * <p>Every kind maps to the Paimon type of the same name, with two exceptions that keep every value exact: DECIMAL
 * beyond 38 digits never reaches here (MySQL's wider decimals are STRING in the event model), and TIME, a MySQL
 * duration from -838:59:59 to 838:59:59, becomes BIGINT microseconds ({@link TimeMapping#BIGINT_MICROS}, as Debezium
 * keeps it) unless {@code type-mapping.time: time} asks for Paimon's TIME, a time of day in milliseconds: then a value
 * outside 00:00:00 to 23:59:59.999 or with sub-millisecond digits is a bad record. An existing table's TIME column
 * (created by an earlier release) keeps its type and takes values under the same rule.
 */
public final class PaimonTypes implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Largest DECIMAL precision Paimon supports. */
    public static final int MAX_DECIMAL_PRECISION = DecimalType.MAX_PRECISION;

    /** The mapping of the defaults: TIME as BIGINT microseconds, no widening to STRING. */
    public static final PaimonTypes DEFAULT =
            new PaimonTypes(TimeMapping.BIGINT_MICROS, false, SchemaChangeBehavior.LENIENT);

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private final TimeMapping timeMapping;
    private final boolean widenToString;
    private final SchemaChangeBehavior schemaChanges;

    /**
     * @param widenToString whether a column whose type and an event's have no other common type becomes STRING, as
     *     the source's {@code schema.inference.widen-to-string.enabled} lets the parsers decide
     * @param schemaChanges whether existing tables follow their source's schema ({@code schema.change.behavior})
     */
    public PaimonTypes(TimeMapping timeMapping, boolean widenToString, SchemaChangeBehavior schemaChanges) {
        this.timeMapping = timeMapping;
        this.widenToString = widenToString;
        this.schemaChanges = schemaChanges;
    }

    /** What a schema change does to an existing table ({@code pipeline.schema.change.behavior}). */
    public SchemaChangeBehavior schemaChanges() {
        return schemaChanges;
    }

    /** How MySQL TIME columns are stored ({@code type-mapping.time}). */
    public enum TimeMapping implements DescribedEnum {
        BIGINT_MICROS(
                "bigint-micros",
                "BIGINT holding the signed microseconds of the duration; every MySQL TIME value" + " fits."),
        TIME(
                "time",
                "Paimon TIME(p), a time of day in milliseconds; values outside 00:00:00 to 23:59:59.999 or with"
                        + " sub-millisecond digits are bad records.");

        private final String spelling;
        private final String description;

        TimeMapping(String spelling, String description) {
            this.spelling = spelling;
            this.description = description;
        }

        @Override
        public InlineElement getDescription() {
            return TextElement.text(description);
        }

        @Override
        public String toString() {
            return spelling;
        }
    }

    /**
     * The converter of values of {@code from} into a column of type {@code to} that does not hold {@code from}, for
     * tables kept as created ({@link SchemaChangeBehavior#IGNORE}): a value the column can hold exactly is written,
     * any other is rejected, never truncated.
     */
    public ValueConverter fitting(ColumnType from, DataType to) {
        ColumnType target = toColumnType(to);
        return v -> {
            ColumnType natural = naturalType(v, from);
            DataType held = natural == null ? null : holding(to, natural);
            if (held == null || !held.equalsIgnoreNullable(to) || target == null) {
                throw new IllegalArgumentException("value " + render(v) + " does not fit the column, which keeps its"
                        + " type under schema.change.behavior: " + schemaChanges);
            }
            return converter(natural, to).convert(v);
        };
    }

    /** The narrowest column type of the value's own kind that holds it (its digits, its length). */
    @Nullable
    private static ColumnType naturalType(Object v, ColumnType declared) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            long n = ((Number) v).longValue();
            return ColumnType.of(
                    n == (byte) n
                            ? DataKind.TINYINT
                            : n == (short) n ? DataKind.SMALLINT : n == (int) n ? DataKind.INT : DataKind.BIGINT);
        }
        if (v instanceof BigDecimal) {
            BigDecimal d = ((BigDecimal) v).stripTrailingZeros();
            int scale = Math.max(d.scale(), 0);
            BigDecimal scaled = d.setScale(scale);
            return ColumnType.decimal(Math.max(scaled.precision(), scale + 1), scale);
        }
        if (v instanceof String) {
            return ColumnType.of(DataKind.VARCHAR, Math.max(((String) v).length(), 1));
        }
        if (v instanceof byte[]) {
            return ColumnType.of(DataKind.VARBINARY, Math.max(((byte[]) v).length, 1));
        }
        return declared;
    }

    /** Converts one value of the event model to Paimon's internal representation of the column type. */
    @FunctionalInterface
    public interface ValueConverter {
        /** @throws IllegalArgumentException when the value has no representation in the column type */
        Object convert(Object value);
    }

    /** The Paimon type of a column of the event model; nullable. */
    public DataType toDataType(ColumnType type) {
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
                return timeMapping == TimeMapping.TIME
                        ? DataTypes.TIME(clampFraction(p, TimeType.MAX_PRECISION))
                        : DataTypes.BIGINT();
            case TIMESTAMP:
                return DataTypes.TIMESTAMP(clampFraction(p, TimestampType.MAX_PRECISION));
            case TIMESTAMP_LTZ:
                return DataTypes.TIMESTAMP_WITH_LOCAL_TIME_ZONE(
                        clampFraction(p, LocalZonedTimestampType.MAX_PRECISION));
            case CHAR:
                return p >= CharType.MIN_LENGTH && p < ColumnType.UNBOUNDED ? DataTypes.CHAR(p) : DataTypes.STRING();
            case VARCHAR:
                return p >= VarCharType.MIN_LENGTH && p < ColumnType.UNBOUNDED
                        ? DataTypes.VARCHAR(p)
                        : DataTypes.STRING();
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

    /**
     * The column type of the event model a Paimon column type stands for, or null for Paimon types the event model has
     * no kind of (arrays, maps, rows...).
     */
    @Nullable
    public static ColumnType toColumnType(DataType type) {
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                return ColumnType.of(DataKind.BOOLEAN);
            case TINYINT:
                return ColumnType.of(DataKind.TINYINT);
            case SMALLINT:
                return ColumnType.of(DataKind.SMALLINT);
            case INTEGER:
                return ColumnType.of(DataKind.INT);
            case BIGINT:
                return ColumnType.of(DataKind.BIGINT);
            case DECIMAL:
                return ColumnType.decimal(((DecimalType) type).getPrecision(), ((DecimalType) type).getScale());
            case FLOAT:
                return ColumnType.of(DataKind.FLOAT);
            case DOUBLE:
                return ColumnType.of(DataKind.DOUBLE);
            case DATE:
                return ColumnType.of(DataKind.DATE);
            case TIME_WITHOUT_TIME_ZONE:
                return ColumnType.of(DataKind.TIME, ((TimeType) type).getPrecision());
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return ColumnType.of(DataKind.TIMESTAMP, ((TimestampType) type).getPrecision());
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return ColumnType.of(DataKind.TIMESTAMP_LTZ, ((LocalZonedTimestampType) type).getPrecision());
            case CHAR:
                return ColumnType.of(DataKind.CHAR, ((CharType) type).getLength());
            case VARCHAR: {
                int length = ((VarCharType) type).getLength();
                return length == VarCharType.MAX_LENGTH
                        ? ColumnType.of(DataKind.STRING)
                        : ColumnType.of(DataKind.VARCHAR, length);
            }
            case BINARY:
                return ColumnType.of(DataKind.BINARY, ((BinaryType) type).getLength());
            case VARBINARY: {
                int length = ((VarBinaryType) type).getLength();
                return length == VarBinaryType.MAX_LENGTH
                        ? ColumnType.of(DataKind.BYTES)
                        : ColumnType.of(DataKind.VARBINARY, length);
            }
            default:
                return null;
        }
    }

    private static int clampFraction(int precision, int max) {
        return Math.max(0, Math.min(precision, max));
    }

    /**
     * The type a Paimon column of type {@code existing} must have to take every value of an event column of type
     * {@code incoming}: {@code existing} itself when it already does, the Paimon type of the lattice join of both
     * otherwise (with the nullability of {@code existing}), null when they have no common type.
     */
    @Nullable
    public DataType holding(DataType existing, ColumnType incoming) {
        if (existing.equalsIgnoreNullable(toDataType(incoming)) || takesTime(existing, incoming)) {
            return existing;
        }
        ColumnType current = toColumnType(existing);
        ColumnType joined = current == null ? null : TypeLattice.join(current, incoming, widenToString);
        if (joined == null) {
            return null;
        }
        DataType wider = toDataType(joined);
        return wider.equalsIgnoreNullable(existing) ? existing : wider.copy(existing.isNullable());
    }

    /** A TIME event column is written into BIGINT (microseconds) or TIME columns, whichever the table has. */
    private static boolean takesTime(DataType existing, ColumnType incoming) {
        DataTypeRoot root = existing.getTypeRoot();
        return incoming.kind() == DataKind.TIME
                && (root == DataTypeRoot.BIGINT || root == DataTypeRoot.TIME_WITHOUT_TIME_ZONE);
    }

    /** Whether converting values of {@code from} into {@code to} can reject a value ({@link ValueConverter}). */
    public static boolean rejectsValues(ColumnType from, DataType to) {
        return from.kind() == DataKind.TIME;
    }

    /**
     * The converter of values of {@code from} into a column of type {@code to}; chosen once per schema pair, never per
     * record. {@code to} must hold {@code from} ({@link #holding}).
     */
    public static ValueConverter converter(ColumnType from, DataType to) {
        DataKind kind = from.kind();
        switch (to.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                return kind.isString()
                        ? v -> BinaryString.fromString((String) v)
                        : v -> BinaryString.fromString(render(v));
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
                if (kind == DataKind.TIME) {
                    return v -> micros((Duration) v);
                }
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
                return v -> millisOfDay((Duration) v);
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return v -> Timestamp.fromLocalDateTime((LocalDateTime) v);
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return v -> toTimestamp((Instant) v);
            default:
                throw new IllegalArgumentException("No converter from " + from + " to Paimon type " + to);
        }
    }

    /** A TIME as BIGINT: its signed microseconds, exactly. */
    private static long micros(Duration d) {
        if (d.getNano() % 1_000 != 0) {
            throw new IllegalArgumentException("TIME value " + MySqlTime.format(d) + " has digits below a microsecond");
        }
        return Math.addExact(Math.multiplyExact(d.getSeconds(), MICROS_PER_SECOND), d.getNano() / 1_000);
    }

    /** A TIME as Paimon's TIME: milliseconds of a day, for durations that are times of day. */
    private static int millisOfDay(Duration d) {
        if (d.isNegative() || d.toMillis() >= MILLIS_PER_DAY || d.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("TIME value " + MySqlTime.format(d) + " is not a time of day in"
                    + " milliseconds, which a Paimon TIME column holds; with type-mapping.time: bigint-micros (the"
                    + " default) new tables keep every TIME value as BIGINT microseconds");
        }
        return (int) d.toMillis();
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
        if (v instanceof Duration) {
            return MySqlTime.format((Duration) v);
        }
        if (v instanceof byte[]) {
            return Base64.getEncoder().encodeToString((byte[]) v);
        }
        return v.toString();
    }
}

package dev.cdclake.ingest.transform;

import dev.cdclake.events.Column;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.type.SqlTypeName;

import javax.annotation.Nullable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.TimeZone;

/**
 * Column types and values between the change-event model and Calcite's generated code, which works on Calcite's
 * internal values: DATE as days since the epoch, TIMESTAMP and TIMESTAMP_LTZ as milliseconds (so expressions see
 * times to the millisecond), binary as {@link ByteString}. MySQL's TIME, a signed duration, is a BIGINT of
 * microseconds in expressions. Columns that a projection copies never pass through here.
 */
final class CalciteValues {
    private CalciteValues() {}

    /** Converts a non-null value between the model's and Calcite's representation; null stays null. */
    interface Conversion {
        Object apply(Object value);

        default Object convert(@Nullable Object value) {
            return value == null ? null : apply(value);
        }
    }

    static RelDataType relType(RelDataTypeFactory types, Column column) {
        ColumnType t = column.type();
        RelDataType type;
        switch (t.kind()) {
            case BOOLEAN:
                type = types.createSqlType(SqlTypeName.BOOLEAN);
                break;
            case TINYINT:
                type = types.createSqlType(SqlTypeName.TINYINT);
                break;
            case SMALLINT:
                type = types.createSqlType(SqlTypeName.SMALLINT);
                break;
            case INT:
                type = types.createSqlType(SqlTypeName.INTEGER);
                break;
            case BIGINT:
            case TIME:
                type = types.createSqlType(SqlTypeName.BIGINT);
                break;
            case DECIMAL:
                type = types.createSqlType(SqlTypeName.DECIMAL, t.precision(), t.scale());
                break;
            case FLOAT:
                type = types.createSqlType(SqlTypeName.REAL);
                break;
            case DOUBLE:
                type = types.createSqlType(SqlTypeName.DOUBLE);
                break;
            case DATE:
                type = types.createSqlType(SqlTypeName.DATE);
                break;
            case TIMESTAMP:
                type = types.createSqlType(SqlTypeName.TIMESTAMP, Math.min(t.precision(), 3));
                break;
            case TIMESTAMP_LTZ:
                type = types.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, Math.min(t.precision(), 3));
                break;
            case CHAR:
            case VARCHAR:
            case STRING:
                // CHAR as VARCHAR: MySQL does not pad CHAR values, and neither does the lake
                type = types.createSqlType(SqlTypeName.VARCHAR, t.precision());
                break;
            default:
                type = types.createSqlType(SqlTypeName.VARBINARY, t.precision());
                break;
        }
        return types.createTypeWithNullability(type, column.nullable());
    }

    /**
     * The column type of a computed column.
     *
     * @throws IllegalArgumentException for a type the lake has no column type for, asking for a CAST
     */
    static ColumnType columnType(RelDataType type, String column) {
        int precision = type.getPrecision();
        switch (type.getSqlTypeName()) {
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
                return ColumnType.decimal(precision, type.getScale());
            case REAL:
            case FLOAT:
                return ColumnType.of(DataKind.FLOAT);
            case DOUBLE:
                return ColumnType.of(DataKind.DOUBLE);
            case DATE:
                return ColumnType.of(DataKind.DATE);
            case TIME:
                return ColumnType.of(DataKind.TIME, 3);
            case TIMESTAMP:
                return ColumnType.of(DataKind.TIMESTAMP, Math.min(Math.max(precision, 0), 3));
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return ColumnType.of(DataKind.TIMESTAMP_LTZ, Math.min(Math.max(precision, 0), 3));
            case CHAR:
            case VARCHAR:
                return precision <= 0 || precision == Integer.MAX_VALUE
                        ? ColumnType.of(DataKind.STRING)
                        : ColumnType.of(DataKind.VARCHAR, precision);
            case BINARY:
            case VARBINARY:
                return precision <= 0 || precision == Integer.MAX_VALUE
                        ? ColumnType.of(DataKind.BYTES)
                        : ColumnType.of(DataKind.VARBINARY, precision);
            default:
                throw new IllegalArgumentException("column '" + column + "' would have type " + type.getFullTypeString()
                        + ", which has no lake type; CAST it, e.g. CAST(... AS VARCHAR) or CAST(... AS BIGINT)");
        }
    }

    static Conversion toCalcite(ColumnType type) {
        switch (type.kind()) {
            case DATE:
                return v -> (int) ((LocalDate) v).toEpochDay();
            case TIME:
                return v -> ((Duration) v).toNanos() / 1000;
            case TIMESTAMP:
                return v -> ((LocalDateTime) v).toInstant(ZoneOffset.UTC).toEpochMilli();
            case TIMESTAMP_LTZ:
                return v -> ((Instant) v).toEpochMilli();
            case BINARY:
            case VARBINARY:
            case BYTES:
                return v -> new ByteString((byte[]) v);
            default:
                return v -> v;
        }
    }

    static Conversion fromCalcite(RelDataType type) {
        switch (type.getSqlTypeName()) {
            case TINYINT:
                return v -> ((Number) v).byteValue();
            case SMALLINT:
                return v -> ((Number) v).shortValue();
            case INTEGER:
                return v -> ((Number) v).intValue();
            case BIGINT:
                return v -> ((Number) v).longValue();
            case REAL:
            case FLOAT:
                return v -> ((Number) v).floatValue();
            case DOUBLE:
                return v -> ((Number) v).doubleValue();
            case DECIMAL:
                int precision = type.getPrecision();
                int scale = type.getScale();
                return v -> {
                    // Calcite's arithmetic neither rounds to the scale it types the result with nor caps its digits
                    BigDecimal d = ((BigDecimal) v).setScale(scale, RoundingMode.HALF_UP);
                    if (d.precision() > precision) {
                        throw new ArithmeticException(
                                d.toPlainString() + " does not fit DECIMAL(" + precision + ", " + scale + ")");
                    }
                    return d;
                };
            case DATE:
                return v -> LocalDate.ofEpochDay(((Number) v).longValue());
            case TIME:
                return v -> Duration.ofMillis(((Number) v).longValue());
            case TIMESTAMP:
                return v -> LocalDateTime.ofInstant(Instant.ofEpochMilli(((Number) v).longValue()), ZoneOffset.UTC);
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return v -> Instant.ofEpochMilli(((Number) v).longValue());
            case CHAR:
            case VARCHAR:
                return Object::toString;
            case BINARY:
            case VARBINARY:
                return v -> ((ByteString) v).getBytes();
            default:
                return v -> v;
        }
    }

    /**
     * What generated code asks of its context: the time of {@code CURRENT_TIMESTAMP} and friends (the time the record
     * is transformed, in UTC: the job's results do not depend on the TaskManager's zone).
     */
    static final class Context implements DataContext {
        private static final JavaTypeFactory TYPES = new JavaTypeFactoryImpl(TransformSql.TYPE_SYSTEM);
        private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
        private long now;

        void now(long millis) {
            now = millis;
        }

        @Override
        public Object get(String name) {
            switch (name) {
                case "currentTimestamp":
                case "localTimestamp":
                case "utcTimestamp":
                case "sysTimestamp":
                    return now;
                case "timeZone":
                    return UTC;
                default:
                    return null;
            }
        }

        @Override
        public SchemaPlus getRootSchema() {
            return null;
        }

        @Override
        public JavaTypeFactory getTypeFactory() {
            return TYPES;
        }

        @Override
        public QueryProvider getQueryProvider() {
            return null;
        }
    }
}

package dev.cdclake.capture.format;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.types.MySqlTime;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * The value writers of one serializer, one per {@link DataKind}, chosen once per column. Renders as flink-json does
 * (anchor B.4) with our fixes: TIME is MySQL's duration text ({@code -838:59:59}, {@code 12:34:56.5}), fraction kept.
 * DECIMAL rendering is chosen by the generator's
 * {@code WRITE_BIGDECIMAL_AS_PLAIN} feature. Not thread-safe: temporal values go through one scratch buffer.
 */
final class JsonValueWriters {
    private final char[] scratch = new char[TemporalText.MAX_LENGTH];

    private final JsonValueWriter booleanWriter = (g, v) -> g.writeBoolean((Boolean) v);
    private final JsonValueWriter tinyintWriter = (g, v) -> g.writeNumber((Byte) v);
    private final JsonValueWriter smallintWriter = (g, v) -> g.writeNumber((Short) v);
    private final JsonValueWriter intWriter = (g, v) -> g.writeNumber((Integer) v);
    private final JsonValueWriter bigintWriter = (g, v) -> g.writeNumber((Long) v);
    private final JsonValueWriter floatWriter = (g, v) -> g.writeNumber((Float) v);
    private final JsonValueWriter doubleWriter = (g, v) -> g.writeNumber((Double) v);
    private final JsonValueWriter stringWriter = (g, v) -> g.writeString((String) v);
    /** Base64 with padding and no line feeds, like flink-json's binary nodes. */
    private final JsonValueWriter binaryWriter = (g, v) -> g.writeBinary((byte[]) v);

    private final JsonValueWriter dateWriter =
            (g, v) -> g.writeString(scratch, 0, TemporalText.writeDate(scratch, 0, (LocalDate) v));
    private final JsonValueWriter timeWriter =
            (g, v) -> g.writeString(scratch, 0, MySqlTime.write(scratch, 0, (Duration) v));
    private final JsonValueWriter timestampWriter;
    private final JsonValueWriter timestampLtzWriter;

    JsonValueWriters(TimestampFormat timestampFormat) {
        char separator = timestampFormat.dateTimeSeparator();
        this.timestampWriter = (g, v) ->
                g.writeString(scratch, 0, TemporalText.writeDateTime(scratch, 0, (LocalDateTime) v, separator));
        this.timestampLtzWriter =
                (g, v) -> g.writeString(scratch, 0, TemporalText.writeUtcInstant(scratch, 0, (Instant) v, separator));
    }

    JsonValueWriter writerFor(ColumnType type) {
        switch (type.kind()) {
            case BOOLEAN:
                return booleanWriter;
            case TINYINT:
                return tinyintWriter;
            case SMALLINT:
                return smallintWriter;
            case INT:
                return intWriter;
            case BIGINT:
                return bigintWriter;
            case DECIMAL:
                return decimalWriter(type.scale());
            case FLOAT:
                return floatWriter;
            case DOUBLE:
                return doubleWriter;
            case DATE:
                return dateWriter;
            case TIME:
                return timeWriter;
            case TIMESTAMP:
                return timestampWriter;
            case TIMESTAMP_LTZ:
                return timestampLtzWriter;
            case CHAR:
            case VARCHAR:
            case STRING:
                return stringWriter;
            case BINARY:
            case VARBINARY:
            case BYTES:
                return binaryWriter;
            default:
                throw new IllegalArgumentException("No JSON rendering for column type " + type);
        }
    }

    /**
     * Keeps the column's scale: 100.00 in DECIMAL(10,2) is written {@code 100.00}, and a value carrying fewer fraction
     * digits is padded. (flink-json on Flink 1.20, whose shaded Jackson 2.14 strips trailing zeros, writes
     * {@code 1E+2}, or {@code 100} with plain numbers; the issue asks for the scale to be kept.)
     */
    private static JsonValueWriter decimalWriter(int columnScale) {
        return (g, v) -> {
            BigDecimal decimal = (BigDecimal) v;
            g.writeNumber(decimal.scale() < columnScale ? decimal.setScale(columnScale) : decimal);
        };
    }
}

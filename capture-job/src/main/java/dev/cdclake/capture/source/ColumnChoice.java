package dev.cdclake.capture.source;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.SourceColumnType;
import dev.cdclake.events.types.MySqlTypeMapping;
import dev.cdclake.events.wire.WireNames;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Decimal;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;

import javax.annotation.Nullable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A column's type and the converter of its Debezium values, decided once per table schema: the Connect field schema
 * says how Debezium encoded the values, the MySQL type Debezium propagates ({@code column.propagate.source.type}) says
 * what they are, and {@link MySqlTypeMapping#refine} combines the two as ingest-job does for Debezium envelopes.
 */
final class ColumnChoice {
    private static final String ENUM = "io.debezium.data.Enum";
    private static final String ENUM_SET = "io.debezium.data.EnumSet";

    final ColumnType type;
    final ColumnConverter converter;

    private ColumnChoice(ColumnType type, ColumnConverter converter) {
        this.type = type;
        this.converter = converter;
    }

    /** The column type and converter for a Connect field schema. */
    static ColumnChoice of(Schema field, boolean tinyInt1AsBoolean) {
        SourceColumnType source = sourceType(field);
        ColumnChoice encoded = byEncoding(field, source, tinyInt1AsBoolean);
        if (source == null) {
            return encoded;
        }
        ColumnType type = MySqlTypeMapping.refine(encoded.type, source);
        if (type.kind() != encoded.type.kind() && type.kind().isInteger()) {
            // Debezium's int16 of a TINYINT: the value must be the refined kind's class
            return new ColumnChoice(type, integerConverter(type.kind()));
        }
        return new ColumnChoice(type, encoded.converter);
    }

    /** The type the Connect schema alone describes, with the converter of its encoding. */
    private static ColumnChoice byEncoding(Schema field, @Nullable SourceColumnType source, boolean tinyInt1AsBoolean) {
        Map<String, String> params = field.parameters();
        int length = source == null ? SourceColumnType.ABSENT : source.length();
        String logical = field.name();
        if (logical != null) {
            switch (logical) {
                // the connector jar relocates Kafka Connect, and with it this name: use the relocated constant
                case Decimal.LOGICAL_NAME: {
                    int scale = intParam(params, "scale", 0);
                    int precision = intParam(params, "connect.decimal.precision", length > 0 ? length : 38);
                    ColumnType type = MySqlTypeMapping.decimal(precision, scale);
                    return choice(
                            type,
                            type.kind() == DataKind.DECIMAL ? ColumnConverter.DECIMAL : ColumnConverter.DECIMAL_TEXT);
                }
                case "io.debezium.time.Date":
                    return choice(ColumnType.of(DataKind.DATE), ColumnConverter.DATE_FROM_EPOCH_DAYS);
                case "io.debezium.time.Time":
                    return choice(ColumnType.of(DataKind.TIME, fsp(length, 3)), ColumnConverter.TIME_FROM_MILLIS);
                case "io.debezium.time.MicroTime":
                    return choice(ColumnType.of(DataKind.TIME, fsp(length, 6)), ColumnConverter.TIME_FROM_MICROS);
                case "io.debezium.time.NanoTime":
                    return choice(ColumnType.of(DataKind.TIME, fsp(length, 9)), ColumnConverter.TIME_FROM_NANOS);
                case "io.debezium.time.Timestamp":
                    return choice(
                            ColumnType.of(DataKind.TIMESTAMP, fsp(length, 3)), ColumnConverter.TIMESTAMP_FROM_MILLIS);
                case "io.debezium.time.MicroTimestamp":
                    return choice(
                            ColumnType.of(DataKind.TIMESTAMP, fsp(length, 6)), ColumnConverter.TIMESTAMP_FROM_MICROS);
                case "io.debezium.time.NanoTimestamp":
                    return choice(
                            ColumnType.of(DataKind.TIMESTAMP, fsp(length, 9)), ColumnConverter.TIMESTAMP_FROM_NANOS);
                case "io.debezium.time.ZonedTimestamp":
                    return choice(
                            ColumnType.of(DataKind.TIMESTAMP_LTZ, fsp(length, 6)),
                            field.isOptional()
                                    ? ColumnConverter.NULLABLE_INSTANT_FROM_ISO
                                    : ColumnConverter.INSTANT_FROM_ISO);
                case "io.debezium.time.Year":
                    return choice(ColumnType.of(DataKind.INT), ColumnConverter.YEAR);
                case "io.debezium.data.Json":
                    return choice(ColumnType.of(DataKind.STRING), ColumnConverter.JSON_TEXT);
                case ENUM:
                case ENUM_SET:
                    return choice(ColumnType.of(DataKind.STRING), ColumnConverter.STRING);
                case "io.debezium.data.Bits": {
                    int bytes = Math.max(1, (intParam(params, "length", 8) + 7) / 8);
                    return choice(ColumnType.of(DataKind.BINARY, bytes), ColumnConverter.bits(bytes));
                }
                case "io.debezium.data.geometry.Geometry":
                case "io.debezium.data.geometry.Point":
                    return choice(ColumnType.of(DataKind.STRING), ColumnConverter.GEOMETRY);
                default:
                    break;
            }
        }
        String src = source == null ? "" : source.baseName();
        switch (field.type()) {
            case BOOLEAN:
                return choice(ColumnType.of(DataKind.BOOLEAN), ColumnConverter.BOOLEAN);
            case INT8:
                return choice(ColumnType.of(DataKind.TINYINT), ColumnConverter.TINYINT);
            case INT16:
                if (src.equals("TINYINT") && length == 1 && tinyInt1AsBoolean && !source.unsigned()) {
                    return choice(ColumnType.of(DataKind.BOOLEAN), ColumnConverter.BOOLEAN);
                }
                return choice(ColumnType.of(DataKind.SMALLINT), ColumnConverter.SMALLINT);
            case INT32:
                return choice(ColumnType.of(DataKind.INT), ColumnConverter.INT);
            case INT64:
                return choice(ColumnType.of(DataKind.BIGINT), ColumnConverter.BIGINT);
            case FLOAT32:
                return choice(ColumnType.of(DataKind.FLOAT), ColumnConverter.FLOAT);
            case FLOAT64:
                return choice(ColumnType.of(DataKind.DOUBLE), ColumnConverter.DOUBLE);
            case STRING:
                return choice(ColumnType.of(DataKind.STRING), ColumnConverter.STRING);
            case BYTES:
                return choice(ColumnType.of(DataKind.BYTES), ColumnConverter.BYTES);
            default:
                throw new IllegalArgumentException("Column '" + field + "' of MySQL type " + source
                        + " has Connect type " + field.type() + ", which cdclake cannot map; please report it");
        }
    }

    /**
     * The column's MySQL type from the parameters {@code column.propagate.source.type} adds; ENUM and SET carry their
     * values (Debezium's {@code allowed}) instead of the length Debezium's DDL parser gives them.
     */
    @Nullable
    static SourceColumnType sourceType(Schema f) {
        Map<String, String> p = f.parameters();
        String type = p == null ? null : p.get(WireNames.SOURCE_COLUMN_TYPE);
        if (type == null) {
            return null;
        }
        String allowed = p.get("allowed");
        boolean enumeration = ENUM.equals(f.name()) || ENUM_SET.equals(f.name());
        List<String> values =
                enumeration && allowed != null && !allowed.isEmpty() ? Arrays.asList(allowed.split(",")) : List.of();
        boolean hasValues = !values.isEmpty();
        return SourceColumnType.of(
                type,
                hasValues ? SourceColumnType.ABSENT : number(p.get(WireNames.SOURCE_COLUMN_LENGTH)),
                hasValues ? SourceColumnType.ABSENT : number(p.get(WireNames.SOURCE_COLUMN_SCALE)),
                values);
    }

    private static ColumnConverter integerConverter(DataKind kind) {
        switch (kind) {
            case TINYINT:
                return ColumnConverter.TINYINT;
            case SMALLINT:
                return ColumnConverter.SMALLINT;
            case INT:
                return ColumnConverter.INT;
            default:
                return ColumnConverter.BIGINT;
        }
    }

    private static ColumnChoice choice(ColumnType type, ColumnConverter converter) {
        return new ColumnChoice(type, converter);
    }

    private static int fsp(int length, int fallback) {
        return length >= 0 && length <= 9 ? length : fallback;
    }

    private static int intParam(@Nullable Map<String, String> params, String key, int fallback) {
        int v = number(params == null ? null : params.get(key));
        return v == SourceColumnType.ABSENT ? fallback : v;
    }

    private static int number(@Nullable String text) {
        if (text == null) {
            return SourceColumnType.ABSENT;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return SourceColumnType.ABSENT;
        }
    }
}

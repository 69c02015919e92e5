package dev.cdclake.capture.source;

import com.esri.core.geometry.ogc.OGCGeometry;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Decimal;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

/**
 * Converts one Debezium (Kafka Connect) column value into the Java value its {@link DataKind} prescribes. One
 * converter per column, chosen once per table schema from the Connect field schema and the MySQL source type that
 * Debezium propagates ({@code column.propagate.source.type}).
 */
enum ColumnConverter {
    BOOLEAN {
        @Override
        Object convert(Object v) {
            return v instanceof Boolean ? v : ((Number) v).intValue() != 0;
        }
    },
    TINYINT {
        @Override
        Object convert(Object v) {
            return ((Number) v).byteValue();
        }
    },
    SMALLINT {
        @Override
        Object convert(Object v) {
            return ((Number) v).shortValue();
        }
    },
    INT {
        @Override
        Object convert(Object v) {
            return ((Number) v).intValue();
        }
    },
    BIGINT {
        @Override
        Object convert(Object v) {
            return ((Number) v).longValue();
        }
    },
    DECIMAL {
        @Override
        Object convert(Object v) {
            return v instanceof BigDecimal ? v : new BigDecimal(v.toString());
        }
    },
    FLOAT {
        @Override
        Object convert(Object v) {
            return ((Number) v).floatValue();
        }
    },
    DOUBLE {
        @Override
        Object convert(Object v) {
            return ((Number) v).doubleValue();
        }
    },
    DATE_FROM_EPOCH_DAYS {
        @Override
        Object convert(Object v) {
            return LocalDate.ofEpochDay(((Number) v).longValue());
        }
    },
    TIME_FROM_MILLIS {
        @Override
        Object convert(Object v) {
            return timeOfDay(((Number) v).longValue() * 1_000_000L);
        }
    },
    TIME_FROM_MICROS {
        @Override
        Object convert(Object v) {
            return timeOfDay(((Number) v).longValue() * 1_000L);
        }
    },
    TIME_FROM_NANOS {
        @Override
        Object convert(Object v) {
            return timeOfDay(((Number) v).longValue());
        }
    },
    TIMESTAMP_FROM_MILLIS {
        @Override
        Object convert(Object v) {
            long ms = ((Number) v).longValue();
            return LocalDateTime.ofEpochSecond(
                    Math.floorDiv(ms, 1000L), (int) Math.floorMod(ms, 1000L) * 1_000_000, ZoneOffset.UTC);
        }
    },
    TIMESTAMP_FROM_MICROS {
        @Override
        Object convert(Object v) {
            long us = ((Number) v).longValue();
            return LocalDateTime.ofEpochSecond(
                    Math.floorDiv(us, 1_000_000L), (int) Math.floorMod(us, 1_000_000L) * 1_000, ZoneOffset.UTC);
        }
    },
    TIMESTAMP_FROM_NANOS {
        @Override
        Object convert(Object v) {
            long ns = ((Number) v).longValue();
            return LocalDateTime.ofEpochSecond(
                    Math.floorDiv(ns, 1_000_000_000L), (int) Math.floorMod(ns, 1_000_000_000L), ZoneOffset.UTC);
        }
    },
    INSTANT_FROM_ISO {
        @Override
        Object convert(Object v) {
            return Instant.parse((String) v);
        }
    },
    STRING {
        @Override
        Object convert(Object v) {
            return v.toString();
        }
    },
    JSON_TEXT {
        @Override
        Object convert(Object v) {
            return canonicalJson((String) v);
        }
    },
    BYTES {
        @Override
        Object convert(Object v) {
            if (v instanceof byte[]) {
                return v;
            }
            ByteBuffer b = ((ByteBuffer) v).duplicate();
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        }
    },
    GEOMETRY {
        @Override
        Object convert(Object v) {
            return geoJson((Struct) v);
        }
    };

    private static final long NANOS_PER_DAY = 86_400_000_000_000L;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = new JsonFactory();

    abstract Object convert(Object debeziumValue);

    /** MySQL TIME spans -838:59:59..838:59:59; a time of day keeps the value modulo one day. */
    private static LocalTime timeOfDay(long nanos) {
        return LocalTime.ofNanoOfDay(Math.floorMod(nanos, NANOS_PER_DAY));
    }

    /**
     * MySQL's own JSON text layout ({@code {"k": "v", "a": [1, 2]}}): snapshot rows come from the server in this layout,
     * binlog rows from Debezium's decoder in another; re-printing both makes the text identical.
     */
    static String canonicalJson(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            StringWriter w = new StringWriter(text.length() + 16);
            try (JsonGenerator g = JSON.createGenerator(w)) {
                g.setPrettyPrinter(MYSQL_LAYOUT);
                while (p.nextToken() != null) {
                    g.copyCurrentEvent(p);
                }
            }
            return w.toString();
        } catch (IOException e) {
            // not JSON (should not happen for a JSON column): keep the server's text rather than lose it
            return text;
        }
    }

    /** {@code ", "} between members and elements, {@code ": "} after names, nothing else: how MySQL prints JSON. */
    private static final PrettyPrinter MYSQL_LAYOUT = new PrettyPrinter() {
        @Override
        public void writeRootValueSeparator(JsonGenerator g) {}

        @Override
        public void writeStartObject(JsonGenerator g) throws IOException {
            g.writeRaw('{');
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            g.writeRaw('}');
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            g.writeRaw('[');
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            g.writeRaw(']');
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) {}

        @Override
        public void beforeObjectEntries(JsonGenerator g) {}
    };

    /** GeoJSON text as Flink CDC renders geometries: {@code {"coordinates":[1,1],"type":"Point","srid":0}}. */
    static String geoJson(Struct geometry) {
        byte[] wkb = (byte[]) BYTES.convert(geometry.get("wkb"));
        Integer srid = geometry.getInt32("srid");
        try {
            JsonNode node = MAPPER.readTree(OGCGeometry.fromBinary(ByteBuffer.wrap(wkb)).asGeoJson());
            String type = node.get("type").asText();
            StringWriter w = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(w)) {
                g.writeStartObject();
                if (type.equals("GeometryCollection")) {
                    g.writeFieldName("geometries");
                    MAPPER.writeTree(g, node.get("geometries"));
                } else {
                    g.writeFieldName("coordinates");
                    MAPPER.writeTree(g, node.get("coordinates"));
                }
                g.writeStringField("type", type);
                g.writeNumberField("srid", srid == null ? 0 : srid);
                g.writeEndObject();
            }
            return w.toString();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot convert a geometry value (WKB of " + wkb.length + " bytes) to GeoJSON", e);
        }
    }

    /** The column type and converter for a Connect field schema. */
    static Choice choose(Schema field, boolean tinyInt1AsBoolean) {
        Map<String, String> params = field.parameters();
        String source = params == null ? null : params.get("__debezium.source.column.type");
        String src = source == null ? "" : source.toUpperCase(Locale.ROOT);
        int length = intParam(params, "__debezium.source.column.length", -1);
        String logical = field.name();
        if (logical != null) {
            switch (logical) {
                // the connector jar relocates Kafka Connect, and with it this name: use the relocated constant
                case Decimal.LOGICAL_NAME: {
                    int scale = intParam(params, "scale", 0);
                    int precision = intParam(params, "connect.decimal.precision", length > 0 ? length : 38);
                    return new Choice(ColumnType.decimal(Math.max(precision, scale), scale), DECIMAL);
                }
                case "io.debezium.time.Date":
                    return new Choice(ColumnType.of(DataKind.DATE), DATE_FROM_EPOCH_DAYS);
                case "io.debezium.time.Time":
                    return new Choice(ColumnType.of(DataKind.TIME, fsp(length, 3)), TIME_FROM_MILLIS);
                case "io.debezium.time.MicroTime":
                    return new Choice(ColumnType.of(DataKind.TIME, fsp(length, 6)), TIME_FROM_MICROS);
                case "io.debezium.time.NanoTime":
                    return new Choice(ColumnType.of(DataKind.TIME, fsp(length, 9)), TIME_FROM_NANOS);
                case "io.debezium.time.Timestamp":
                    return new Choice(ColumnType.of(DataKind.TIMESTAMP, fsp(length, 3)), TIMESTAMP_FROM_MILLIS);
                case "io.debezium.time.MicroTimestamp":
                    return new Choice(ColumnType.of(DataKind.TIMESTAMP, fsp(length, 6)), TIMESTAMP_FROM_MICROS);
                case "io.debezium.time.NanoTimestamp":
                    return new Choice(ColumnType.of(DataKind.TIMESTAMP, fsp(length, 9)), TIMESTAMP_FROM_NANOS);
                case "io.debezium.time.ZonedTimestamp":
                    return new Choice(ColumnType.of(DataKind.TIMESTAMP_LTZ, fsp(length, 6)), INSTANT_FROM_ISO);
                case "io.debezium.time.Year":
                    return new Choice(ColumnType.of(DataKind.INT), INT);
                case "io.debezium.data.Json":
                    return new Choice(ColumnType.of(DataKind.STRING), JSON_TEXT);
                case "io.debezium.data.Enum":
                case "io.debezium.data.EnumSet":
                    return new Choice(ColumnType.of(DataKind.STRING), STRING);
                case "io.debezium.data.Bits":
                    return new Choice(ColumnType.of(DataKind.BINARY, Math.max(1, (intParam(params, "length", 8) + 7) / 8)), BYTES);
                case "io.debezium.data.geometry.Geometry":
                case "io.debezium.data.geometry.Point":
                    return new Choice(ColumnType.of(DataKind.STRING), GEOMETRY);
                default:
                    break;
            }
        }
        boolean unsigned = src.contains("UNSIGNED");
        switch (field.type()) {
            case BOOLEAN:
                return new Choice(ColumnType.of(DataKind.BOOLEAN), BOOLEAN);
            case INT8:
                return new Choice(ColumnType.of(DataKind.TINYINT), TINYINT);
            case INT16:
                if (src.startsWith("TINYINT") && length == 1 && tinyInt1AsBoolean) {
                    return new Choice(ColumnType.of(DataKind.BOOLEAN), BOOLEAN);
                }
                if (src.startsWith("TINYINT") && !unsigned) {
                    return new Choice(ColumnType.of(DataKind.TINYINT), TINYINT);
                }
                return new Choice(ColumnType.of(DataKind.SMALLINT), SMALLINT);
            case INT32:
                return new Choice(ColumnType.of(DataKind.INT), INT);
            case INT64:
                return new Choice(ColumnType.of(DataKind.BIGINT), BIGINT);
            case FLOAT32:
                return new Choice(ColumnType.of(DataKind.FLOAT), FLOAT);
            case FLOAT64:
                return new Choice(ColumnType.of(DataKind.DOUBLE), DOUBLE);
            case STRING:
                if (src.equals("CHAR") && length > 0) {
                    return new Choice(ColumnType.of(DataKind.CHAR, length), STRING);
                }
                if (src.equals("VARCHAR") && length > 0) {
                    return new Choice(ColumnType.of(DataKind.VARCHAR, length), STRING);
                }
                return new Choice(ColumnType.of(DataKind.STRING), STRING);
            case BYTES:
                if (src.equals("BINARY") && length > 0) {
                    return new Choice(ColumnType.of(DataKind.BINARY, length), BYTES);
                }
                if (src.equals("VARBINARY") && length > 0) {
                    return new Choice(ColumnType.of(DataKind.VARBINARY, length), BYTES);
                }
                return new Choice(ColumnType.of(DataKind.BYTES), BYTES);
            default:
                throw new IllegalArgumentException("Column '" + field + "' of MySQL type " + source
                        + " has Connect type " + field.type() + ", which cdclake cannot map; please report it");
        }
    }

    private static int fsp(int length, int fallback) {
        return length >= 0 && length <= 9 ? length : fallback;
    }

    private static int intParam(Map<String, String> params, String key, int fallback) {
        String v = params == null ? null : params.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A column's type and the converter of its values. */
    static final class Choice {
        final ColumnType type;
        final ColumnConverter converter;

        Choice(ColumnType type, ColumnConverter converter) {
            this.type = type;
            this.converter = converter;
        }
    }
}

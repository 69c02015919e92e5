package dev.cdclake.capture.source;

import com.esri.core.geometry.ogc.OGCGeometry;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;

/** Text of JSON and spatial column values, the same for snapshot and binlog rows. */
final class JsonText {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = new JsonFactory();

    private JsonText() {}

    /**
     * MySQL's own JSON text layout ({@code {"k": "v", "a": [1, 2]}}): snapshot rows come from the server in this
     * layout,
     * binlog rows from Debezium's decoder in another; re-printing both makes the text identical.
     */
    static String canonical(String text) {
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
        byte[] wkb = (byte[]) ColumnConverter.BYTES.convert(geometry.get("wkb"));
        Integer srid = geometry.getInt32("srid");
        try {
            JsonNode node =
                    MAPPER.readTree(OGCGeometry.fromBinary(ByteBuffer.wrap(wkb)).asGeoJson());
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
            throw new IllegalStateException(
                    "Cannot convert a geometry value (WKB of " + wkb.length + " bytes) to GeoJSON", e);
        }
    }
}

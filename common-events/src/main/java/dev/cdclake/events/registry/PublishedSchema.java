package dev.cdclake.events.registry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cdclake.events.Column;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.wire.WireDocument;

import javax.annotation.Nullable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * A table schema as capture-job publishes it to the schema topic, so that plain messages (debezium-json without its
 * envelope, canal-json, json) can be read with exact column types. The record key is the schema's {@link #id()}, the
 * value its {@link #document()}; every data record names the id in its {@code cdclake.schema} header.
 *
 * <p>The document is canonical JSON, written the same way for equal schemas:
 *
 * <pre>
 * {"version":1,"database":"kafka_test","table":"customers",
 *  "columns":[{"name":"id","type":"INT","nullable":false,"sourceType":"INT(11)"},
 *             {"name":"price","type":"DECIMAL","precision":10,"scale":2,"nullable":true,"comment":"in EUR"}, ...],
 *  "primaryKey":["id"],"comment":"..."}
 * </pre>
 *
 * {@code type} is a {@link DataKind} name; {@code precision} (DECIMAL precision, fractional digits of TIME/TIMESTAMP,
 * length of CHAR/VARCHAR/BINARY/VARBINARY) and {@code scale} appear when the type has them; {@code sourceType} is the
 * MySQL declaration ({@link dev.cdclake.events.SourceColumnType}), {@code default} the column default as SQL text.
 * Members that are absent or null say nothing. The id is the first 128 bits of the document's SHA-256 in hex, so the
 * same schema always gets the same id: publishing again after a restart, a replay or a rescale writes the same record.
 */
public final class PublishedSchema {
    /** The document version this code writes and reads. */
    public static final int VERSION = 1;

    private static final JsonFactory JSON = new JsonFactory();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final TableId tableId;
    private final TableSchema schema;
    private final byte[] document;
    private final String id;

    private PublishedSchema(TableId tableId, TableSchema schema, byte[] document) {
        this.tableId = tableId;
        this.schema = schema;
        this.document = document;
        this.id = idOf(document);
    }

    /** The published form of a table's schema. */
    public static PublishedSchema of(TableId tableId, TableSchema schema) {
        return new PublishedSchema(tableId, schema, write(tableId, schema));
    }

    /**
     * Reads a document from the schema topic.
     *
     * @throws IllegalArgumentException when the bytes are not a schema document of a version this code reads
     */
    public static PublishedSchema parse(byte[] document) {
        JsonNode root = WireDocument.read(document, "schema document", VERSION);
        TableId tableId = TableId.of(WireDocument.text(root, "database"), WireDocument.text(root, "table"));
        List<Column> columns = new ArrayList<>();
        for (JsonNode c : root.path("columns")) {
            DataKind kind;
            try {
                kind = DataKind.valueOf(WireDocument.text(c, "type"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "unknown column type '" + c.path("type").asText() + "'", e);
            }
            int precision = c.path("precision").asInt(ColumnType.of(kind).precision());
            ColumnType type = kind == DataKind.DECIMAL
                    ? ColumnType.decimal(precision, c.path("scale").asInt(0))
                    : ColumnType.of(kind, precision);
            columns.add(new Column(
                    WireDocument.text(c, "name"),
                    type,
                    c.path("nullable").asBoolean(true),
                    WireDocument.optionalText(c, "sourceType"),
                    WireDocument.optionalText(c, "default"),
                    WireDocument.optionalText(c, "comment")));
        }
        List<String> primaryKey = new ArrayList<>();
        for (JsonNode k : root.path("primaryKey")) {
            primaryKey.add(k.asText());
        }
        return new PublishedSchema(
                tableId, new TableSchema(columns, primaryKey, WireDocument.optionalText(root, "comment")), document);
    }

    public TableId tableId() {
        return tableId;
    }

    public TableSchema schema() {
        return schema;
    }

    /** The canonical JSON document, the value of the schema topic's record. Do not modify. */
    public byte[] document() {
        return document;
    }

    /** 32 hex digits naming the document's content: the schema topic's record key and the data records' header. */
    public String id() {
        return id;
    }

    private static byte[] write(TableId tableId, TableSchema schema) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("version", VERSION);
            g.writeStringField("database", tableId.database());
            g.writeStringField("table", tableId.table());
            g.writeArrayFieldStart("columns");
            for (Column c : schema.columns()) {
                ColumnType t = c.type();
                g.writeStartObject();
                g.writeStringField("name", c.name());
                g.writeStringField("type", t.kind().name());
                if (!t.equals(ColumnType.of(t.kind())) || t.kind() == DataKind.DECIMAL) {
                    g.writeNumberField("precision", t.precision());
                    if (t.kind() == DataKind.DECIMAL) {
                        g.writeNumberField("scale", t.scale());
                    }
                }
                g.writeBooleanField("nullable", c.nullable());
                writeOptional(g, "sourceType", c.sourceType());
                writeOptional(g, "default", c.defaultValue());
                writeOptional(g, "comment", c.comment());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("primaryKey");
            for (String k : schema.primaryKeys()) {
                g.writeString(k);
            }
            g.writeEndArray();
            writeOptional(g, "comment", schema.comment());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeOptional(JsonGenerator g, String name, @Nullable String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static String idOf(byte[] document) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(document);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
        char[] hex = new char[32];
        for (int i = 0; i < 16; i++) {
            hex[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            hex[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(hex);
    }

    @Override
    public String toString() {
        return "schema " + id + " of " + tableId + ": " + schema;
    }
}

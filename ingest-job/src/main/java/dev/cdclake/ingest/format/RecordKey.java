package dev.cdclake.ingest.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cdclake.ingest.schema.RawRow;

import javax.annotation.Nullable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON key of a Kafka record: capture-job's and Flink CDC's {@code {"TableId":"db.table","id":4}}, a schemaless
 * Debezium key {@code {"id":4}}, or a Debezium key with schema {@code {"schema":…,"payload":{"id":4}}}. Its fields
 * (without {@code TableId}) are the primary key of the row. Reused across records.
 */
final class RecordKey {
    private static final String TABLE_ID = "TableId";

    private final RawRow fields = new RawRow();
    private final RawRow payload = new RawRow();
    private boolean withPayload;

    @Nullable
    private String tableId;

    /**
     * Reads a key. A key that is not a JSON object (absent, a plain string, malformed) leaves this key empty: keys are
     * only a source of primary-key names, and a producer may key its records in any way.
     */
    void read(@Nullable byte[] key, JsonFactory factory) {
        fields.clear();
        payload.clear();
        withPayload = false;
        tableId = null;
        if (key == null || key.length == 0) {
            return;
        }
        try (JsonParser p = factory.createParser(key)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (TABLE_ID.equals(name) && t == JsonToken.VALUE_STRING) {
                    tableId = p.getText();
                } else if ("payload".equals(name) && t == JsonToken.START_OBJECT) {
                    withPayload = true;
                    payload.readObject(p, factory);
                } else if ("schema".equals(name)) {
                    p.skipChildren();
                } else {
                    fields.addValue(name, p, t, factory);
                }
            }
        } catch (IOException e) {
            fields.clear();
            payload.clear();
            withPayload = false;
            tableId = null;
        }
    }

    /** The key's column values (the payload of a key with schema). */
    RawRow row() {
        return withPayload ? payload : fields;
    }

    List<String> columnNames() {
        RawRow row = row();
        List<String> names = new ArrayList<>(row.size());
        for (int i = 0; i < row.size(); i++) {
            names.add(row.name(i));
        }
        return names;
    }

    /** The {@code TableId} field, {@code db.table}, when the key has one. */
    @Nullable
    String tableId() {
        return tableId;
    }
}

package dev.cdclake.capture.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.cdclake.events.ChangeEvent;

import java.io.IOException;

/**
 * {@code json} keys: {@code {"TableId":"db.table",<primary-key columns in key order>}}, compact, taken from the row
 * after the change (before it for a delete); {@code {"TableId":"db.table"}} for a table without primary key. Values
 * are rendered as in the JSON value formats. The bytes are what {@code hash-by-key} hashes.
 */
public final class JsonKeySerializer extends JsonChangeEventSerializer {
    private static final long serialVersionUID = 1L;

    private static final SerializedString TABLE_ID = new SerializedString("TableId");

    /** The default rendering. */
    public JsonKeySerializer() {
        this(JsonFormatConfig.DEFAULT);
    }

    public JsonKeySerializer(JsonFormatConfig config) {
        super(config);
    }

    @Override
    boolean write(JsonGenerator g, ChangeEvent event, TableLayout layout) throws IOException {
        g.writeStartObject();
        g.writeFieldName(TABLE_ID);
        g.writeString(layout.identifier);
        writePrimaryKeyFields(g, layout, event.keyImage());
        g.writeEndObject();
        return true;
    }
}

package dev.cdclake.capture.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Op;

import java.io.IOException;

/**
 * {@code canal-json} values as in the reference:
 * {@code {"old":[…],"data":[…],"type":"INSERT|UPDATE|DELETE","database":…,"table":…,"pkNames":[…],"ts":…,"es":0}}.
 * Values are typed JSON (numbers stay numbers), unlike Canal's own strings. Snapshot rows are INSERTs; {@code old} is
 * the full before image of an UPDATE and null otherwise; a DELETE carries the deleted row in {@code data}.
 * {@code ts} is the commit time in epoch milliseconds (the read time for snapshot rows). {@code es} is always 0, as in
 * the reference's example: Canal's {@code es} (binlog execution time) and {@code ts} (time Canal built the message)
 * would both be the commit time here, and the reference keeps it in {@code ts} only.
 */
public final class CanalJsonSerializer extends JsonChangeEventSerializer {
    private static final long serialVersionUID = 1L;

    private static final SerializedString OLD = new SerializedString("old");
    private static final SerializedString DATA = new SerializedString("data");
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString DATABASE = new SerializedString("database");
    private static final SerializedString TABLE = new SerializedString("table");
    private static final SerializedString PK_NAMES = new SerializedString("pkNames");
    private static final SerializedString TS = new SerializedString("ts");
    private static final SerializedString ES = new SerializedString("es");
    private static final SerializedString[] TYPES = types();

    /** The default rendering. */
    public CanalJsonSerializer() {
        this(JsonFormatConfig.DEFAULT);
    }

    public CanalJsonSerializer(JsonFormatConfig config) {
        super(config);
    }

    @Override
    boolean write(JsonGenerator g, ChangeEvent event, TableLayout layout) throws IOException {
        g.writeStartObject();
        if (event.op() == Op.UPDATE) {
            g.writeFieldName(OLD);
            g.writeStartArray();
            writeRow(g, layout, event.before());
            g.writeEndArray();
        } else if (!config.ignoreNullFields()) {
            g.writeFieldName(OLD);
            g.writeNull();
        }
        g.writeFieldName(DATA);
        g.writeStartArray();
        writeRow(g, layout, event.keyImage());
        g.writeEndArray();
        g.writeFieldName(TYPE);
        g.writeString(TYPES[event.op().ordinal()]);
        g.writeFieldName(DATABASE);
        g.writeString(layout.database);
        g.writeFieldName(TABLE);
        g.writeString(layout.table);
        g.writeFieldName(PK_NAMES);
        g.writeStartArray();
        for (int index : layout.primaryKeyIndexes) {
            g.writeString(layout.fieldNames[index]);
        }
        g.writeEndArray();
        g.writeFieldName(TS);
        g.writeNumber(event.opTs());
        g.writeFieldName(ES);
        g.writeNumber(0);
        g.writeEndObject();
        return true;
    }

    private static SerializedString[] types() {
        SerializedString[] types = new SerializedString[Op.values().length];
        types[Op.READ.ordinal()] = new SerializedString("INSERT");
        types[Op.INSERT.ordinal()] = new SerializedString("INSERT");
        types[Op.UPDATE.ordinal()] = new SerializedString("UPDATE");
        types[Op.DELETE.ordinal()] = new SerializedString("DELETE");
        return types;
    }
}

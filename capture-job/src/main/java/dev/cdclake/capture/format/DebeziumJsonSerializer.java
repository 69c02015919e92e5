package dev.cdclake.capture.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Op;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;

import javax.annotation.Nullable;
import java.io.IOException;

/**
 * {@code debezium-json} values: {@code {"before":…,"after":…,"op":…,"source":{"db":…,"table":…,"ts_ms":…}}} with
 * {@code op} {@code r} (snapshot row), {@code c}, {@code u} or {@code d} and {@code source.ts_ms} the event's commit
 * time. With {@code includeSchema} the message is {@code {"schema":…,"payload":…}}, the schema described in
 * {@link ConnectSchemaJson}.
 */
public final class DebeziumJsonSerializer extends JsonChangeEventSerializer {
    private static final long serialVersionUID = 1L;

    private static final SerializedString SCHEMA = new SerializedString("schema");
    private static final SerializedString PAYLOAD = new SerializedString("payload");
    private static final SerializedString BEFORE = new SerializedString("before");
    private static final SerializedString AFTER = new SerializedString("after");
    private static final SerializedString OP = new SerializedString("op");
    private static final SerializedString SOURCE = new SerializedString("source");
    private static final SerializedString DB = new SerializedString("db");
    private static final SerializedString TABLE = new SerializedString("table");
    private static final SerializedString TS_MS = new SerializedString("ts_ms");
    private static final SerializedString[] OP_CODES = opCodes();

    private final boolean includeSchema;

    /** The default rendering, without schema. */
    public DebeziumJsonSerializer() {
        this(JsonFormatConfig.DEFAULT, false);
    }

    public DebeziumJsonSerializer(JsonFormatConfig config, boolean includeSchema) {
        super(config);
        this.includeSchema = includeSchema;
    }

    public boolean includeSchema() {
        return includeSchema;
    }

    @Override
    boolean write(JsonGenerator g, ChangeEvent event, TableLayout layout) throws IOException {
        g.writeStartObject();
        if (includeSchema) {
            g.writeFieldName(SCHEMA);
            g.writeRawValue(layout.connectSchema);
            g.writeFieldName(PAYLOAD);
            g.writeStartObject();
        }
        writeRowField(g, BEFORE, layout, event.before());
        writeRowField(g, AFTER, layout, event.after());
        g.writeFieldName(OP);
        g.writeString(OP_CODES[event.op().ordinal()]);
        g.writeFieldName(SOURCE);
        g.writeStartObject();
        g.writeFieldName(DB);
        g.writeString(layout.database);
        g.writeFieldName(TABLE);
        g.writeString(layout.table);
        g.writeFieldName(TS_MS);
        g.writeNumber(event.opTs());
        g.writeEndObject();
        if (includeSchema) {
            g.writeEndObject();
        }
        g.writeEndObject();
        return true;
    }

    @Override
    @Nullable
    String connectSchema(TableId tableId, TableSchema schema) {
        return includeSchema ? ConnectSchemaJson.envelopeSchema(tableId.identifier(), schema, config) : null;
    }

    private static SerializedString[] opCodes() {
        Op[] ops = Op.values();
        SerializedString[] codes = new SerializedString[ops.length];
        for (Op op : ops) {
            codes[op.ordinal()] = new SerializedString(op.codeString());
        }
        return codes;
    }
}

package dev.cdclake.capture.format;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Op;

import java.io.IOException;

/**
 * {@code json} values: the row image after the change as a flat object, {@code {"id":4,"name":"John",…}}. A delete has
 * no value ({@link #serialize} returns null, a Kafka tombstone): the upsert-kafka convention, where the key names the
 * deleted row.
 */
public final class JsonSerializer extends JsonChangeEventSerializer {
    private static final long serialVersionUID = 1L;

    /** The default rendering. */
    public JsonSerializer() {
        this(JsonFormatConfig.DEFAULT);
    }

    public JsonSerializer(JsonFormatConfig config) {
        super(config);
    }

    @Override
    boolean write(JsonGenerator g, ChangeEvent event, TableLayout layout) throws IOException {
        if (event.op() == Op.DELETE) {
            return false;
        }
        writeRow(g, layout, event.after());
        return true;
    }
}

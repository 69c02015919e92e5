package dev.cdclake.capture.format;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;

import javax.annotation.Nullable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Base of the JSON serializers: streams each event through one Jackson generator into a reused buffer, with field
 * names and value writers precomputed per table schema ({@link TableLayouts}). Instances are shipped to task managers
 * and build their transient state in {@link #open} or on first use; one instance serves one thread.
 */
public abstract class JsonChangeEventSerializer implements SerializationSchema<ChangeEvent> {
    private static final long serialVersionUID = 1L;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
            .build();

    protected final JsonFormatConfig config;

    private transient ByteSink buffer;
    private transient JsonGenerator generator;
    private transient JsonValueWriters valueWriters;
    private transient TableLayouts layouts;

    JsonChangeEventSerializer(JsonFormatConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public JsonFormatConfig config() {
        return config;
    }

    @Override
    public void open(InitializationContext context) {
        openGenerator();
    }

    /**
     * The message bytes of one change event, or null when the format writes no value for it (a {@code json} delete:
     * a tombstone).
     */
    @Override
    @Nullable
    public final byte[] serialize(ChangeEvent event) {
        if (generator == null) {
            openGenerator();
        }
        TableLayout layout = layouts.get(event.tableId(), event.schema());
        buffer.reset();
        try {
            if (!write(generator, event, layout)) {
                return null;
            }
            generator.flush();
        } catch (IOException e) {
            generator = null;
            throw new UncheckedIOException("Could not write " + event.op() + " of " + event.tableId() + " as JSON", e);
        } catch (RuntimeException e) {
            // The generator is mid-document; start the next record on a fresh one.
            generator = null;
            throw e;
        }
        return buffer.toByteArray();
    }

    /** Writes the message of one event; returns false when the event has no message (nothing must be written). */
    abstract boolean write(JsonGenerator g, ChangeEvent event, TableLayout layout) throws IOException;

    /** The schema text a format writes before each payload, or null when it writes none. */
    @Nullable
    String connectSchema(TableId tableId, TableSchema schema) {
        return null;
    }

    private TableLayout buildLayout(TableId tableId, TableSchema schema) {
        return new TableLayout(tableId, schema, valueWriters, connectSchema(tableId, schema));
    }

    private void openGenerator() {
        if (layouts == null) {
            buffer = new ByteSink();
            valueWriters = new JsonValueWriters(config.timestampFormat());
            layouts = new TableLayouts(this::buildLayout);
        }
        try {
            JsonGenerator g = FACTORY.createGenerator(buffer, JsonEncoding.UTF8);
            g.configure(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN.mappedFeature(), config.decimalAsPlainNumber());
            // Every message is one root value; no separator between them.
            g.setRootValueSeparator(null);
            generator = g;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code name: row}, or {@code name: null} unless null fields are left out. */
    final void writeRowField(JsonGenerator g, SerializedString name, TableLayout layout, @Nullable Object[] row)
            throws IOException {
        if (row != null) {
            g.writeFieldName(name);
            writeRow(g, layout, row);
        } else if (!config.ignoreNullFields()) {
            g.writeFieldName(name);
            g.writeNull();
        }
    }

    /** Writes a row image as an object with the columns in schema order. */
    final void writeRow(JsonGenerator g, TableLayout layout, Object[] row) throws IOException {
        SerializedString[] names = layout.fieldNames;
        JsonValueWriter[] writers = layout.writers;
        if (row.length != names.length) {
            throw rowLengthMismatch(layout, row);
        }
        boolean writeNulls = !config.ignoreNullFields();
        g.writeStartObject();
        try {
            for (int i = 0; i < names.length; i++) {
                Object value = row[i];
                if (value != null) {
                    g.writeFieldName(names[i]);
                    writers[i].write(g, value);
                } else if (writeNulls) {
                    g.writeFieldName(names[i]);
                    g.writeNull();
                }
            }
        } catch (ClassCastException e) {
            throw wrongValueClass(layout, row, e);
        }
        g.writeEndObject();
    }

    /** Writes the primary-key columns of a row image as fields of the current object. */
    final void writePrimaryKeyFields(JsonGenerator g, TableLayout layout, Object[] row) throws IOException {
        if (row.length != layout.fieldNames.length) {
            throw rowLengthMismatch(layout, row);
        }
        boolean writeNulls = !config.ignoreNullFields();
        try {
            for (int index : layout.primaryKeyIndexes) {
                Object value = row[index];
                if (value != null) {
                    g.writeFieldName(layout.fieldNames[index]);
                    layout.writers[index].write(g, value);
                } else if (writeNulls) {
                    g.writeFieldName(layout.fieldNames[index]);
                    g.writeNull();
                }
            }
        } catch (ClassCastException e) {
            throw wrongValueClass(layout, row, e);
        }
    }

    static IllegalArgumentException rowLengthMismatch(TableLayout layout, Object[] row) {
        return new IllegalArgumentException(String.format(
                "A row image of %s has %d values but its schema has %d columns %s; build row images with one value "
                        + "per schema column, in schema order.",
                layout.tableId, row.length, layout.fieldNames.length, layout.schema.columnNames()));
    }

    static IllegalArgumentException wrongValueClass(TableLayout layout, Object[] row, ClassCastException cause) {
        TableSchema schema = layout.schema;
        for (int i = 0; i < row.length; i++) {
            DataKind kind = schema.column(i).type().kind();
            if (row[i] != null && !kind.javaClass().isInstance(row[i])) {
                return new IllegalArgumentException(
                        String.format(
                                "Column '%s' of %s is %s, whose values must be %s, but the event carries a %s. Convert "
                                        + "the "
                                        + "value to the class DataKind.%s.javaClass() names when building the event.",
                                schema.column(i).name(),
                                layout.tableId,
                                schema.column(i).type(),
                                kind.javaClass().getName(),
                                row[i].getClass().getName(),
                                kind.name()),
                        cause);
            }
        }
        return new IllegalArgumentException("A value of " + layout.tableId + " has an unexpected class", cause);
    }
}

package dev.cdclake.capture.format;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Column;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.types.MySqlTime;
import org.apache.flink.api.common.serialization.SerializationSchema;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Base64;

/**
 * {@code csv} keys: {@code "db.table",<primary-key values in key order>}, one line without line break, taken from the
 * row after the change (before it for a delete). Text values (the table id, strings, dates and times, base64 of
 * binaries) are always quoted, a quote inside doubled (RFC 4180); numbers and booleans are bare; null is an empty
 * field. Values are rendered as in the JSON formats with default options. Flink CDC's Jackson CSV writer quotes a
 * string only when it needs it or is longer than 24 characters, so its keys can differ in quoting from ours.
 */
public final class CsvKeySerializer implements SerializationSchema<ChangeEvent> {
    private static final long serialVersionUID = 1L;

    private transient StringBuilder line;
    private transient char[] scratch;
    private transient ByteSink buffer;

    @Override
    public void open(InitializationContext context) {
        init();
    }

    @Override
    public byte[] serialize(ChangeEvent event) {
        if (line == null) {
            init();
        }
        StringBuilder out = line;
        out.setLength(0);
        appendQuoted(out, event.tableId().identifier());
        TableSchema schema = event.schema();
        Object[] row = event.keyImage();
        if (row.length != schema.columnCount()) {
            throw new IllegalArgumentException(String.format(
                    "A row image of %s has %d values but its schema has %d columns %s; build row images with one "
                            + "value per schema column, in schema order.",
                    event.tableId(), row.length, schema.columnCount(), schema.columnNames()));
        }
        for (int index : schema.primaryKeyIndexes()) {
            out.append(',');
            Object value = row[index];
            if (value != null) {
                appendValue(out, schema.column(index), value, event);
            }
        }
        buffer.reset();
        buffer.writeUtf8(out);
        return buffer.toByteArray();
    }

    private void init() {
        line = new StringBuilder(64);
        scratch = new char[TemporalText.MAX_LENGTH];
        buffer = new ByteSink();
    }

    private void appendValue(StringBuilder out, Column column, Object value, ChangeEvent event) {
        DataKind kind = column.type().kind();
        if (!kind.javaClass().isInstance(value)) {
            throw new IllegalArgumentException(String.format(
                    "Column '%s' of %s is %s, whose values must be %s, but the event carries a %s. Convert the value "
                            + "to the class DataKind.%s.javaClass() names when building the event.",
                    column.name(),
                    event.tableId(),
                    column.type(),
                    kind.javaClass().getName(),
                    value.getClass().getName(),
                    kind.name()));
        }
        switch (kind) {
            case BOOLEAN:
                out.append(((Boolean) value).booleanValue());
                break;
            case TINYINT:
            case SMALLINT:
            case INT:
                out.append(((Number) value).intValue());
                break;
            case BIGINT:
                out.append(((Long) value).longValue());
                break;
            case DECIMAL:
                BigDecimal decimal = (BigDecimal) value;
                int scale = column.type().scale();
                out.append(decimal.scale() < scale ? decimal.setScale(scale) : decimal);
                break;
            case FLOAT:
                out.append(((Float) value).floatValue());
                break;
            case DOUBLE:
                out.append(((Double) value).doubleValue());
                break;
            case DATE:
                appendQuoted(out, scratch, TemporalText.writeDate(scratch, 0, (LocalDate) value));
                break;
            case TIME:
                appendQuoted(out, scratch, MySqlTime.write(scratch, 0, (Duration) value));
                break;
            case TIMESTAMP:
                appendQuoted(out, scratch, TemporalText.writeDateTime(scratch, 0, (LocalDateTime) value, ' '));
                break;
            case TIMESTAMP_LTZ:
                appendQuoted(out, scratch, TemporalText.writeUtcInstant(scratch, 0, (Instant) value, ' '));
                break;
            case BINARY:
            case VARBINARY:
            case BYTES:
                appendQuoted(out, Base64.getEncoder().encodeToString((byte[]) value));
                break;
            default:
                appendQuoted(out, (String) value);
        }
    }

    private static void appendQuoted(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }

    /** Dates and times contain no quote. */
    private static void appendQuoted(StringBuilder out, char[] text, int length) {
        out.append('"').append(text, 0, length).append('"');
    }
}

package dev.cdclake.ingest.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Op;
import dev.cdclake.events.SourceDdl;
import dev.cdclake.events.TableId;
import dev.cdclake.events.wire.ValueFormat;
import dev.cdclake.events.wire.WireNames;
import dev.cdclake.ingest.format.MalformedRecordException.Reason;
import dev.cdclake.ingest.schema.PublishedSchemas;
import dev.cdclake.ingest.schema.RawRow;
import org.apache.flink.util.Collector;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import javax.annotation.Nullable;
import java.io.IOException;
import java.util.List;

/**
 * Reads the messages of one {@link ValueFormat}. {@link #read} is the skeleton every format shares: the
 * published schema the record names, the tombstone, the table's identity (from the message, the published schema, the
 * topic and {@code topic.default-database}), the one-table-per-topic check, the event-time fallback and the emitting
 * of each row change with its declared types. A format supplies only its envelope: {@link #readValue} parses a value
 * and says whether it holds row changes, setting the {@link #database} and {@link #table} it names; the hooks name the
 * event time and key the message carries, and {@link #emitChanges} hands its row images to {@link #change}. One
 * instance per parser, reusing its buffers; not thread-safe. (Paimon's {@code AbstractRecordParser} is the model:
 * one skeleton, per-format envelopes.)
 */
abstract class MessageReader implements EventAssembler.TableHints {
    protected final JsonFactory factory;
    protected final EventAssembler assembler;
    private final PublishedSchemas schemas;

    /** The published schema the record being read names, or null. */
    @Nullable
    private PublishedSchemas.Resolved published;

    /** The database the message names, or null; the format sets it while reading a record. */
    @Nullable
    protected String database;

    /** The table the message names, or null; the format sets it while reading a record. */
    @Nullable
    protected String table;

    MessageReader(JsonFactory factory, EventAssembler assembler, PublishedSchemas schemas) {
        this.factory = factory;
        this.assembler = assembler;
        this.schemas = schemas;
    }

    /**
     * Parses one record and emits its events.
     *
     * @throws IOException for JSON that does not parse (the caller reports it as malformed JSON)
     */
    final ParseOutcome read(
            String topic,
            long timestamp,
            @Nullable byte[] key,
            @Nullable byte[] value,
            @Nullable Headers headers,
            Collector<ChangeEvent> out)
            throws IOException, MalformedRecordException {
        // a DDL marker's value is empty: changes pay no header look-up for it
        Header marker =
                value == null || value.length > 0 || headers == null ? null : headers.lastHeader(WireNames.DDL_HEADER);
        if (marker != null) {
            return readDdl(topic, marker.value(), timestamp, out);
        }
        published = schemas.of(headers);
        database = null;
        table = null;
        ParseOutcome skipped = value == null ? readNullValue(key, headers) : readValue(key, value, headers);
        if (skipped != null) {
            return skipped;
        }
        TableId table = table(topic);
        assembler.checkTopic(topic, table);
        long eventTime = eventTime();
        emitChanges(table, eventTime > 0 ? eventTime : timestamp, out);
        return ParseOutcome.EMITTED;
    }

    /** A capture-job DDL marker: the statement goes on to the sink, which applies it as schema.change.behavior says. */
    private ParseOutcome readDdl(String topic, @Nullable byte[] document, long timestamp, Collector<ChangeEvent> out)
            throws MalformedRecordException {
        SourceDdl ddl;
        try {
            ddl = SourceDdl.parse(document == null ? new byte[0] : document);
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException(
                    Reason.MALFORMED_JSON, "the " + WireNames.DDL_HEADER + " header: " + e.getMessage(), null, e);
        }
        TableId table = assembler.tableId(ddl.table().database(), ddl.table().table());
        assembler.checkTopic(topic, table);
        assembler.emitSchemaChange(ddl.withTable(table), timestamp, out);
        return ParseOutcome.EMITTED;
    }

    /**
     * A record with a null value: a Kafka tombstone, skipped.
     *
     * @return the outcome of a skipped record, or null when the record holds row changes ({@link #emitChanges})
     */
    @Nullable
    protected ParseOutcome readNullValue(@Nullable byte[] key, @Nullable Headers headers) {
        return ParseOutcome.TOMBSTONE;
    }

    /**
     * Parses a value into the reader's state.
     *
     * @return the outcome of a record skipped on purpose (truncate, DDL, ...), or null when it holds row changes
     */
    @Nullable
    protected abstract ParseOutcome readValue(@Nullable byte[] key, byte[] value, @Nullable Headers headers)
            throws IOException, MalformedRecordException;

    /** What the message lacks when it names no table, for the error of a topic that names none either. */
    protected abstract String missingTable();

    /** The event time the message carries (epoch milliseconds), or 0 when it has none: the record timestamp is used. */
    protected abstract long eventTime();

    /** Hands each row change of the message to {@link #change}. */
    protected abstract void emitChanges(TableId table, long eventTime, Collector<ChangeEvent> out)
            throws MalformedRecordException;

    /** The key columns the format finds in the message, for tables without a transform rule or published schema. */
    protected abstract List<String> formatPrimaryKeys();

    /** The table comment the format finds in the message, if any. */
    @Nullable
    protected String formatTableComment() {
        return null;
    }

    /** Whether the record names a published schema, whose types then replace any the format declares. */
    protected final boolean hasPublishedSchema() {
        return published != null;
    }

    /** Emits one row change, its images typed by the published schema when the record names one. */
    protected final void change(
            Op op,
            TableId table,
            @Nullable RawRow before,
            @Nullable RawRow after,
            long opTs,
            Collector<ChangeEvent> out)
            throws MalformedRecordException {
        if (published != null) {
            declarePublished(before);
            declarePublished(after);
        }
        assembler.emit(op, table, before, after, opTs, this, out);
    }

    private void declarePublished(@Nullable RawRow row) {
        if (row != null) {
            for (int i = 0; i < row.size(); i++) {
                row.declare(i, published.field(row.name(i)));
            }
        }
    }

    /**
     * The table of the message: the one it names, in its own database or, without one, the published schema's or the
     * topic's; the published schema's when it names none; else the one its topic names.
     */
    private TableId table(String topic) throws MalformedRecordException {
        TableId id;
        if (table == null) {
            id = published != null
                    ? assembler.tableId(
                            published.tableId().database(), published.tableId().table())
                    : assembler.requireTableOfTopic(topic, missingTable());
        } else if (database != null) {
            id = assembler.tableId(database, table);
        } else if (published != null) {
            id = assembler.tableId(published.tableId().database(), table);
        } else {
            TableId ofTopic = assembler.tableOfTopic(topic);
            if (ofTopic == null) {
                throw new MalformedRecordException(
                        Reason.MISSING_TABLE_IDENTITY,
                        "the message names table '" + table + "' but no database, and topic '" + topic
                                + "' names none; set topic.default-database",
                        null);
            }
            id = assembler.tableId(ofTopic.database(), table);
        }
        if (published != null && !published.tableId().equals(id)) {
            throw new MalformedRecordException(
                    Reason.SCHEMA_MISMATCH,
                    "the message is a change of " + id + " but names schema " + published.id() + " of "
                            + published.tableId(),
                    id);
        }
        return id;
    }

    @Override
    public final List<String> messagePrimaryKeys() {
        return published != null && !published.primaryKeys().isEmpty() ? published.primaryKeys() : formatPrimaryKeys();
    }

    @Nullable
    @Override
    public final String tableComment() {
        return published != null && published.tableComment() != null ? published.tableComment() : formatTableComment();
    }

    /**
     * A parser positioned inside the value's top-level object.
     *
     * @throws MalformedRecordException when the value is not a JSON object
     */
    protected final JsonParser openObject(byte[] value, String format) throws IOException, MalformedRecordException {
        JsonParser p = factory.createParser(value);
        if (p.nextToken() != JsonToken.START_OBJECT) {
            JsonToken found = p.currentToken();
            p.close();
            throw new MalformedRecordException(
                    Reason.MALFORMED_JSON, "a " + format + " value must be a JSON object, found " + found, null);
        }
        return p;
    }

    /**
     * The current string token, as {@code previous} when it has the same characters: database and table names repeat
     * in every message, and reusing the instance saves the allocation and the hashing of the map look-ups after it.
     */
    static String sameOrNewText(JsonParser p, @Nullable String previous) throws IOException {
        if (previous != null) {
            int length = p.getTextLength();
            if (length == previous.length()) {
                char[] chars = p.getTextCharacters();
                int offset = p.getTextOffset();
                int i = 0;
                while (i < length && chars[offset + i] == previous.charAt(i)) {
                    i++;
                }
                if (i == length) {
                    return previous;
                }
            }
        }
        return p.getText();
    }
}

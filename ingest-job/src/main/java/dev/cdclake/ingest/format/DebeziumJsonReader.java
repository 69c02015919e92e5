package dev.cdclake.ingest.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Op;
import dev.cdclake.events.TableId;
import dev.cdclake.ingest.format.MalformedRecordException.Reason;
import dev.cdclake.ingest.schema.ConnectSchema;
import dev.cdclake.ingest.schema.PublishedSchemas;
import dev.cdclake.ingest.schema.RawRow;
import org.apache.flink.util.Collector;
import org.apache.kafka.common.header.Headers;

import javax.annotation.Nullable;
import java.io.IOException;
import java.util.List;

/**
 * {@code debezium-json}: {@code {"before":{…},"after":{…},"op":"c|r|u|d","source":{"db","table","ts_ms"},"ts_ms"}},
 * members in any order, optionally wrapped as {@code {"schema":{…},"payload":{…}}} whose schema then gives exact
 * column types ({@link ConnectSchema}) unless the record names a published schema. Op {@code t} and {@code m}, and
 * null values (tombstones) are skipped. The table is {@code source.db}.{@code source.table}. The event time is
 * {@code source.ts_ms} when positive (it is 0 for snapshot rows), else {@code ts_ms}. Primary key, without a transform
 * rule or published schema: the envelope schema's {@code primary.key} parameter, else the Kafka record key's fields.
 */
final class DebeziumJsonReader extends MessageReader {
    private final ConnectSchemaCache schemas = new ConnectSchemaCache();
    private final RecordKey recordKey = new RecordKey();
    private final RawRow before = new RawRow();
    private final RawRow after = new RawRow();

    // State of the message being read.
    private boolean hasBefore;
    private boolean hasAfter;
    private boolean hasPayload;
    private boolean payloadNull;

    @Nullable
    private String op;

    @Nullable
    private Op change;

    @Nullable
    private String lastDatabase;

    @Nullable
    private String lastTable;

    private long sourceTs;
    private long ts;

    @Nullable
    private ConnectSchema schema;

    @Nullable
    private byte[] key;

    DebeziumJsonReader(JsonFactory factory, EventAssembler assembler, PublishedSchemas schemas) {
        super(factory, assembler, schemas);
    }

    @Nullable
    @Override
    protected ParseOutcome readValue(@Nullable byte[] recordKey, byte[] value, @Nullable Headers headers)
            throws IOException, MalformedRecordException {
        reset(recordKey);
        if (!readPayloadAfterKnownSchema(value)) {
            reset(recordKey);
            try (JsonParser p = openObject(value, "debezium-json")) {
                readMembers(p, value, true);
            }
        }
        if (hasPayload && payloadNull) {
            return ParseOutcome.TOMBSTONE;
        }
        if (op == null || op.length() != 1) {
            if (op == null && !hasBefore && !hasAfter) {
                throw new MalformedRecordException(
                        Reason.UNKNOWN_OP,
                        "the value is not a Debezium envelope: it has"
                                + " no 'op', 'before' or 'after'; check value.format (canal-json and json are the "
                                + "others)",
                        null);
            }
            throw new MalformedRecordException(Reason.UNKNOWN_OP, unknownOp(), null);
        }
        char code = op.charAt(0);
        if (code == 't') {
            return ParseOutcome.TRUNCATE;
        }
        if (code == 'm') {
            return ParseOutcome.MESSAGE;
        }
        change = Op.fromCode(code);
        if (change == null) {
            throw new MalformedRecordException(Reason.UNKNOWN_OP, unknownOp(), null);
        }
        return null;
    }

    @Override
    protected String missingTable() {
        return "the message has no source.table";
    }

    /** {@code source.ts_ms} when positive (it is 0 for Debezium's snapshot rows), else {@code ts_ms}. */
    @Override
    protected long eventTime() {
        return sourceTs > 0 ? sourceTs : ts;
    }

    @Override
    protected void emitChanges(TableId tableId, long eventTime, Collector<ChangeEvent> out)
            throws MalformedRecordException {
        if (schema != null && !hasPublishedSchema()) {
            declare(before, hasBefore);
            declare(after, hasAfter);
        }
        RawRow b = hasBefore ? before : null;
        RawRow a = hasAfter ? after : null;
        if ((change == Op.UPDATE || change == Op.DELETE) && b == null) {
            throw new MalformedRecordException(
                    Reason.MISSING_ROW_IMAGE,
                    "op '" + op + "' needs a 'before' row image"
                            + " but it is null (a Debezium Postgres source needs REPLICA IDENTITY FULL)",
                    tableId);
        }
        if (change != Op.DELETE && a == null) {
            throw new MalformedRecordException(
                    Reason.MISSING_ROW_IMAGE, "op '" + op + "' needs an 'after' row image but it is null", tableId);
        }
        change(
                change,
                tableId,
                change == Op.DELETE || change == Op.UPDATE ? b : null,
                change == Op.DELETE ? null : a,
                eventTime,
                out);
    }

    /**
     * Reads {@code {"schema":<the last schema>,"payload":{…}}} without tokenizing the schema again.
     *
     * @return false when the value has another shape, or anything in it is wrong: the full parse then reads it (and
     *     reports errors with their offsets in the whole value)
     */
    private boolean readPayloadAfterKnownSchema(byte[] value) {
        int payload = schemas.payloadAfterLastSchema(value);
        if (payload < 0) {
            return false;
        }
        try (JsonParser p = factory.createParser(value, payload, value.length - payload)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                readMembers(p, value, false);
            } else if (t != JsonToken.VALUE_NULL) {
                return false;
            }
            hasPayload = true;
            payloadNull = t == JsonToken.VALUE_NULL;
            schema = schemas.lastSchema();
            return closesAt(value, payload + (int) p.currentLocation().getByteOffset());
        } catch (IOException | MalformedRecordException e) {
            return false;
        }
    }

    /** Whether only the wrapper's closing brace (and whitespace) follows {@code from}. */
    private static boolean closesAt(byte[] value, int from) {
        int i = from;
        while (i < value.length && isWhitespace(value[i])) {
            i++;
        }
        if (i >= value.length || value[i] != '}') {
            return false;
        }
        for (i++; i < value.length; i++) {
            if (!isWhitespace(value[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private void reset(@Nullable byte[] recordKey) {
        before.clear();
        after.clear();
        hasBefore = false;
        hasAfter = false;
        hasPayload = false;
        payloadNull = false;
        op = null;
        change = null;
        database = null;
        table = null;
        sourceTs = 0;
        ts = 0;
        schema = null;
        key = recordKey;
    }

    private void readMembers(JsonParser p, byte[] value, boolean top) throws IOException, MalformedRecordException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "before":
                    if (t == JsonToken.START_OBJECT) {
                        before.readObject(p, factory);
                        hasBefore = true;
                    } else {
                        expectNull(p, t, name);
                    }
                    break;
                case "after":
                    if (t == JsonToken.START_OBJECT) {
                        after.readObject(p, factory);
                        hasAfter = true;
                    } else {
                        expectNull(p, t, name);
                    }
                    break;
                case "op":
                    op = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    break;
                case "source":
                    if (t == JsonToken.START_OBJECT) {
                        readSource(p);
                    }
                    break;
                case "ts_ms":
                    ts = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
                    break;
                case "schema":
                    if (top && t == JsonToken.START_OBJECT) {
                        int from = (int) p.currentTokenLocation().getByteOffset();
                        p.skipChildren();
                        int to = (int) p.currentLocation().getByteOffset();
                        schema = schemas.get(value, from, to);
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "payload":
                    if (top) {
                        hasPayload = true;
                        if (t == JsonToken.START_OBJECT) {
                            readMembers(p, value, false);
                        } else {
                            payloadNull = t == JsonToken.VALUE_NULL;
                            p.skipChildren();
                        }
                    } else {
                        p.skipChildren();
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
    }

    private void readSource(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if ("db".equals(name)) {
                database = t == JsonToken.VALUE_STRING ? lastDatabase = sameOrNewText(p, lastDatabase) : null;
            } else if ("table".equals(name)) {
                table = t == JsonToken.VALUE_STRING ? lastTable = sameOrNewText(p, lastTable) : null;
            } else if ("ts_ms".equals(name)) {
                sourceTs = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
            } else {
                p.skipChildren();
            }
        }
    }

    private static void expectNull(JsonParser p, JsonToken t, String name) throws MalformedRecordException {
        if (t != JsonToken.VALUE_NULL) {
            throw new MalformedRecordException(
                    Reason.MALFORMED_JSON,
                    "'" + name + "' must be an object or null," + " found " + t + " at "
                            + p.currentTokenLocation().offsetDescription(),
                    null);
        }
    }

    private void declare(RawRow row, boolean present) {
        if (present) {
            for (int i = 0; i < row.size(); i++) {
                row.declare(i, schema.field(row.name(i)));
            }
        }
    }

    private String unknownOp() {
        return "op '" + op + "' is not a Debezium operation: expected c, r, u or d (t and m are skipped)";
    }

    /** The envelope schema's {@code primary.key} parameter, else the Kafka record key's fields. */
    @Override
    protected List<String> formatPrimaryKeys() {
        if (schema != null && !schema.primaryKeys().isEmpty()) {
            return schema.primaryKeys();
        }
        recordKey.read(key, factory);
        return recordKey.columnNames();
    }

    @Override
    public String keyHint() {
        return "debezium-json carries a key only in the Kafka record key or in a schema's primary.key parameter,"
                + " and this record has neither";
    }

    @Nullable
    @Override
    protected String formatTableComment() {
        return schema != null ? schema.tableComment() : null;
    }
}

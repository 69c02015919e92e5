package dev.cdclake.ingest.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Op;
import dev.cdclake.events.TableId;
import dev.cdclake.events.wire.WireNames;
import dev.cdclake.ingest.format.MalformedRecordException.Reason;
import dev.cdclake.ingest.schema.PublishedSchemas;
import dev.cdclake.ingest.schema.RawRow;
import org.apache.flink.util.Collector;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import javax.annotation.Nullable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code json}: upsert rows. The value is the row as a flat object and becomes an INSERT (Paimon upserts by primary
 * key); a null value deletes the row its key names, the key's fields forming the delete's row image. The table is
 * taken, in this order, from the {@code schemaName}/{@code tableName} headers that capture-job writes with
 * {@code sink.add-tableId-to-header-enabled}, from the key's {@code TableId} field, from the published schema the
 * record names, and from the topic name ({@code db.table}, or a bare table name in {@code topic.default-database}).
 * Primary key, without a transform rule or published schema: the key's fields. The event time is the record timestamp.
 */
final class JsonReader extends MessageReader {
    private final RecordKey recordKey = new RecordKey();
    private final RawRow row = new RawRow();

    @Nullable
    private byte[] key;

    private boolean keyRead;
    private boolean delete;

    JsonReader(JsonFactory factory, EventAssembler assembler, PublishedSchemas schemas) {
        super(factory, assembler, schemas);
    }

    /** A null value deletes the row the key names. */
    @Nullable
    @Override
    protected ParseOutcome readNullValue(@Nullable byte[] recordKey, @Nullable Headers headers) {
        start(recordKey, headers);
        delete = true;
        return null;
    }

    @Nullable
    @Override
    protected ParseOutcome readValue(@Nullable byte[] recordKey, byte[] value, @Nullable Headers headers)
            throws IOException, MalformedRecordException {
        start(recordKey, headers);
        row.clear();
        try (JsonParser p = openObject(value, "json")) {
            row.readObject(p, factory);
        }
        return null;
    }

    /** Resets the state for a record; the table comes from its headers when it has them. */
    private void start(@Nullable byte[] recordKey, @Nullable Headers headers) {
        this.key = recordKey;
        this.keyRead = false;
        this.delete = false;
        this.database = null;
        this.table = null;
        if (headers != null) {
            String tableName = header(headers, WireNames.TABLE_NAME_HEADER);
            String databaseName = header(headers, WireNames.SCHEMA_NAME_HEADER);
            if (tableName != null && !tableName.isEmpty() && databaseName != null && !databaseName.isEmpty()) {
                database = databaseName;
                table = tableName;
            }
        }
        if (table == null) {
            String keyTable = key().tableId();
            int dot = keyTable == null ? -1 : keyTable.lastIndexOf('.');
            if (dot > 0 && dot < keyTable.length() - 1) {
                int previous = keyTable.lastIndexOf('.', dot - 1);
                database = keyTable.substring(previous + 1, dot);
                table = keyTable.substring(dot + 1);
            }
        }
    }

    @Override
    protected String missingTable() {
        return "the record has no schemaName/tableName headers and its key no TableId";
    }

    @Override
    protected long eventTime() {
        return 0;
    }

    @Override
    protected void emitChanges(TableId tableId, long eventTime, Collector<ChangeEvent> out)
            throws MalformedRecordException {
        if (delete) {
            if (key().row().size() == 0) {
                throw new MalformedRecordException(
                        Reason.MISSING_ROW_IMAGE,
                        "a null value (delete) needs a JSON"
                                + " object key naming the row's primary key, but the key is "
                                + (key == null ? "null" : "not a JSON object with fields"),
                        tableId);
            }
            change(Op.DELETE, tableId, recordKey.row(), null, eventTime, out);
        } else {
            change(Op.INSERT, tableId, null, row, eventTime, out);
        }
    }

    /** The record key, parsed on first use. */
    private RecordKey key() {
        if (!keyRead) {
            recordKey.read(key, factory);
            keyRead = true;
        }
        return recordKey;
    }

    @Nullable
    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    protected List<String> formatPrimaryKeys() {
        return key().columnNames();
    }

    @Override
    public String keyHint() {
        return "json takes the key from the Kafka record key's fields, and this record's key has none";
    }
}

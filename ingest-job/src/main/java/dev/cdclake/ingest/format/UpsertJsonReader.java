package dev.cdclake.ingest.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Op;
import dev.cdclake.events.TableId;
import dev.cdclake.ingest.format.MalformedRecordException.Reason;
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
 * {@code sink.add-tableId-to-header-enabled}, from the key's {@code TableId} field, and from the topic name
 * ({@code db.table}, or a bare table name in {@code topic.default-database}). Primary key, without a transform rule:
 * the key's fields. The event time is the record timestamp.
 */
final class UpsertJsonReader extends MessageReader {
    private final RecordKey recordKey = new RecordKey();
    private final RawRow row = new RawRow();
    @Nullable private byte[] key;
    private boolean keyRead;

    UpsertJsonReader(JsonFactory factory, EventAssembler assembler) {
        super(factory, assembler);
    }

    @Override
    ParseOutcome read(
            String topic,
            long timestamp,
            @Nullable byte[] key,
            @Nullable byte[] value,
            @Nullable Headers headers,
            Collector<ChangeEvent> out)
            throws IOException, MalformedRecordException {
        this.key = key;
        this.keyRead = false;
        TableId tableId = table(topic, headers);
        if (value == null) {
            if (key().row().size() == 0) {
                throw new MalformedRecordException(Reason.MISSING_ROW_IMAGE, "a null value (delete) needs a JSON"
                        + " object key naming the row's primary key, but the key is "
                        + (key == null ? "null" : "not a JSON object with fields"), tableId);
            }
            assembler.emit(Op.DELETE, tableId, recordKey.row(), null, timestamp, this, out);
            return ParseOutcome.EMITTED;
        }
        row.clear();
        try (JsonParser p = factory.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedRecordException(
                        Reason.MALFORMED_JSON, "a json value must be a row object, found " + p.currentToken(), tableId);
            }
            row.readObject(p, factory);
        }
        assembler.emit(Op.INSERT, tableId, null, row, timestamp, this, out);
        return ParseOutcome.EMITTED;
    }

    private TableId table(String topic, @Nullable Headers headers) throws MalformedRecordException {
        if (headers != null) {
            String tableName = header(headers, "tableName");
            if (tableName != null && !tableName.isEmpty()) {
                String database = header(headers, "schemaName");
                if (database != null && !database.isEmpty()) {
                    return assembler.tableId(database, tableName);
                }
            }
        }
        String keyTable = key().tableId();
        if (keyTable != null) {
            int dot = keyTable.lastIndexOf('.');
            if (dot > 0 && dot < keyTable.length() - 1) {
                int previous = keyTable.lastIndexOf('.', dot - 1);
                return assembler.tableId(keyTable.substring(previous + 1, dot), keyTable.substring(dot + 1));
            }
        }
        return assembler.requireTableOfTopic(topic, "the record has no schemaName/tableName headers and its key no"
                + " TableId");
    }

    /** The record key, parsed on first use: records with table headers need it only for deletes and new tables. */
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
    public List<String> messagePrimaryKeys() {
        return key().columnNames();
    }

    @Override
    public String keyHint() {
        return "json takes the key from the Kafka record key's fields, and this record's key has none";
    }
}

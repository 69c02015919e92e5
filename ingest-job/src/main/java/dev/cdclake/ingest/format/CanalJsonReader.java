package dev.cdclake.ingest.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Op;
import dev.cdclake.events.TableId;
import dev.cdclake.ingest.format.MalformedRecordException.Reason;
import dev.cdclake.ingest.schema.DeclaredType;
import dev.cdclake.ingest.schema.MySqlTypes;
import dev.cdclake.ingest.schema.PublishedSchemas;
import dev.cdclake.ingest.schema.RawRow;
import org.apache.flink.util.Collector;
import org.apache.kafka.common.header.Headers;

import javax.annotation.Nullable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code canal-json}: {@code {"data":[…],"old":[…],"type":"INSERT|UPDATE|DELETE","database","table","pkNames":[…],
 * "isDdl","ts","es","mysqlType":{…},"sqlType":{…}}}. Both dialects are read: Flink CDC's (typed values, {@code old}
 * holding whole before rows, deletes in {@code data}) and Canal's own (values as text, {@code old} holding only the
 * changed columns, which are laid over {@code data} to make the before image). Each row of {@code data} is one event.
 * {@code mysqlType} gives exact types ({@link MySqlTypes}), else {@code sqlType}; without either, types are inferred.
 * A published schema the record names wins over both. DDL messages ({@code isDdl: true} or a DDL {@code type}) are
 * skipped. The event time is {@code es} when positive, else {@code ts}; the primary key, without a transform rule or
 * published schema, is {@code pkNames}.
 */
final class CanalJsonReader extends MessageReader {
    private static final int MAX_CACHED_TYPES = 10_000;

    private final boolean tinyInt1AsBoolean;
    private final List<RawRow> data = new ArrayList<>();
    private final List<RawRow> old = new ArrayList<>();
    private final RawRow before = new RawRow();
    private final List<String> pkNames = new ArrayList<>();
    private final Map<String, DeclaredType> declaredByField = new HashMap<>();
    private final Map<String, DeclaredType> mysqlTypeCache = new HashMap<>();

    private int dataRows;
    private int oldRows;
    private boolean hasData;
    private boolean isDdl;
    private boolean hasMySqlType;

    @Nullable
    private String type;

    @Nullable
    private Op change;

    @Nullable
    private String lastDatabase;

    @Nullable
    private String lastTable;

    private long ts;
    private long es;

    CanalJsonReader(
            JsonFactory factory, EventAssembler assembler, PublishedSchemas schemas, boolean tinyInt1AsBoolean) {
        super(factory, assembler, schemas);
        this.tinyInt1AsBoolean = tinyInt1AsBoolean;
    }

    @Nullable
    @Override
    protected ParseOutcome readValue(@Nullable byte[] key, byte[] value, @Nullable Headers headers)
            throws IOException, MalformedRecordException {
        reset();
        try (JsonParser p = openObject(value, "canal-json")) {
            readMembers(p);
        }
        if (isDdl) {
            return ParseOutcome.DDL;
        }
        change = op();
        return change == null ? ParseOutcome.DDL : null;
    }

    @Override
    protected String missingTable() {
        return "the message has no 'table'";
    }

    /** {@code es} (the binlog event time) when positive, else {@code ts}. */
    @Override
    protected long eventTime() {
        return es > 0 ? es : ts;
    }

    @Override
    protected void emitChanges(TableId tableId, long eventTime, Collector<ChangeEvent> out)
            throws MalformedRecordException {
        if (!hasData || dataRows == 0) {
            throw new MalformedRecordException(
                    Reason.MISSING_ROW_IMAGE, type + " message has no rows in 'data'", tableId);
        }
        if (change == Op.UPDATE && oldRows != dataRows) {
            throw new MalformedRecordException(
                    Reason.MISSING_ROW_IMAGE,
                    "UPDATE message has " + dataRows + " rows in 'data' but " + oldRows
                            + " in 'old'; each updated row needs its old values",
                    tableId);
        }
        for (int r = 0; r < dataRows; r++) {
            RawRow row = data.get(r);
            declare(row);
            switch (change) {
                case INSERT:
                    change(Op.INSERT, tableId, null, row, eventTime, out);
                    break;
                case DELETE:
                    change(Op.DELETE, tableId, row, null, eventTime, out);
                    break;
                default:
                    RawRow changed = old.get(r);
                    declare(changed);
                    RawRow beforeImage = changed;
                    if (changed.size() < row.size()) {
                        // Real Canal: 'old' holds the changed columns only.
                        before.copyFrom(row);
                        for (int i = 0; i < changed.size(); i++) {
                            before.put(changed, i);
                        }
                        beforeImage = before;
                    }
                    change(Op.UPDATE, tableId, beforeImage, row, eventTime, out);
            }
        }
    }

    @Nullable
    private Op op() throws MalformedRecordException {
        if (type == null) {
            throw new MalformedRecordException(
                    Reason.UNKNOWN_OP,
                    "the message has no 'type'; expected INSERT, UPDATE"
                            + " or DELETE (check value.format: debezium-json and json are the others)",
                    null);
        }
        switch (type) {
            case "INSERT":
                return Op.INSERT;
            case "UPDATE":
                return Op.UPDATE;
            case "DELETE":
                return Op.DELETE;
            case "CREATE":
            case "ALTER":
            case "ERASE":
            case "QUERY":
            case "TRUNCATE":
            case "RENAME":
            case "CINDEX":
            case "DINDEX":
                return null;
            default:
                throw new MalformedRecordException(
                        Reason.UNKNOWN_OP,
                        "type '" + type + "' is not a Canal row change:"
                                + " expected INSERT, UPDATE or DELETE (DDL types are skipped)",
                        null);
        }
    }

    private void reset() {
        dataRows = 0;
        oldRows = 0;
        hasData = false;
        isDdl = false;
        hasMySqlType = false;
        type = null;
        change = null;
        database = null;
        table = null;
        ts = 0;
        es = 0;
        pkNames.clear();
        if (!declaredByField.isEmpty()) {
            declaredByField.clear();
        }
    }

    private void readMembers(JsonParser p) throws IOException, MalformedRecordException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "data":
                    hasData = t == JsonToken.START_ARRAY;
                    dataRows = readRows(p, t, data, name);
                    break;
                case "old":
                    oldRows = readRows(p, t, old, name);
                    break;
                case "type":
                    type = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    break;
                case "database":
                    database = t == JsonToken.VALUE_STRING ? lastDatabase = sameOrNewText(p, lastDatabase) : null;
                    break;
                case "table":
                    table = t == JsonToken.VALUE_STRING ? lastTable = sameOrNewText(p, lastTable) : null;
                    break;
                case "pkNames":
                    if (t == JsonToken.START_ARRAY) {
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            pkNames.add(p.getText());
                        }
                    }
                    break;
                case "isDdl":
                    isDdl = t == JsonToken.VALUE_TRUE;
                    break;
                case "ts":
                    ts = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
                    break;
                case "es":
                    es = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
                    break;
                case "mysqlType":
                    // a published schema replaces the message's types: skip, not parse, them
                    if (t == JsonToken.START_OBJECT && !hasPublishedSchema()) {
                        hasMySqlType = true;
                        readMySqlTypes(p);
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "sqlType":
                    if (t == JsonToken.START_OBJECT && !hasPublishedSchema()) {
                        readSqlTypes(p);
                    } else {
                        p.skipChildren();
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
    }

    private int readRows(JsonParser p, JsonToken t, List<RawRow> rows, String name)
            throws IOException, MalformedRecordException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return 0;
        }
        int n = 0;
        JsonToken element;
        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
            if (element != JsonToken.START_OBJECT) {
                throw new MalformedRecordException(
                        Reason.MALFORMED_JSON,
                        "'" + name + "' must be an array of row objects, found " + element,
                        null);
            }
            if (n == rows.size()) {
                rows.add(new RawRow());
            }
            RawRow row = rows.get(n++);
            row.clear();
            row.readObject(p, factory);
        }
        return n;
    }

    private void readMySqlTypes(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                p.skipChildren();
                continue;
            }
            String mysqlType = p.getText();
            DeclaredType declared = mysqlTypeCache.get(mysqlType);
            if (declared == null) {
                if (mysqlTypeCache.size() >= MAX_CACHED_TYPES) {
                    mysqlTypeCache.clear();
                }
                declared = MySqlTypes.fromMySqlType(mysqlType, tinyInt1AsBoolean);
                mysqlTypeCache.put(mysqlType, declared);
            }
            declaredByField.put(field, declared);
        }
    }

    private void readSqlTypes(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            // mysqlType is more precise; it wins whichever comes first.
            if (t == JsonToken.VALUE_NUMBER_INT && !hasMySqlType) {
                DeclaredType declared = MySqlTypes.fromSqlType(p.getIntValue());
                if (declared != null) {
                    declaredByField.putIfAbsent(field, declared);
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private void declare(RawRow row) {
        if (declaredByField.isEmpty() || hasPublishedSchema()) {
            return;
        }
        for (int i = 0; i < row.size(); i++) {
            row.declare(i, declaredByField.get(row.name(i)));
        }
    }

    @Override
    protected List<String> formatPrimaryKeys() {
        return List.copyOf(pkNames);
    }

    @Override
    public String keyHint() {
        return "canal-json names the key in 'pkNames', which is empty or missing here";
    }
}

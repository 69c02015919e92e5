package dev.cdclake.capture.source;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Column;
import dev.cdclake.events.Op;
import dev.cdclake.events.SourceColumnType;
import dev.cdclake.events.SourceDdl;
import dev.cdclake.events.SourceDdl.Kind;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.selector.TableSelector;
import dev.cdclake.events.typeinfo.ChangeEventTypeInfo;
import dev.cdclake.events.types.MySqlTime;
import dev.cdclake.events.wire.WireNames;
import io.debezium.document.Array;
import io.debezium.document.Document;
import io.debezium.relational.history.HistoryRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cdc.connectors.mysql.source.utils.RecordUtils;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Field;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns Debezium {@link SourceRecord}s from {@code MySqlSource} straight into {@link ChangeEvent}s with typed values
 * (no
 * detour through JSON text). The table schema comes from the record's own Connect schema, which Debezium rebuilds after
 * every DDL, so events after an ALTER carry the new shape. Schemas are derived once per Connect schema instance;
 * the per-record work is one array fill.
 *
 * <p>A Debezium heartbeat ({@link HeartbeatRecordEmitter}) becomes a {@link ChangeEvent#heartbeat} whose watermark is
 * the commit time of the last binlog event read ({@code ts_sec} of the heartbeat's offset, which moves with the events
 * of every table, captured or not), never going back. A schema-change record (a DDL statement) becomes a
 * {@link ChangeEvent#schemaChange} for each captured table it changed, saying what it did ({@link DdlClassifier}).
 * A TRUNCATE is such a record too (Debezium records it as a database-level schema change). Transaction markers
 * produce no event.
 */
public final class ChangeEventDeserializer implements DebeziumDeserializationSchema<ChangeEvent> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ChangeEventDeserializer.class);

    /** Debezium's offset key for the timestamp of the binlog event the offset points at. */
    private static final String BINLOG_TIMESTAMP_SECONDS = "ts_sec";

    private final boolean tinyInt1AsBoolean;
    private final boolean includeComments;
    private final MetadataColumn[] metadataColumns;

    /** The captured tables, whose DDL statements become events; null for every table a statement names. */
    @Nullable
    private final TableSelector captured;

    @Nullable
    private final TableSelector excluded;

    private transient Map<Schema, TableConversion> conversions;

    /** The latest heartbeat watermark, epoch milliseconds. */
    private transient long watermark;

    public ChangeEventDeserializer(boolean tinyInt1AsBoolean, boolean includeComments, List<MetadataColumn> metadata) {
        this(tinyInt1AsBoolean, includeComments, metadata, null, null);
    }

    /**
     * @param captured the tables whose DDL statements become events; null for every table a statement names
     * @param excluded tables among them whose statements do not
     */
    public ChangeEventDeserializer(
            boolean tinyInt1AsBoolean,
            boolean includeComments,
            List<MetadataColumn> metadata,
            @Nullable TableSelector captured,
            @Nullable TableSelector excluded) {
        this.tinyInt1AsBoolean = tinyInt1AsBoolean;
        this.includeComments = includeComments;
        this.metadataColumns = metadata.toArray(new MetadataColumn[0]);
        this.captured = captured;
        this.excluded = excluded;
    }

    @Override
    public void deserialize(SourceRecord record, Collector<ChangeEvent> out) throws IOException {
        if (RecordUtils.isSchemaChangeEvent(record)) {
            for (ChangeEvent e : schemaChanges(record)) {
                out.collect(e);
            }
            return;
        }
        ChangeEvent e = convert(record);
        if (e != null) {
            out.collect(e);
        }
    }

    /** The events of a DDL statement: one per captured table it changed. */
    public List<ChangeEvent> schemaChanges(SourceRecord record) throws IOException {
        Document history = RecordUtils.getHistoryRecord(record).document();
        String statement = history.getString(HistoryRecord.Fields.DDL_STATEMENTS);
        String database = history.getString(HistoryRecord.Fields.DATABASE_NAME, "");
        if (statement == null) {
            return List.of();
        }
        Map<TableId, List<SourceDdl.Change>> changes = new LinkedHashMap<>(DdlClassifier.classify(statement, database));
        Array tableChanges = history.getArray(HistoryRecord.Fields.TABLE_CHANGES);
        if (tableChanges != null) {
            // a statement the grammar did not read: its tables changed in ways only the next records show
            for (Array.Entry entry : tableChanges) {
                io.debezium.relational.TableId id = io.debezium.relational.TableId.parse(
                        entry.getValue().asDocument().getString("id"));
                changes.putIfAbsent(
                        TableId.of(id.catalog(), id.table()), List.of(new SourceDdl.Change(Kind.OTHER, null, null)));
            }
        }
        Document position = history.getDocument(HistoryRecord.Fields.POSITION);
        String binlog = position == null || position.getString("file") == null
                ? null
                : position.getString("file") + ":" + position.getLong("pos", 0L);
        Long seconds = position == null ? null : position.getLong(BINLOG_TIMESTAMP_SECONDS);
        long opTs = seconds != null && seconds > 0 ? seconds * 1000 : System.currentTimeMillis();
        List<ChangeEvent> events = new ArrayList<>();
        for (Map.Entry<TableId, List<SourceDdl.Change>> e : changes.entrySet()) {
            TableId table = e.getKey();
            if (isCaptured(table)) {
                List<SourceDdl.Change> what = withoutUncapturedOrigins(e.getValue());
                events.add(ChangeEvent.schemaChange(new SourceDdl(table, statement, binlog, false, what), opTs));
                LOG.info("DDL of {}: {} ({})", table, what, statement);
            }
        }
        return events;
    }

    private boolean isCaptured(TableId table) {
        return (captured == null || captured.matches(table)) && (excluded == null || !excluded.matches(table));
    }

    /**
     * A table renamed from one this job does not capture is new here (see Adding tables in the README): no marker of
     * the old name will come for ingest-job to wait for.
     */
    private List<SourceDdl.Change> withoutUncapturedOrigins(List<SourceDdl.Change> tableChanges) {
        List<SourceDdl.Change> kept = new ArrayList<>(tableChanges.size());
        for (SourceDdl.Change c : tableChanges) {
            boolean uncapturedOrigin =
                    c.kind() == Kind.RENAME_TABLE && c.column() != null && !isCaptured(TableId.parse(c.column()));
            kept.add(uncapturedOrigin ? new SourceDdl.Change(Kind.CREATE_TABLE, null, null) : c);
        }
        return kept;
    }

    /** @return the event of a data-change record, or null for any other record. */
    public ChangeEvent convert(SourceRecord record) {
        if (RecordUtils.isHeartbeatEvent(record)) {
            return heartbeat(record);
        }
        if (!(record.value() instanceof Struct)) {
            return null;
        }
        Struct value = (Struct) record.value();
        Schema valueSchema = value.schema();
        Field opField = valueSchema.field("op");
        Field afterField = valueSchema.field("after");
        if (opField == null || afterField == null) {
            return null;
        }
        String code = value.getString("op");
        Op op = code == null || code.isEmpty() ? null : Op.fromCode(code.charAt(0));
        if (op == null) {
            return null;
        }
        if (conversions == null) {
            conversions = new IdentityHashMap<>();
        }
        Schema rowSchema = afterField.schema();
        TableConversion c = conversions.get(rowSchema);
        if (c == null) {
            c = newConversion(record, value, rowSchema);
            conversions.put(rowSchema, c);
        }
        long opTs = opTs(op, value);
        Struct before = value.getStruct("before");
        Struct after = value.getStruct("after");
        return new ChangeEvent(
                op,
                c.tableId,
                c.schema,
                before == null ? null : c.row(before, opTs),
                after == null ? null : c.row(after, opTs),
                opTs);
    }

    private ChangeEvent heartbeat(SourceRecord record) {
        Map<String, ?> offset = record.sourceOffset();
        Object seconds = offset == null ? null : offset.get(BINLOG_TIMESTAMP_SECONDS);
        if (seconds instanceof Number && ((Number) seconds).longValue() > 0) {
            watermark = Math.max(watermark, ((Number) seconds).longValue() * 1000);
        }
        return watermark == 0 ? null : ChangeEvent.heartbeat(watermark, null, null);
    }

    /** Commit time for binlog changes; snapshot rows have none ({@code source.ts_ms} is 0), so the read time. */
    private static long opTs(Op op, Struct value) {
        Long ts = null;
        if (op != Op.READ) {
            Struct source = value.getStruct("source");
            ts = source == null ? null : source.getInt64("ts_ms");
        }
        if (ts == null || ts == 0L) {
            ts = value.getInt64("ts_ms");
        }
        return ts == null ? System.currentTimeMillis() : ts;
    }

    private TableConversion newConversion(SourceRecord record, Struct value, Schema rowSchema) {
        Struct source = value.getStruct("source");
        TableId id = TableId.of(source.getString("db"), source.getString("table"));
        List<Field> fields = rowSchema.fields();
        List<Column> columns = new ArrayList<>(fields.size() + metadataColumns.length);
        ColumnConverter[] converters = new ColumnConverter[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            Schema f = fields.get(i).schema();
            ColumnChoice choice = ColumnChoice.of(f, tinyInt1AsBoolean);
            converters[i] = choice.converter;
            Object dflt = f.defaultValue();
            SourceColumnType sourceType = ColumnChoice.sourceType(f);
            columns.add(new Column(
                    fields.get(i).name(),
                    choice.type,
                    f.isOptional(),
                    sourceType == null ? null : sourceType.toString(),
                    dflt == null ? null : defaultText(choice.converter.convert(dflt)),
                    includeComments ? comment(f) : null));
        }
        for (MetadataColumn m : metadataColumns) {
            columns.add(m.column());
        }
        List<String> pk = new ArrayList<>();
        if (record.keySchema() != null) {
            for (Field k : record.keySchema().fields()) {
                pk.add(k.name());
            }
        }
        TableSchema schema = new TableSchema(columns, pk, null);
        LOG.info("Schema of {}: {}", id, schema);
        return new TableConversion(id, schema, fields.toArray(new Field[0]), converters, metadataColumns);
    }

    /** The SQL text of a column default: TIME in MySQL's form, binary values in base64 as the formats write them. */
    private static String defaultText(Object value) {
        if (value instanceof Duration) {
            return MySqlTime.format((Duration) value);
        }
        if (value instanceof byte[]) {
            return Base64.getEncoder().encodeToString((byte[]) value);
        }
        return value.toString();
    }

    /**
     * The column comment: Debezium 1.9's DDL parser (with {@code include.schema.comments}) puts it in the
     * {@code __debezium.source.column.comment} parameter, still escaped as in the DDL. A field's doc is not a comment:
     * logical types fill it ({@code Geometry}).
     */
    @Nullable
    static String comment(Schema f) {
        String escaped = f.parameters() == null ? null : f.parameters().get(WireNames.SOURCE_COLUMN_COMMENT);
        return escaped == null ? null : unescapeSqlLiteral(escaped);
    }

    /** The text of a MySQL string literal's body: {@code ''} and backslash escapes resolved. */
    static String unescapeSqlLiteral(String body) {
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char e = body.charAt(++i);
                switch (e) {
                    case 'n':
                        out.append('\n');
                        break;
                    case 't':
                        out.append('\t');
                        break;
                    case 'r':
                        out.append('\r');
                        break;
                    case '0':
                        out.append('\0');
                        break;
                    case 'b':
                        out.append('\b');
                        break;
                    case 'Z':
                        out.append('\u001A');
                        break;
                    default:
                        out.append(e);
                }
            } else if (c == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
                out.append('\'');
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public TypeInformation<ChangeEvent> getProducedType() {
        return ChangeEventTypeInfo.INSTANCE;
    }

    /** Everything needed to convert the rows of one table version. */
    private static final class TableConversion {
        final TableId tableId;
        final TableSchema schema;
        final Field[] fields;
        final ColumnConverter[] converters;
        final MetadataColumn[] metadata;

        TableConversion(
                TableId tableId,
                TableSchema schema,
                Field[] fields,
                ColumnConverter[] converters,
                MetadataColumn[] metadata) {
            this.tableId = tableId;
            this.schema = schema;
            this.fields = fields;
            this.converters = converters;
            this.metadata = metadata;
        }

        Object[] row(Struct struct, long opTs) {
            Object[] row = new Object[fields.length + metadata.length];
            for (int i = 0; i < fields.length; i++) {
                Object raw = struct.get(fields[i]);
                row[i] = raw == null ? null : converters[i].convert(raw);
            }
            for (int j = 0; j < metadata.length; j++) {
                switch (metadata[j]) {
                    case OP_TS:
                        row[fields.length + j] = opTs;
                        break;
                    case DATABASE_NAME:
                        row[fields.length + j] = tableId.database();
                        break;
                    case TABLE_NAME:
                        row[fields.length + j] = tableId.table();
                        break;
                    default:
                        throw new IllegalStateException("Unhandled metadata column " + metadata[j]);
                }
            }
            return row;
        }
    }
}

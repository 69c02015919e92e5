package dev.cdclake.ingest.format;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Op;
import dev.cdclake.events.SourceDdl;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.ingest.schema.InferenceSettings;
import dev.cdclake.ingest.schema.InferenceStats;
import dev.cdclake.ingest.schema.RawRow;
import dev.cdclake.ingest.schema.SchemaInferenceStrategy;
import dev.cdclake.ingest.schema.TableSchemaTracker;
import dev.cdclake.ingest.transform.Projection;
import dev.cdclake.ingest.transform.RowTransform;
import dev.cdclake.ingest.transform.TransformRule;
import dev.cdclake.ingest.transform.TransformRules;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The format-independent half of parsing: table identities, the one-table-per-topic check, one
 * {@link TableSchemaTracker} per table (created with the transform rule and primary key on first sight) and the
 * assembly of {@link ChangeEvent}s from raw row images.
 */
final class EventAssembler {
    private static final Logger LOG = LoggerFactory.getLogger(EventAssembler.class);
    /** Marks a topic whose name names no table, in the topic cache. */
    private static final TableId NO_TABLE = TableId.of("", "");

    /** What the message that creates a table says about it, asked once per table. */
    interface TableHints {
        /** Key columns the current message names (pkNames, schema, Kafka key); empty when it names none. */
        List<String> messagePrimaryKeys();

        /** Where the format looks for keys, for the error of a table without one. */
        String keyHint();

        /** The table comment the message carries, if any. */
        @Nullable
        default String tableComment() {
            return null;
        }
    }

    private final TransformRules rules;
    private final InferenceSettings inference;

    @Nullable
    private final String distributedTablesOption;

    @Nullable
    private final String defaultDatabase;

    private final InferenceStats stats = new InferenceStats();

    private final Map<String, Map<String, TableId>> ids = new HashMap<>();
    private final Map<String, TableId> tableByTopic = new HashMap<>();
    private final Map<String, TableId> singleTableOfTopic = new HashMap<>();
    /** The tables of the partition being read ({@link #readingPartition}), or of every partition. */
    private Map<TableId, Table> tables = new HashMap<>();
    /** Per topic and partition, its tables; null while one schema per table serves every partition. */
    @Nullable
    private Map<String, List<Map<TableId, Table>>> tablesByPartition;

    /** A table's schema tracker, and the transform of its rows when its rule filters or computes columns. */
    private static final class Table {
        final TableSchemaTracker tracker;

        @Nullable
        final RowTransform transform;

        Table(TableSchemaTracker tracker, @Nullable RowTransform transform) {
            this.tracker = tracker;
            this.transform = transform;
        }
    }

    /**
     * @param distributedTablesOption the option that allows several tables per topic, when it is false for this
     *     format (so each topic must carry one table); null when topics may carry any tables
     */
    EventAssembler(
            TransformRules rules,
            InferenceSettings inference,
            @Nullable String distributedTablesOption,
            @Nullable String defaultDatabase) {
        this.rules = rules;
        this.inference = inference;
        this.distributedTablesOption = distributedTablesOption;
        this.defaultDatabase = defaultDatabase;
    }

    InferenceStats stats() {
        return stats;
    }

    /**
     * Learns each table's schema per Kafka partition from now on. A DDL marker makes the table's schema be learnt
     * afresh ({@link #emitSchemaChange}); under capture-job's hash-by-key every partition carries a copy of it, and the
     * rows of another partition that are still from before the statement must keep their schema, not merge with the
     * new one.
     */
    void learnSchemasPerPartition() {
        if (tablesByPartition == null) {
            tablesByPartition = new HashMap<>();
        }
    }

    /** Says which partition the next records come from. */
    void readingPartition(String topic, int partition) {
        if (tablesByPartition == null) {
            return;
        }
        List<Map<TableId, Table>> ofTopic = tablesByPartition.computeIfAbsent(topic, t -> new ArrayList<>());
        while (ofTopic.size() <= partition) {
            ofTopic.add(new HashMap<>());
        }
        tables = ofTopic.get(partition);
    }

    /** The interned id of a table: no allocation for tables seen before. */
    TableId tableId(String database, String table) {
        Map<String, TableId> byTable = ids.computeIfAbsent(database, k -> new HashMap<>());
        TableId id = byTable.get(table);
        if (id == null) {
            id = TableId.of(database, table);
            byTable.put(table, id);
        }
        return id;
    }

    /**
     * The table a topic name names: {@code db.table}, Debezium's {@code prefix.db.table} (last two parts), or a bare
     * {@code table} in {@code topic.default-database}.
     *
     * @return the table, or null when the name has no dot and no default database is configured
     */
    @Nullable
    TableId tableOfTopic(String topic) {
        TableId id = tableByTopic.get(topic);
        if (id == null) {
            int last = topic.lastIndexOf('.');
            if (last > 0 && last < topic.length() - 1) {
                int previous = topic.lastIndexOf('.', last - 1);
                id = tableId(topic.substring(previous + 1, last), topic.substring(last + 1));
            } else {
                id = defaultDatabase != null ? tableId(defaultDatabase, topic) : NO_TABLE;
            }
            tableByTopic.put(topic, id);
        }
        return id == NO_TABLE ? null : id;
    }

    /** A message without its table's name: the topic must name it. */
    TableId requireTableOfTopic(String topic, String missing) throws MalformedRecordException {
        TableId id = tableOfTopic(topic);
        if (id == null) {
            throw new MalformedRecordException(
                    MalformedRecordException.Reason.MISSING_TABLE_IDENTITY,
                    missing + ", and topic '" + topic + "' names no table (it has no 'database.table' form);"
                            + " set topic.default-database to read it as a table of that database",
                    null);
        }
        return id;
    }

    /** Fails when a topic of a one-table-per-topic format turns out to carry a second table. */
    void checkTopic(String topic, TableId tableId) {
        if (distributedTablesOption == null) {
            return;
        }
        TableId first = singleTableOfTopic.get(topic);
        if (first == null) {
            singleTableOfTopic.put(topic, tableId);
        } else if (first != tableId) {
            throw new SourceConfigurationException("Topic '" + topic + "' carries records of several tables ("
                    + first + " and " + tableId + ") while '" + distributedTablesOption + "' is false, which means"
                    + " one table per topic. Set '" + distributedTablesOption + ": true' in the source block so that"
                    + " each record is routed to its own table.");
        }
    }

    /**
     * Builds the event of one row change and hands it to {@code out}. Images are decoded with the table's current
     * schema, widening it as needed; if decoding the second image changed the schema the first is decoded again, so
     * both match the schema the event carries.
     */
    void emit(
            Op op,
            TableId tableId,
            @Nullable RawRow before,
            @Nullable RawRow after,
            long opTs,
            TableHints keys,
            Collector<ChangeEvent> out)
            throws MalformedRecordException {
        Table table = tables.get(tableId);
        if (table == null) {
            table = createTable(tableId, keys);
        }
        TableSchemaTracker tracker = table.tracker;
        Object[] b;
        Object[] a;
        int version;
        int attempts = 0;
        do {
            version = tracker.version();
            b = before == null ? null : tracker.decode(before);
            a = after == null ? null : tracker.decode(after);
        } while (tracker.version() != version && ++attempts < 3);
        TableSchema schema = tracker.schema();
        if (b != null) {
            tracker.stamp(b, op, true, opTs);
        }
        if (a != null) {
            tracker.stamp(a, op, false, opTs);
        }
        tracker.checkKey(a != null ? a : b);
        if (b != null && a != null) {
            tracker.checkKey(b);
        }
        tracker.recordDone();
        if (table.transform != null) {
            emitTransformed(op, tableId, table.transform.schema(schema), b, a, opTs, table.transform, tracker, out);
        } else if (op == Op.DELETE && tracker.softDelete()) {
            out.collect(new ChangeEvent(Op.INSERT, tableId, schema, null, b, opTs));
        } else {
            out.collect(new ChangeEvent(op, tableId, schema, b, a, opTs));
        }
    }

    /**
     * Hands a DDL statement on to the sink. A statement that changed the table's rows also makes the table's schema be
     * learnt afresh from its next record (unless the schema is inferred once, {@code static}): the schema here only
     * grows, so a renamed or dropped column would otherwise stay in every later event, and a sink that renamed or
     * dropped it would get it back. Under lenient the sink's table keeps such columns anyway.
     */
    void emitSchemaChange(SourceDdl ddl, long opTs, Collector<ChangeEvent> out) {
        if (ddl.changesRows() && inference.strategy() == SchemaInferenceStrategy.CONTINUOUS) {
            tables.remove(ddl.table());
        }
        out.collect(ChangeEvent.schemaChange(ddl, opTs));
    }

    /**
     * Filters and projects one change. An update whose new row leaves the filter deletes the row by its key (the
     * {@code json} format and foreign producers carry no before image to tell whether it was in); one that enters it
     * writes it; a delete always deletes, which is a no-op for a key the lake does not hold.
     */
    private static void emitTransformed(
            Op op,
            TableId tableId,
            TableSchema target,
            @Nullable Object[] b,
            @Nullable Object[] a,
            long opTs,
            RowTransform transform,
            TableSchemaTracker tracker,
            Collector<ChangeEvent> out)
            throws MalformedRecordException {
        switch (op) {
            case DELETE:
                if (!tracker.softDelete()) {
                    out.collect(new ChangeEvent(Op.DELETE, tableId, target, transform.project(b), null, opTs));
                } else if (transform.test(b)) {
                    out.collect(new ChangeEvent(Op.INSERT, tableId, target, null, transform.project(b), opTs));
                }
                return;
            case UPDATE:
                if (transform.test(a)) {
                    Object[] before = b == null ? null : transform.project(b);
                    out.collect(new ChangeEvent(Op.UPDATE, tableId, target, before, transform.project(a), opTs));
                } else {
                    out.collect(new ChangeEvent(
                            Op.DELETE, tableId, target, transform.project(b != null ? b : a), null, opTs));
                }
                return;
            default:
                if (transform.test(a)) {
                    out.collect(new ChangeEvent(op, tableId, target, null, transform.project(a), opTs));
                }
        }
    }

    private Table createTable(TableId tableId, TableHints keys) {
        TransformRule rule = rules.ruleFor(tableId);
        List<String> primaryKeys =
                rule != null && !rule.primaryKeys().isEmpty() ? rule.primaryKeys() : keys.messagePrimaryKeys();
        if (primaryKeys.isEmpty()) {
            throw new SourceConfigurationException("Table " + tableId + " has no primary key: no transform rule"
                    + " sets one and its messages name none (" + keys.keyHint() + "). Paimon needs a primary key"
                    + " to apply updates and deletes; add a rule to the pipeline YAML, for example:\n"
                    + "transform:\n"
                    + "  - source-table: " + tableId.database() + "." + tableId.table() + "\n"
                    + "    primary-keys: id");
        }
        String comment = rule != null && rule.description() != null ? rule.description() : keys.tableComment();
        boolean softDelete = rule != null && rule.softDelete();
        Table table;
        if (rule != null && rule.transformsRows()) {
            // the tracker keeps the source row (every field, the metadata the rule uses); the transform makes the
            // target row and checks its key
            table = new Table(
                    new TableSchemaTracker(
                            tableId, List.of(), null, rule.sourceProjection(), softDelete, inference, stats),
                    new RowTransform(tableId, rule, primaryKeys, comment));
        } else {
            Projection projection = rule != null ? rule.projection() : Projection.all();
            table = new Table(
                    new TableSchemaTracker(tableId, primaryKeys, comment, projection, softDelete, inference, stats),
                    null);
        }
        tables.put(tableId, table);
        LOG.info(
                "First record of table {}: primary key {}{}",
                tableId,
                primaryKeys,
                rule != null ? " (transform rule " + rule.sourceTable().expression() + ")" : "");
        return table;
    }
}

package dev.cdclake.ingest.paimon;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Op;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.health.CheckpointClock;
import dev.cdclake.events.health.OutageGuard;
import dev.cdclake.events.metrics.TableMetrics;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.paimon.CoreOptions;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.CatalogLoader;
import org.apache.paimon.data.BinaryRow;
import org.apache.paimon.data.GenericRow;
import org.apache.paimon.disk.IOManager;
import org.apache.paimon.index.BucketAssigner;
import org.apache.paimon.index.HashBucketAssigner;
import org.apache.paimon.memory.HeapMemorySegmentPool;
import org.apache.paimon.memory.MemoryPoolFactory;
import org.apache.paimon.operation.FileStoreWrite;
import org.apache.paimon.options.Options;
import org.apache.paimon.table.BucketMode;
import org.apache.paimon.table.FileStoreTable;
import org.apache.paimon.table.sink.CommitMessage;
import org.apache.paimon.table.sink.CommitMessageImpl;
import org.apache.paimon.table.sink.RowPartitionKeyExtractor;
import org.apache.paimon.table.sink.TableWriteImpl;
import org.apache.paimon.types.RowKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Writes the routed change events of every table into Paimon: one {@link TableWriteImpl} per table, all sharing one
 * write-buffer pool, one compaction thread and the job's commit user. Before each checkpoint barrier it flushes every
 * table ({@code prepareCommit}) and sends the resulting {@link PaimonCommittable}s to the committer, so a checkpoint
 * never holds uncommitted rows in the writer.
 *
 * <p>Row kinds: READ/INSERT → +I, DELETE → -D of the before image, UPDATE → +U of the after image. On a primary-key
 * table +U alone replaces the row, so -U is written only for tables whose {@code changelog-producer} is {@code input},
 * where downstream consumers read the changelog as written. (Updates that change the key arrive as a delete and an
 * insert, split by {@link PaimonChannelRouter}.)
 *
 * <p>A change tagged with the mark of an earlier DDL statement than the table's last applied one (a subtask of the
 * router that had not read the statement's marker in the change's partition yet, see {@link PaimonChannelRouter}) is
 * written as the statements after its tag left the table ({@link DdlHistory#mapping}).
 *
 * <p>Dynamic-bucket tables get a Paimon {@link HashBucketAssigner} per assign id that the router sends here (see
 * {@link PaimonChannelRouter#numAssigners}): an assign id, with its keys and its buckets, lives in exactly one subtask
 * whatever the parallelism, so no bucket is ever written by two subtasks, also after a rescale.
 */
final class PaimonWriterOperator extends AbstractStreamOperator<PaimonCommittable>
        implements OneInputStreamOperator<Tuple3<Integer, ChangeEvent, String>, PaimonCommittable>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PaimonWriterOperator.class);

    private final CatalogLoader catalogLoader;
    private final String initialCommitUser;
    private final Map<String, String> tableOptions;
    private final PaimonTypes types;
    private final long idleNanos;

    @Nullable
    private final OutageGuard outageGuard;

    private transient CheckpointClock checkpointClock;
    private transient String commitUser;
    private transient Catalog catalog;
    private transient IOManager ioManager;
    private transient MemoryPoolFactory memoryPoolFactory;
    private transient ExecutorService compactExecutor;
    private transient Map<TableId, TableWriter> writers;
    /** Each table's counters, kept when its idle writer is closed: a metric is registered once per table. */
    private transient Map<TableId, Counter[]> counters;
    /** The latest watermark heartbeat of each channel since the last flush. */
    private transient Map<String, ChangeEvent> watermarks;
    /** The heartbeats announcing a table on a channel since the last flush. */
    private transient List<ChangeEvent> announcements;
    /**
     * The tables whose source table was dropped or truncated since the last flush (a DDL marker under evolve), with the
     * statement's mark (null when unknown).
     */
    private transient Map<TableId, String> emptied;
    /**
     * The mark of the last emptying each table applied in this run: another copy of the same marker (capture-job's
     * hash-by-key copies it into every partition) is not applied again, and a change tagged before it is dropped.
     */
    private transient Map<TableId, String> appliedEmptyings;
    /**
     * The checkpoint that empties each table whose emptying this run has not seen committed yet: until then the
     * table's writes ignore its files, which that commit removes. Not kept in state: a committer that commits an
     * emptying on restore restarts the job, and the writers then start from the emptied table.
     */
    private transient Map<TableId, Long> emptying;
    /**
     * The markers of renamed source tables since the last flush (one per table and Kafka partition): the committer
     * renames each table once every partition's copy passed, after the files of that checkpoint; the table's write
     * ends with each, as the old name's rows of that partition did.
     */
    private transient List<ChangeEvent> renamed;

    PaimonWriterOperator(
            CatalogLoader catalogLoader,
            String initialCommitUser,
            Map<String, String> tableOptions,
            PaimonTypes types,
            Duration idleTimeout,
            @Nullable OutageGuard outageGuard) {
        this.catalogLoader = catalogLoader;
        this.initialCommitUser = initialCommitUser;
        this.tableOptions = tableOptions;
        this.types = types;
        this.idleNanos = idleTimeout.toNanos();
        this.outageGuard = outageGuard;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        checkpointClock = CheckpointClock.restore(
                context.getOperatorStateStore(),
                context.isRestored(),
                getRuntimeContext().getTaskInfo().getAttemptNumber(),
                outageGuard);
        commitUser = CommitUserState.restoreOrInit(context, initialCommitUser);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        checkpointClock.checkpointed(context.getCheckpointTimestamp());
    }

    @Override
    public void open() throws Exception {
        super.open();
        catalog = catalogLoader.load();
        ioManager = IOManager.create(
                getContainingTask().getEnvironment().getIOManager().getSpillingDirectoriesPaths());
        // One buffer for all tables of this subtask, sized by the job-wide table options (Paimon's multiplex writer
        // does the same): a full buffer flushes the largest table instead of growing the heap per table.
        memoryPoolFactory = newMemoryPool();
        String threadName =
                "paimon-compaction-" + getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks();
        compactExecutor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        writers = new HashMap<>();
        counters = new HashMap<>();
        getMetricGroup().gauge("openTableWriters", () -> writers.size());
        watermarks = new HashMap<>();
        announcements = new ArrayList<>();
        emptied = new HashMap<>();
        appliedEmptyings = new HashMap<>();
        emptying = new HashMap<>();
        renamed = new ArrayList<>();
        LOG.info(
                "Paimon writer {} uses commit user {}",
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                commitUser);
    }

    /** The pool allocates its pages as writers need them and keeps them: a new one starts empty. */
    private MemoryPoolFactory newMemoryPool() {
        CoreOptions bufferOptions = new CoreOptions(Options.fromMap(tableOptions));
        return new MemoryPoolFactory(
                new HeapMemorySegmentPool(bufferOptions.writeBufferSize(), bufferOptions.pageSize()));
    }

    @Override
    public void processElement(StreamRecord<Tuple3<Integer, ChangeEvent, String>> element) throws Exception {
        ChangeEvent event = element.getValue().f1;
        String tag = element.getValue().f2;
        if (event.isHeartbeat()) {
            progress(event);
            return;
        }
        TableWriter writer = writers.get(event.tableId());
        if (event.op() == Op.SCHEMA_CHANGE && event.ddl().emptiesTable()) {
            String mark = PaimonTableReconciler.markOf(event.ddl(), event.opTs());
            String applied = appliedEmptyings.get(event.tableId());
            if (mark != null && applied != null && !isBefore(applied, mark)) {
                // applied already in this run, from another partition's copy of the marker
                return;
            }
            // the rows written since the last checkpoint went with the source table's rows (dropped or truncated);
            // rows from now on are the only ones, which the committer writes over the old ones
            if (writer != null) {
                writers.remove(event.tableId());
                writer.write.close();
            }
            emptied.put(event.tableId(), mark);
            if (mark != null) {
                appliedEmptyings.put(event.tableId(), mark);
            }
            return;
        }
        if (event.op() == Op.SCHEMA_CHANGE && event.ddl().renamedTo() != null) {
            // the rows written up to here are the table's last under its old name (the router holds the later ones)
            // the tag of a statement is the Kafka partition of its copy (hash-by-key copies it into each)
            renamed.add(event.withChannel(tag));
            return;
        }
        if (event.op() == Op.SCHEMA_CHANGE) {
            // the router renamed or dropped columns: rows from now on are written with the table's latest version,
            // so a column added again later never lands in the dropped column's field
            if (writer != null) {
                writer.replaceTable(
                        (FileStoreTable) catalog.getTable(PaimonTableReconciler.identifier(event.tableId())));
            }
            return;
        }
        if (writer == null) {
            writer = new TableWriter(event.tableId());
            writers.put(event.tableId(), writer);
        }
        writer.write(event, tag);
    }

    /** The later of two nullable marks; {@link DdlHistory#BEFORE_ANY} when both are null. */
    private static String later(@Nullable String a, @Nullable String b) {
        String last = DdlHistory.BEFORE_ANY;
        for (String mark : new String[] {a, b}) {
            if (mark != null && isBefore(last, mark)) {
                last = mark;
            }
        }
        return last;
    }

    private static boolean isBefore(String a, String b) {
        Integer order = PaimonTableReconciler.compareMarks(a, b);
        return order != null && order < 0;
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush(checkpointId, false);
    }

    /**
     * Flushes everything at the end of a bounded input, as Paimon's own writers do: records emitted after the operators
     * finished (in the final checkpoint's pre-barrier hook) do not reach the committer.
     */
    @Override
    public void endInput() throws Exception {
        flush(PaimonCommittable.END_INPUT, true);
    }

    /** Keeps a heartbeat for the committable of the next checkpoint: the changes before it are in that one too. */
    private void progress(ChangeEvent heartbeat) {
        if (heartbeat.tableId() != null) {
            announcements.add(heartbeat);
        }
        if (heartbeat.opTs() > 0) {
            watermarks.merge(heartbeat.channel(), heartbeat, (a, b) -> a.opTs() >= b.opTs() ? a : b);
        }
    }

    private void flush(long commitIdentifier, boolean waitCompaction) throws Exception {
        for (Map.Entry<TableId, String> e : emptied.entrySet()) {
            TableId id = e.getKey();
            output.collect(new StreamRecord<>(PaimonCommittable.emptied(commitIdentifier, id, e.getValue())));
            emptying.put(id, commitIdentifier);
        }
        emptied.clear();
        long now = System.nanoTime();
        for (Iterator<TableWriter> it = writers.values().iterator(); it.hasNext(); ) {
            TableWriter writer = it.next();
            // a renamed table's write ends here: its compactions finish into this commit rather than being cut off
            List<CommitMessage> messages =
                    writer.prepareCommit(commitIdentifier, waitCompaction || isRenamed(writer.id));
            if (changesTable(messages)) {
                output.collect(new StreamRecord<>(new PaimonCommittable(commitIdentifier, writer.id, messages)));
                writer.lastCommittable = commitIdentifier;
            }
            if (writer.written) {
                writer.written = false;
                writer.lastWrite = now;
            } else if (now - writer.lastWrite >= idleNanos && writer.everythingCommitted()) {
                writer.write.close();
                it.remove();
                LOG.debug("Closed the idle Paimon writer of {}", writer.id);
                if (writers.isEmpty()) {
                    // the last writer is gone: give the buffer's pages back to the heap
                    memoryPoolFactory = newMemoryPool();
                }
            }
        }
        for (ChangeEvent rename : renamed) {
            output.collect(new StreamRecord<>(PaimonCommittable.renamed(
                    commitIdentifier,
                    rename.tableId(),
                    rename.ddl().renamedTo(),
                    PaimonTableReconciler.markOf(rename.ddl(), rename.opTs()),
                    rename.channel(),
                    rename.ddl().partitions())));
            TableWriter writer = writers.remove(rename.tableId());
            if (writer != null) {
                writer.write.close();
            }
        }
        renamed.clear();
        if (!emptying.isEmpty()) {
            releaseEmptied();
        }
        if (!watermarks.isEmpty() || !announcements.isEmpty()) {
            List<ChangeEvent> heartbeats = new ArrayList<>(announcements);
            heartbeats.addAll(watermarks.values());
            output.collect(new StreamRecord<>(PaimonCommittable.progress(commitIdentifier, heartbeats)));
            watermarks.clear();
            announcements.clear();
        }
    }

    private boolean isRenamed(TableId id) {
        for (ChangeEvent rename : renamed) {
            if (rename.tableId().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the messages hold anything to commit. An open write reports an empty message for each of its buckets at
     * every checkpoint, and a stream commit writes a snapshot even for those (Paimon's own sinks do, once per table and
     * checkpoint while a writer is open): with many tables that doubled the snapshots and the commit time.
     */
    private static boolean changesTable(List<CommitMessage> messages) {
        for (CommitMessage m : messages) {
            if (!(m instanceof CommitMessageImpl) || !((CommitMessageImpl) m).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Lets the writes of each emptied table see its files again once the job's commit user has committed the
     * emptying's checkpoint or a later one (the emptying itself, under its own user, comes first). Checked after the
     * writes' {@code prepareCommit}, where Paimon closes idle bucket writers only after seeing such a commit: no bucket
     * is reopened blind to files committed after the emptying.
     */
    private void releaseEmptied() throws Exception {
        for (Iterator<Map.Entry<TableId, Long>> it = emptying.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<TableId, Long> e = it.next();
            TableWriter writer = writers.get(e.getKey());
            FileStoreTable table;
            try {
                table = writer != null
                        ? writer.table
                        : (FileStoreTable) catalog.getTable(PaimonTableReconciler.identifier(e.getKey()));
            } catch (Catalog.TableNotExistException gone) {
                it.remove();
                continue;
            }
            boolean committed = table.snapshotManager()
                    .latestSnapshotOfUser(commitUser)
                    .map(s -> s.commitIdentifier() >= e.getValue())
                    .orElse(false);
            if (committed) {
                it.remove();
                if (writer != null) {
                    writer.write.withIgnorePreviousFiles(false);
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        if (writers != null) {
            for (TableWriter writer : writers.values()) {
                try {
                    writer.write.close();
                } catch (Exception e) {
                    failure = e;
                }
            }
            writers.clear();
        }
        if (compactExecutor != null) {
            compactExecutor.shutdownNow();
        }
        if (ioManager != null) {
            ioManager.close();
        }
        if (catalog != null) {
            catalog.close();
        }
        super.close();
        if (failure != null) {
            throw failure;
        }
    }

    /** Everything this subtask writes into one table. */
    private final class TableWriter {
        private final TableId id;
        private final Counter rowsWritten;
        private final Counter rowsInserted;
        private final Counter rowsUpdated;
        private final Counter rowsDeleted;
        private final Map<TableSchema, PaimonRowConverter> converters = new HashMap<>();
        private FileStoreTable table;
        private TableWriteImpl<?> write;
        private RowPartitionKeyExtractor keyExtractor;
        /**
         * For a dynamic-bucket table: its assigners this subtask hosts, by assign id; null for fixed-bucket tables,
         * whose bucket the write computes itself.
         */
        @Nullable
        private Map<Integer, HashBucketAssigner> bucketAssigners;

        private int numAssigners;

        private boolean writeUpdateBefore;
        /** Whether each commit waits for the compaction of what it flushed, as Paimon's own writers decide. */
        private boolean waitCompaction;

        private TableSchema eventSchema;
        private PaimonRowConverter converter;
        /** The drops and renames the table applied, as of {@link #table}. */
        private DdlHistory history;
        /** The mark of the table's last emptying, applied in this run or committed: changes tagged before it go. */
        private String emptyingMark;
        /** The last tag seen, whether the table applied statements after it, and whether it is before an emptying. */
        private String lastTag;

        private boolean lastTagEarlier;
        private boolean lastTagEmptied;
        /** How a change of each schema, tagged with each earlier mark, is written now. */
        private final Map<String, Map<TableSchema, Optional<DdlHistory.Mapping>>> mappings = new HashMap<>();
        /** Whether a row was written since the last flush, and when the last flush found one (System.nanoTime). */
        private boolean written;

        private long lastWrite = System.nanoTime();
        /** The checkpoint of the last files this writer handed to the committer; -1 for none. */
        private long lastCommittable = -1;

        TableWriter(TableId id) throws Exception {
            this.id = id;
            Counter[] c = counters.computeIfAbsent(id, t -> {
                MetricGroup metrics = TableMetrics.group(getMetricGroup(), t);
                return new Counter[] {
                    metrics.counter("numRowsWritten"),
                    metrics.counter("rowsInserted"),
                    metrics.counter("rowsUpdated"),
                    metrics.counter("rowsDeleted")
                };
            });
            this.rowsWritten = c[0];
            this.rowsInserted = c[1];
            this.rowsUpdated = c[2];
            this.rowsDeleted = c[3];
            // The router created the table before routing its first event here.
            this.table = (FileStoreTable) catalog.getTable(PaimonTableReconciler.identifier(id));
            this.write = newWrite(table);
            useSchemaOf(table);
            if (table.bucketMode() == BucketMode.HASH_DYNAMIC) {
                bucketAssigners = new HashMap<>();
                numAssigners = PaimonChannelRouter.numAssigners(
                        table, getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
            }
        }

        /**
         * Paimon's assigner of one assign id: it loads the keys of its id from the index and creates only buckets of
         * its id, so each bucket belongs to one assign id, and the router sends each assign id to one subtask.
         */
        private HashBucketAssigner newAssigner(int assignId) {
            CoreOptions options = table.coreOptions();
            Integer maxBuckets = options.dynamicBucketMaxBuckets();
            return new HashBucketAssigner(
                    table.snapshotManager(),
                    commitUser,
                    table.store().newIndexFileHandler(),
                    numAssigners,
                    numAssigners,
                    assignId,
                    options.dynamicBucketTargetRowNum(),
                    maxBuckets == null ? -1 : maxBuckets);
        }

        private TableWriteImpl<?> newWrite(FileStoreTable forTable) {
            TableWriteImpl<?> newWrite = forTable.newWrite(commitUser);
            // files of an emptied table are removed by a commit still to come: its new rows must not merge with them
            newWrite.withIgnorePreviousFiles(emptied.containsKey(id) || emptying.containsKey(id));
            newWrite.withIOManager(ioManager);
            newWrite.withMemoryPoolFactory(memoryPoolFactory);
            newWrite.withCompactExecutor(compactExecutor);
            return newWrite;
        }

        private void useSchemaOf(FileStoreTable newTable) {
            table = newTable;
            keyExtractor = new RowPartitionKeyExtractor(newTable.schema());
            CoreOptions options = newTable.coreOptions();
            writeUpdateBefore = options.changelogProducer() == CoreOptions.ChangelogProducer.INPUT;
            // Tables that need lookup (deletion vectors, lookup changelog) hide level-0 files from readers: without the
            // wait (lookup-wait, on by default) a commit's rows would only become visible with a later commit, and
            // the last ones not at all once the input stops.
            waitCompaction = !options.writeOnly() && options.prepareCommitWaitCompaction();
            converters.clear();
            eventSchema = null;
            history = DdlHistory.of(newTable);
            emptyingMark = later(appliedEmptyings.get(id), history.emptiedMark());
            lastTag = null;
            mappings.clear();
        }

        /**
         * @param tag the mark of the last DDL statement read before the change in its partition, or null when
         *     statements are not applied
         */
        void write(ChangeEvent event, @Nullable String tag) throws Exception {
            if (tag != null && readEarlier(tag)) {
                if (lastTagEmptied) {
                    // read before a DROP TABLE or TRUNCATE the table applied: gone with the source table's rows
                    return;
                }
                DdlHistory.Mapping m = mappings.computeIfAbsent(tag, t -> new HashMap<>())
                        .computeIfAbsent(event.schema(), s -> Optional.ofNullable(history.mapping(s, tag)))
                        .orElse(null);
                if (m != null) {
                    event = m.apply(event);
                }
            }
            TableSchema schema = event.schema();
            // Events arrive deserialized, each with its own schema instance: equality with the previous one is the
            // cheap common case (no hashing, no allocation).
            if (schema != eventSchema && !schema.equals(eventSchema)) {
                converter = converterFor(schema);
            }
            eventSchema = schema;
            switch (event.op()) {
                case READ:
                case INSERT:
                    write(converter.toRow(event.after(), RowKind.INSERT));
                    rowsInserted.inc();
                    break;
                case UPDATE:
                    if (writeUpdateBefore) {
                        write(converter.toRow(event.before(), RowKind.UPDATE_BEFORE));
                    }
                    write(converter.toRow(event.after(), RowKind.UPDATE_AFTER));
                    rowsUpdated.inc();
                    break;
                case DELETE:
                    write(converter.toRow(event.before(), RowKind.DELETE));
                    rowsDeleted.inc();
                    break;
                default:
                    throw new IllegalStateException("Unhandled operation " + event.op());
            }
        }

        /** Whether the table applied statements (drops, renames, emptyings) after {@code tag}. */
        private boolean readEarlier(String tag) {
            if (!tag.equals(lastTag)) {
                lastTag = tag;
                lastTagEmptied = isBefore(tag, emptyingMark);
                lastTagEarlier = lastTagEmptied || history.hasAfter(tag);
            }
            return lastTagEarlier;
        }

        private void write(GenericRow row) throws Exception {
            if (bucketAssigners == null) {
                write.write(row);
            } else {
                int keyHash = keyExtractor.trimmedPrimaryKey(row).hashCode();
                BinaryRow partition = keyExtractor.partition(row);
                int assignId =
                        BucketAssigner.computeAssigner(partition.hashCode(), keyHash, numAssigners, numAssigners);
                HashBucketAssigner assigner = bucketAssigners.get(assignId);
                if (assigner == null) {
                    assigner = newAssigner(assignId);
                    bucketAssigners.put(assignId, assigner);
                }
                write.write(row, assigner.assign(partition, keyHash));
            }
            rowsWritten.inc();
            written = true;
        }

        private PaimonRowConverter converterFor(TableSchema schema) throws Exception {
            PaimonRowConverter known = converters.get(schema);
            if (known != null) {
                return known;
            }
            try {
                known = PaimonRowConverter.create(id, schema, table.rowType(), types);
            } catch (IllegalStateException staleTable) {
                // The router evolved the table before routing this event: the change is in the catalog already.
                replaceTable((FileStoreTable) catalog.getTable(PaimonTableReconciler.identifier(id)));
                known = PaimonRowConverter.create(id, schema, table.rowType(), types);
            }
            converters.put(schema, known);
            return known;
        }

        /** Moves the open write onto a newer schema version, keeping its uncommitted files and bucket state. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        private void replaceTable(FileStoreTable latest) throws Exception {
            if (latest.schema().id() == table.schema().id()) {
                return;
            }
            List<? extends FileStoreWrite.State<?>> states = write.checkpoint();
            write.close();
            TableWriteImpl<?> replacement = newWrite(latest);
            replacement.restore((List) states);
            write = replacement;
            LOG.info(
                    "Paimon writer of {} moved from schema {} to schema {}",
                    id,
                    table.schema().id(),
                    latest.schema().id());
            useSchemaOf(latest);
        }

        /**
         * Whether the table holds everything this writer prepared: only then may it close, because a writer opened
         * later takes its sequence numbers and bucket index from the table, as Paimon's own writers decide when they
         * drop an idle bucket writer.
         */
        boolean everythingCommitted() {
            if (lastCommittable < 0) {
                return true;
            }
            return table.snapshotManager()
                    .latestSnapshotOfUser(commitUser)
                    .map(committed -> committed.commitIdentifier() >= lastCommittable)
                    .orElse(false);
        }

        List<CommitMessage> prepareCommit(long commitIdentifier, boolean waitCompaction) throws Exception {
            List<CommitMessage> messages = write.prepareCommit(waitCompaction || this.waitCompaction, commitIdentifier);
            if (bucketAssigners != null) {
                for (HashBucketAssigner assigner : bucketAssigners.values()) {
                    assigner.prepareCommit(commitIdentifier);
                }
            }
            return messages;
        }
    }
}

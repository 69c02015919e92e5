package dev.cdclake.ingest.paimon;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Op;
import dev.cdclake.events.SourceDdl;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.health.CheckpointClock;
import dev.cdclake.events.health.OutageGuard;
import dev.cdclake.events.typeinfo.ChangeEventTypeInfo;
import dev.cdclake.ingest.format.MalformedRecordException;
import dev.cdclake.ingest.format.RecordRejectedException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;
import org.apache.flink.util.Collector;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.CatalogLoader;
import org.apache.paimon.data.BinaryRow;
import org.apache.paimon.data.GenericRow;
import org.apache.paimon.index.BucketAssigner;
import org.apache.paimon.table.BucketMode;
import org.apache.paimon.table.FileStoreTable;
import org.apache.paimon.table.sink.ChannelComputer;
import org.apache.paimon.table.sink.FixedBucketRowKeyExtractor;
import org.apache.paimon.table.sink.RowPartitionKeyExtractor;
import org.apache.paimon.types.RowType;
import org.apache.paimon.utils.SerializableFunction;

import javax.annotation.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * First stage of the Paimon sink, chained to its input: the authority on table schemas (creates tables and evolves them
 * before any row needing the change is emitted, see {@link PaimonTableReconciler}) and the router that tags every event
 * with the writer subtask that owns its bucket.
 *
 * <p>Routing follows Paimon's own sinks, so that one bucket is only ever written by one subtask: fixed-bucket tables go
 * by (partition, bucket) like Paimon's {@code ChannelComputer}; dynamic-bucket tables by Paimon's
 * {@link BucketAssigner#computeAssigner}, which is what lets each writer's {@code HashBucketAssigner} own a disjoint
 * set
 * of buckets. Each table's channels are rotated by a per-table offset so that many small tables spread over the
 * writers. An update that changes the primary key becomes a delete of the old key and an insert of the new one, each
 * routed on its own. A heartbeat goes to one writer, after every change this subtask routed before it, so it reaches
 * the committer in the same checkpoint as those changes.
 *
 * <p>Under {@code schema.change.behavior} evolve and try_evolve each change leaves with a tag: the mark of the last
 * DDL statement its Kafka partition carried before it ({@link ChangeEvent#channel}); a statement leaves with the Kafka
 * partition of its copy. capture-job's hash-by-key copies
 * every marker into every partition, and the first copy read applies the statement; a change another partition (or
 * another subtask) still holds from before it is written as the statement left the table, here when this subtask knows
 * the statement, else by the writer ({@link DdlHistory#mapping}).
 *
 * <p>A {@code RENAME TABLE} under evolve is made by the committer, after the checkpoint that holds the rows before
 * it; until the lake table has its new name, this subtask holds the changes of both source names (and heartbeats,
 * which must not vouch for them), in its state.
 *
 * <p>Events arrive with their source table; the sink tables of each source table (the {@code route} rules) are asked
 * once and cached, and each event, and each heartbeat that announces a table, goes to every sink table of its source.
 * A table created here gets the creation spec of the source table whose event created it.
 */
final class PaimonChannelRouter extends ProcessFunction<ChangeEvent, Tuple3<Integer, ChangeEvent, String>>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final ListStateDescriptor<Integer> WRITERS =
            new ListStateDescriptor<>("paimon-writer-parallelism", Integer.class);
    private static final ListStateDescriptor<String> PASSED =
            new ListStateDescriptor<>("paimon-ddl-passed", String.class);
    private static final ListStateDescriptor<String> RENAMES =
            new ListStateDescriptor<>("paimon-renames-pending", String.class);
    private static final ListStateDescriptor<String> DECLINED =
            new ListStateDescriptor<>("paimon-renames-declined", String.class);
    /** How many declined renames a subtask remembers: the new name's marker is never far from the old name's. */
    private static final int DECLINED_KEPT = 64;

    private static final ListStateDescriptor<Tuple2<String, ChangeEvent>> HELD = new ListStateDescriptor<>(
            "paimon-renames-held", new TupleTypeInfo<>(Types.STRING, ChangeEventTypeInfo.INSTANCE));
    /** How often held changes ask the catalog whether their rename is done: it takes a checkpoint at least. */
    private static final long RENAME_CHECK_MILLIS = 100L;

    private final CatalogLoader catalogLoader;
    private final Map<String, String> tableOptions;
    private final SerializableFunction<TableId, TableCreationSpec> creationSpecs;
    private final SerializableFunction<TableId, List<TableId>> sinkTables;
    private final SerializableFunction<TableId, List<TableId>> mergedSinks;
    private final PaimonTypes types;
    private final int numChannels;
    private final long idleNanos;
    /** Whether DDL statements are applied (evolve, try_evolve): only then do changes carry their tag. */
    private final boolean ordered;
    /**
     * When this job was built (epoch ms): a partition first seen comes after the statements its table applied before
     * this job, and before those this job applied, whose markers it has still to pass.
     */
    private final long jobStart;

    @Nullable
    private final OutageGuard outageGuard;

    private transient CheckpointClock checkpointClock;

    /** The writer parallelism of the run this state was taken from (-1 without state), to refuse unsafe rescales. */
    private transient int restoredWriters;

    private transient ListState<Integer> writersState;

    /**
     * Per table and channel (Kafka partition), the mark of the last DDL statement the channel carried before its next
     * change; under {@code ""} the mark of the channels not seen yet, the {@link DdlHistory#baseline} of the job that
     * first routed the table (and of changes without a channel): a change of a table that
     * applied statements after its mark was read before them (another partition, or a replay after a failover), and
     * is written as those statements left the table.
     */
    private transient Map<TableId, Map<String, String>> passed;

    private transient ListState<String> passedState;

    /** The renames the committer has still to make: the changes of their source tables wait in {@link #held}. */
    private transient List<PendingRename> renames;

    private transient ListState<String> renamesState;
    /**
     * The renames whose old name's marker was not applied (refused under try_evolve, or done before), by {@link
     * #renameKey}: the new name's marker, which may come later, must not make its changes wait for them.
     */
    private transient Set<String> declined;

    private transient ListState<String> declinedState;
    /** The changes (and heartbeats) waiting for {@link #renames}, with their channel, in the order they came. */
    private transient List<Tuple2<String, ChangeEvent>> held;
    /**
     * The source tables and channels of {@link #held} ({@code table\0channel}): their later changes wait behind them,
     * whatever rename is still pending. Per channel: under hash-by-key the other channels' changes of an old name from
     * before the statement, and the copies of its marker, must go on.
     */
    private transient Set<String> heldSources;

    private transient ListState<Tuple2<String, ChangeEvent>> heldState;
    /** The operator's collector, for the changes a rename check releases between two events. */
    private transient Collector<Tuple3<Integer, ChangeEvent, String>> output;

    private transient boolean renameCheckScheduled;
    private transient Catalog catalog;
    private transient PaimonTableReconciler reconciler;
    private transient Map<TableId, TableRoute> routes;
    private transient Map<TableId, TableId[]> sinksBySource;
    private transient int heartbeatChannel;

    PaimonChannelRouter(
            CatalogLoader catalogLoader,
            Map<String, String> tableOptions,
            SerializableFunction<TableId, TableCreationSpec> creationSpecs,
            SerializableFunction<TableId, List<TableId>> sinkTables,
            SerializableFunction<TableId, List<TableId>> mergedSinks,
            PaimonTypes types,
            int numChannels,
            Duration idleTimeout,
            long jobStart,
            @Nullable OutageGuard outageGuard) {
        this.catalogLoader = catalogLoader;
        this.tableOptions = tableOptions;
        this.creationSpecs = creationSpecs;
        this.sinkTables = sinkTables;
        this.mergedSinks = mergedSinks;
        this.types = types;
        this.numChannels = numChannels;
        this.idleNanos = idleTimeout.toNanos();
        this.ordered = types.schemaChanges().appliesDdl();
        this.jobStart = jobStart;
        this.outageGuard = outageGuard;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointClock = CheckpointClock.restore(
                context.getOperatorStateStore(),
                context.isRestored(),
                getRuntimeContext().getTaskInfo().getAttemptNumber(),
                outageGuard);
        writersState = context.getOperatorStateStore().getUnionListState(WRITERS);
        restoredWriters = -1;
        for (Integer writers : writersState.get()) {
            restoredWriters = writers;
        }
        writersState.update(List.of(numChannels));
        passedState = context.getOperatorStateStore().getUnionListState(PASSED);
        passed = new HashMap<>();
        for (String entry : passedState.get()) {
            // database, table, channel, mark; NUL occurs in no MySQL identifier or topic name. An entry without a
            // channel (a job before 2026-12-07, one partition per table) stands for every channel of its table.
            String[] parts = entry.split("\0", 4);
            if (parts.length >= 3) {
                passed.computeIfAbsent(TableId.of(parts[0], parts[1]), t -> new HashMap<>())
                        .merge(parts.length == 4 ? parts[2] : "", parts[parts.length - 1], PaimonChannelRouter::later);
            }
        }
        // split, not union: at the same parallelism each subtask gets back its own, with the Kafka partitions it reads
        renamesState = context.getOperatorStateStore().getListState(RENAMES);
        renames = new ArrayList<>();
        int subtasks = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        for (String entry : renamesState.get()) {
            PendingRename rename = PendingRename.decode(entry);
            if (rename.subtasks != subtasks) {
                throw new SuppressRestartsException(new IllegalStateException(String.format(
                        "This state holds changes of %s and %s waiting for the rename of the Paimon table to %s, read"
                                + " by one of %d subtasks; with %d subtasks they could be written after later"
                                + " changes of the same keys. Restore with parallelism %d, or from a checkpoint"
                                + " taken after the rename",
                        rename.from, rename.to, rename.renamed, rename.subtasks, subtasks, rename.subtasks)));
            }
            renames.add(rename);
        }
        declinedState = context.getOperatorStateStore().getListState(DECLINED);
        declined = new LinkedHashSet<>();
        declinedState.get().forEach(declined::add);
        heldState = context.getOperatorStateStore().getListState(HELD);
        held = new ArrayList<>();
        heldSources = new HashSet<>();
        for (Tuple2<String, ChangeEvent> entry : heldState.get()) {
            // the codec keeps the channel of heartbeats only
            hold(entry.f1.withChannel(entry.f0.isEmpty() ? null : entry.f0));
        }
    }

    private static String later(String a, String b) {
        Integer order = PaimonTableReconciler.compareMarks(a, b);
        return order != null && order < 0 ? b : a;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointClock.checkpointed(context.getCheckpointTimestamp());
        List<String> entries = new ArrayList<>();
        passed.forEach((id, byChannel) -> byChannel.forEach(
                (channel, mark) -> entries.add(id.database() + "\0" + id.table() + "\0" + channel + "\0" + mark)));
        passedState.update(entries);
        List<String> pending = new ArrayList<>(renames.size());
        for (PendingRename rename : renames) {
            pending.add(rename.encode());
        }
        renamesState.update(pending);
        declinedState.update(new ArrayList<>(declined));
        heldState.update(held);
        // a table without changes for the writers' idle timeout gives up its routing state (its Paimon table,
        // converters, key extractors), as its writer does: memory follows the tables written recently
        long now = System.nanoTime();
        for (Iterator<TableRoute> it = routes.values().iterator(); it.hasNext(); ) {
            TableRoute route = it.next();
            if (route.used) {
                route.used = false;
                route.lastUse = now;
            } else if (now - route.lastUse >= idleNanos) {
                it.remove();
            }
        }
    }

    /** The writer subtask of a table's channel before rotation: spreads tables over the writers. */
    static int tableOffset(TableId id, int numChannels) {
        return Math.floorMod(id.hashCode(), numChannels);
    }

    /**
     * How many assign ids a dynamic-bucket table's keys are spread over: its
     * {@code dynamic-bucket.assigner-parallelism}, which the job sets to the writer parallelism when it creates the
     * table, so that it stays the same when the job is rescaled. Keys and buckets belong to assign ids (Paimon's
     * {@link BucketAssigner#computeAssigner} over this fixed count), and each assign id is sent to one writer subtask:
     * a bucket never has two writers, whatever the parallelism. A table without the option (created elsewhere) uses
     * the current writer parallelism.
     */
    static int numAssigners(FileStoreTable table, int numChannels) {
        Integer configured = table.coreOptions().dynamicBucketAssignerParallelism();
        return configured == null ? numChannels : configured;
    }

    @Override
    public void open(OpenContext openContext) {
        catalog = catalogLoader.load();
        reconciler = new PaimonTableReconciler(catalog, tableOptions, types, numChannels);
        routes = new HashMap<>();
        sinksBySource = new HashMap<>();
        heartbeatChannel = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() % numChannels;
    }

    /**
     * @throws RecordRejectedException when the table cannot take the event's columns or values: a bad record, which
     *     the chained Kafka source's bad-record policy handles
     * @throws SuppressRestartsException when the table contradicts the configuration (primary key, partition keys,
     *     bucket mode): retrying cannot help
     */
    @Override
    public void processElement(ChangeEvent event, Context ctx, Collector<Tuple3<Integer, ChangeEvent, String>> out)
            throws Exception {
        output = out;
        if (!renames.isEmpty() || !held.isEmpty()) {
            // restored with renames pending: the checks start with the first event
            scheduleRenameCheck();
            if (waitsForRename(event)) {
                hold(event);
                return;
            }
        }
        TableId source = event.tableId();
        if (source == null) {
            out.collect(Tuple3.of(heartbeatChannel, event, null));
            return;
        }
        TableId[] sinks = sinksOf(source);
        RecordRejectedException rejected = null;
        for (TableId sink : sinks) {
            ChangeEvent routed = sink == source ? event : event.withTable(sink);
            if (routed.isHeartbeat()) {
                out.collect(Tuple3.of(heartbeatChannel, routed, null));
            } else if (routed.op() == Op.SCHEMA_CHANGE) {
                applyDdl(routed, source, mergedSinks.apply(source).contains(sink), out);
            } else {
                try {
                    route(routed, source, out);
                } catch (RecordRejectedException e) {
                    // a sink of a fan-out that cannot take the change does not keep it from the others; the record
                    // is a bad record once every sink had it
                    if (rejected == null) {
                        rejected = e;
                    }
                }
            }
        }
        if (rejected != null) {
            throw rejected;
        }
    }

    /**
     * Whether a change waits for a pending rename: of the new name (which did not exist before the statement), of the
     * old name on a channel its marker passed (a table created again; on the others the rows from before the
     * statement go on), or a heartbeat, which vouches for them.
     */
    private boolean waitsForRename(ChangeEvent event) {
        TableId source = event.tableId();
        if (source == null || event.isHeartbeat() || heldSources.contains(source + "\0" + channelKey(event))) {
            return true;
        }
        for (PendingRename rename : renames) {
            if (source.equals(rename.to)
                    || (source.equals(rename.from) && rename.passedChannels.contains(channelKey(event)))) {
                return true;
            }
        }
        return false;
    }

    private void hold(ChangeEvent event) {
        held.add(Tuple2.of(channelKey(event), event));
        if (event.tableId() != null && !event.isHeartbeat()) {
            heldSources.add(event.tableId() + "\0" + channelKey(event));
        }
    }

    private static String renameKey(TableId from, TableId to, String mark) {
        return from + "\0" + to + "\0" + mark;
    }

    /** The pending rename of {@code from} to {@code to} at {@code mark}, added when new. */
    private PendingRename pendingRename(TableId from, TableId to, TableId renamed, String mark) {
        for (PendingRename rename : renames) {
            if (rename.from.equals(from) && rename.to.equals(to) && rename.mark.equals(mark)) {
                return rename;
            }
        }
        PendingRename rename = new PendingRename(
                from, to, renamed, mark, getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
        renames.add(rename);
        scheduleRenameCheck();
        return rename;
    }

    /**
     * Asks the catalog every {@value #RENAME_CHECK_MILLIS} ms while renames are pending, on the task's thread, so that
     * the held changes follow the rename's commit without waiting for another event.
     */
    private void scheduleRenameCheck() {
        if (renameCheckScheduled) {
            return;
        }
        renameCheckScheduled = true;
        ProcessingTimeService time = ((StreamingRuntimeContext) getRuntimeContext()).getProcessingTimeService();
        time.registerTimer(time.getCurrentProcessingTime() + RENAME_CHECK_MILLIS, now -> {
            renameCheckScheduled = false;
            releaseRenamed();
            if (!renames.isEmpty() || !held.isEmpty()) {
                scheduleRenameCheck();
            }
        });
    }

    /**
     * Routes the held changes, in the order they came, once the committer made every pending rename (the lake table
     * has the new name and the statement's mark): all at once, so that no change passes an older one of its table.
     */
    private void releaseRenamed() throws Exception {
        for (Iterator<PendingRename> it = renames.iterator(); it.hasNext(); ) {
            PendingRename rename = it.next();
            try {
                if (PaimonTableReconciler.applied(reconciler.load(rename.renamed), rename.mark)) {
                    it.remove();
                }
            } catch (Catalog.TableNotExistException notYet) {
                // the committer has not renamed it yet
            }
        }
        if (renames.isEmpty() && !held.isEmpty()) {
            List<Tuple2<String, ChangeEvent>> release = held;
            held = new ArrayList<>();
            heldSources.clear();
            for (Tuple2<String, ChangeEvent> waiting : release) {
                processElement(waiting.f1, null, output);
            }
        }
    }

    /**
     * The lake table of the new name when a rename can follow the source table's: each name has one sink, the new one
     * merged with no other; else null.
     */
    @Nullable
    private TableId[] renameTargets(TableId from, TableId to) {
        TableId[] sources = sinksOf(from);
        TableId[] targets = sinksOf(to);
        return sources.length != 1
                        || targets.length != 1
                        || mergedSinks.apply(from).contains(sources[0])
                        || mergedSinks.apply(to).contains(targets[0])
                ? null
                : targets;
    }

    private TableId[] sinksOf(TableId source) {
        TableId[] sinks = sinksBySource.get(source);
        if (sinks == null) {
            try {
                // the source itself when unrouted, so that its events pass on unchanged
                sinks = sinkTables.apply(source).stream()
                        .map(s -> s.equals(source) ? source : s)
                        .toArray(TableId[]::new);
            } catch (IllegalArgumentException e) {
                throw new SuppressRestartsException(e);
            }
            sinksBySource.put(source, sinks);
        }
        return sinks;
    }

    /**
     * Applies a DDL statement as {@code schema.change.behavior} says ({@link PaimonTableReconciler#applyDdl}). When it
     * changed the table, every writer moves onto the new version before it takes another row: the statement follows
     * the rows before it on each writer's channel.
     *
     * @param merged whether other source tables may feed the sink table too (a merging route): one shard's statement
     *     does not drop or rename what the others still write, so there it acts as under lenient
     * @throws SuppressRestartsException when the behavior refuses the statement: retrying cannot help
     */
    private void applyDdl(
            ChangeEvent event, TableId source, boolean merged, Collector<Tuple3<Integer, ChangeEvent, String>> out)
            throws Exception {
        TableId renamedSource = event.ddl().renamedTo();
        if (renamedSource != null) {
            // the lake table takes the name of the new name's only sink; either name routed to several tables, or the
            // new one merged with others, leaves the table as under lenient
            TableId[] targets = renameTargets(source, renamedSource);
            if (targets == null) {
                merged = true;
            } else {
                event = ChangeEvent.schemaChange(event.ddl().withNewName(targets[0]), event.opTs())
                        .withChannel(event.channel());
            }
        }
        SourceDdl ddl = event.ddl();
        boolean changed;
        try {
            changed = reconciler.applyDdl(ddl, event.opTs(), merged);
        } catch (IllegalArgumentException e) {
            throw new SuppressRestartsException(e);
        }
        String mark = PaimonTableReconciler.markOf(event.ddl(), event.opTs());
        if (mark != null && ordered) {
            // applied now, by another subtask's copy, or before (a replay): the channel's changes after it are as
            // the table is, which the next change reloads
            passed.computeIfAbsent(event.tableId(), t -> new HashMap<>())
                    .merge(channelKey(event), mark, PaimonChannelRouter::later);
            routes.remove(event.tableId());
        }
        if (changed && mark != null && event.ddl().emptiesTable() && emptiedByThisJob(event.tableId(), mark)) {
            // another partition's copy, or a replay after a failover: the committer emptied the table for it
            changed = false;
        }
        if (renamedSource != null && mark != null && ordered) {
            if (changed && !merged) {
                // the committer renames the table after the rows before the statement; the changes of both names
                // after it wait, and the new name's changes on this channel come after the statement
                pendingRename(source, renamedSource, ddl.renamedTo(), mark)
                        .passedChannels
                        .add(channelKey(event));
                passed.computeIfAbsent(ddl.renamedTo(), t -> new HashMap<>())
                        .merge(channelKey(event), mark, PaimonChannelRouter::later);
                routes.remove(ddl.renamedTo());
            } else {
                // not renamed (done before, merged, or refused under try_evolve): the new name's changes need not
                // wait, also when its marker comes later
                renames.removeIf(r -> r.from.equals(source) && r.to.equals(renamedSource) && r.mark.equals(mark));
                declined.add(renameKey(source, renamedSource, mark));
                if (declined.size() > DECLINED_KEPT) {
                    declined.remove(declined.iterator().next());
                }
            }
        }
        TableId renamedFrom = ddl.renamedFrom();
        if (renamedFrom != null && mark != null && ordered) {
            // the new name's marker, which capture-job may write through another Kafka writer than the old name's:
            // when the rename is to be made, the new name's changes wait for it from here on
            TableId[] targets = renameTargets(renamedFrom, source);
            if (targets != null
                    && !declined.contains(renameKey(renamedFrom, source, mark))
                    && reconciler.willRename(ddl, sinksOf(renamedFrom)[0], targets[0])) {
                pendingRename(renamedFrom, source, targets[0], mark);
            }
        }
        if (changed) {
            routes.remove(event.tableId());
            // a statement's tag is the Kafka partition of its copy: the event's own channel does not cross the network
            for (int channel = 0; channel < numChannels; channel++) {
                out.collect(Tuple3.of(channel, event, channelKey(event)));
            }
        }
    }

    /**
     * @throws RecordRejectedException when the table cannot take the event's columns or values: a bad record, which
     *     the chained Kafka source's bad-record policy handles
     * @throws SuppressRestartsException when the table contradicts the configuration (primary key, partition keys,
     *     bucket mode): retrying cannot help
     */
    private void route(ChangeEvent event, TableId source, Collector<Tuple3<Integer, ChangeEvent, String>> out)
            throws Exception {
        TableId id = event.tableId();
        TableRoute route = routes.get(id);
        ChangeEvent routed;
        String tag;
        try {
            if (route == null) {
                PaimonTableReconciler.requirePrimaryKey(id, event.schema());
                TableCreationSpec spec = creationSpecs.apply(source);
                route = new TableRoute(id, spec, reconciler.getOrCreate(id, event.schema(), spec));
                routes.put(id, route);
            }
            route.used = true;
            String mark = ordered ? route.markOf(channelKey(event)) : null;
            // a change from before drops and renames the table applied first takes them: evolving the table for its
            // old columns would bring them back
            routed = route.prepare(event, mark);
            tag = routed == event ? mark : route.history.lastMark();
            route.check(routed);
        } catch (PaimonTableReconciler.ColumnConflictException | PaimonRowConverter.ValueRejectedException e) {
            throw new RecordRejectedException(new MalformedRecordException(
                    MalformedRecordException.Reason.VALUE_FITS_NO_TYPE, e.getMessage(), source));
        } catch (IllegalArgumentException e) {
            throw new SuppressRestartsException(e);
        }
        if (routed.op() == Op.UPDATE && route.keyChanged(routed)) {
            out.collect(Tuple3.of(
                    route.channel(routed.before()),
                    ChangeEvent.delete(id, routed.schema(), routed.before(), routed.opTs()),
                    tag));
            out.collect(Tuple3.of(
                    route.channel(routed.after()),
                    ChangeEvent.insert(id, routed.schema(), routed.after(), routed.opTs()),
                    tag));
        } else {
            out.collect(Tuple3.of(route.channel(routed.keyImage()), routed, tag));
        }
    }

    /** Whether this job's committer has emptied the table for the statement at {@code mark} or a later one. */
    private boolean emptiedByThisJob(TableId id, String mark) throws Exception {
        String emptied;
        try {
            emptied = DdlHistory.of(reconciler.load(id)).emptiedSince(jobStart);
        } catch (Catalog.TableNotExistException gone) {
            return false;
        }
        Integer order = emptied == null ? null : PaimonTableReconciler.compareMarks(mark, emptied);
        return order != null && order <= 0;
    }

    /** The key of an event's channel in {@link #passed}. */
    private static String channelKey(ChangeEvent event) {
        return event.channel() == null ? "" : event.channel();
    }

    @Override
    public void close() throws Exception {
        if (catalog != null) {
            catalog.close();
        }
    }

    /**
     * A rename the committer has still to make: source table {@code from} became {@code to}, whose lake table
     * {@code renamed} has the statement's {@code mark} once it is done; read by one of {@code subtasks} subtasks.
     */
    private static final class PendingRename {
        final TableId from;
        final TableId to;
        final TableId renamed;
        final String mark;
        final int subtasks;
        /**
         * The channels whose copy of the old name's marker passed: the old name's later changes there are of a table
         * created again, and wait too.
         */
        final Set<String> passedChannels = new LinkedHashSet<>();

        PendingRename(TableId from, TableId to, TableId renamed, String mark, int subtasks) {
            this.from = from;
            this.to = to;
            this.renamed = renamed;
            this.mark = mark;
            this.subtasks = subtasks;
        }

        /** NUL-separated, the passed channels last: NUL occurs in no MySQL identifier or topic name. */
        String encode() {
            List<String> parts = new ArrayList<>(List.of(
                    from.database(),
                    from.table(),
                    to.database(),
                    to.table(),
                    renamed.database(),
                    renamed.table(),
                    mark,
                    String.valueOf(subtasks)));
            parts.addAll(passedChannels);
            return String.join("\0", parts);
        }

        static PendingRename decode(String entry) {
            String[] p = entry.split("\0", -1);
            PendingRename rename = new PendingRename(
                    TableId.of(p[0], p[1]),
                    TableId.of(p[2], p[3]),
                    TableId.of(p[4], p[5]),
                    p[6],
                    Integer.parseInt(p[7]));
            rename.passedChannels.addAll(Arrays.asList(p).subList(8, p.length));
            return rename;
        }
    }

    /** Routing state of one table for its current schema version. */
    private final class TableRoute {
        private final TableId id;
        private final TableCreationSpec spec;
        private final int offset;
        private final Map<TableSchema, PaimonRowConverter> converters = new HashMap<>();
        private FileStoreTable table;
        private TableSchema eventSchema;
        private PaimonRowConverter converter;
        /** Only the key, partition and bucket-key fields are filled: they are all routing reads. */
        private GenericRow keyRow;

        private int[] keyFields;
        private RowPartitionKeyExtractor keyExtractor;
        /** Null for dynamic-bucket tables. */
        private FixedBucketRowKeyExtractor fixedBucket;

        private int numAssigners;
        /** The drops and renames the table applied. */
        private DdlHistory history;
        /** The mark of a channel first seen ({@link DdlHistory#baseline}). */
        private String baseline;
        /** The table's marks by channel, in {@link #passed}; null unless {@link #ordered}. */
        private Map<String, String> marks;
        /** Whether the table was loaded since the last event: a schema it has not seen needs no reload. */
        private boolean loaded;

        /** The last mark asked about, and whether statements came after it: marks change with DDL only. */
        private String lastMark;

        private boolean lastMarkEarlier;
        /** How a change of each schema, read at each earlier mark, is written now. */
        private final Map<String, Map<TableSchema, Optional<DdlHistory.Mapping>>> replayed = new HashMap<>();

        /** Whether an event went this way since the last checkpoint, and when the last checkpoint found one. */
        private boolean used;

        private long lastUse = System.nanoTime();

        TableRoute(TableId id, TableCreationSpec spec, FileStoreTable table) {
            this.id = id;
            this.spec = spec;
            this.offset = tableOffset(id, numChannels);
            useTable(table);
        }

        private void useTable(FileStoreTable newTable) {
            table = newTable;
            history = DdlHistory.of(newTable);
            baseline = history.baseline(jobStart);
            if (ordered) {
                marks = passed.computeIfAbsent(id, t -> new HashMap<>());
                // kept in state: a job restored from it starts the partitions this one had not read yet there
                marks.putIfAbsent("", baseline);
            }
            loaded = true;
            lastMark = null;
            replayed.clear();
            converters.clear();
            eventSchema = null;
            RowType rowType = newTable.rowType();
            Set<String> routingFields = new LinkedHashSet<>(newTable.schema().primaryKeys());
            routingFields.addAll(newTable.schema().partitionKeys());
            routingFields.addAll(newTable.schema().bucketKeys());
            keyFields = routingFields.stream().mapToInt(rowType::getFieldIndex).toArray();
            keyRow = new GenericRow(rowType.getFieldCount());
            keyExtractor = new RowPartitionKeyExtractor(newTable.schema());
            boolean dynamic = newTable.bucketMode() == BucketMode.HASH_DYNAMIC;
            fixedBucket = dynamic ? null : new FixedBucketRowKeyExtractor(newTable.schema());
            numAssigners = numAssigners(newTable, numChannels);
            if (dynamic
                    && newTable.coreOptions().dynamicBucketAssignerParallelism() == null
                    && restoredWriters > 0
                    && restoredWriters != numChannels) {
                throw new SuppressRestartsException(new IllegalStateException(String.format(
                        "Paimon table %s has dynamic buckets assigned by as many writers as the job had, %d, and this"
                                + " job restored with %d writers: its buckets would get two writers each, whose"
                                + " compactions conflict. Restore with sink.parallelism %d, or fix the table's"
                                + " assigner count first: ALTER TABLE %s SET ('dynamic-bucket.assigner-parallelism' ="
                                + " '%d') (tables this job creates have it)",
                        id, restoredWriters, numChannels, restoredWriters, id, restoredWriters)));
            }
        }

        /**
         * The mark of the last statement {@code channel} carried; when first seen, the table's mark for channels not
         * seen yet (the baseline of the job that first routed the table, kept in state) (kept).
         */
        String markOf(String channel) {
            String mark = marks.get(channel);
            if (mark == null) {
                mark = marks.get("");
                marks.put(channel, mark);
            }
            return mark;
        }

        /**
         * The change as the table takes it now, and the table able to take it: the drops and renames applied after
         * {@code mark} taken first (null: none), on the table's latest version when the change's schema is new here
         * (another subtask may have applied a statement since this route loaded the table), then the table evolved
         * for the change's columns.
         */
        ChangeEvent prepare(ChangeEvent event, @Nullable String mark) throws Exception {
            ChangeEvent routed = asWrittenNow(event, mark);
            if (mark != null && !loaded && !knows(routed.schema())) {
                FileStoreTable latest = reconciler.load(id);
                if (latest.schema().id() != table.schema().id()) {
                    useTable(latest);
                    routed = asWrittenNow(event, mark);
                }
            }
            loaded = false;
            adapt(routed.schema());
            return routed;
        }

        private boolean knows(TableSchema schema) {
            return schema == eventSchema || schema.equals(eventSchema) || converters.containsKey(schema);
        }

        /**
         * A change read at {@code mark} as the statements after it left the table: without the columns they dropped,
         * with the ones they renamed under the new name (a change that already has them is left as it is).
         */
        private ChangeEvent asWrittenNow(ChangeEvent event, @Nullable String mark) {
            if (mark == null) {
                return event;
            }
            if (mark != lastMark) {
                lastMark = mark;
                lastMarkEarlier = history.hasAfter(mark);
            }
            if (!lastMarkEarlier) {
                return event;
            }
            DdlHistory.Mapping m = replayed.computeIfAbsent(mark, k -> new HashMap<>())
                    .computeIfAbsent(event.schema(), s -> Optional.ofNullable(history.mapping(s, mark)))
                    .orElse(null);
            return m == null ? event : m.apply(event);
        }

        /** Makes the table hold rows of {@code schema}, evolving it first when needed. */
        void adapt(TableSchema schema) throws Exception {
            if (schema == eventSchema || schema.equals(eventSchema)) {
                eventSchema = schema;
                return;
            }
            PaimonRowConverter known = converters.get(schema);
            if (known == null) {
                FileStoreTable latest = reconciler.reconcile(id, schema, table, spec);
                if (latest.schema().id() != table.schema().id()) {
                    useTable(latest);
                }
                known = PaimonRowConverter.create(id, schema, table.rowType(), types);
                converters.put(schema, known);
            }
            eventSchema = schema;
            converter = known;
        }

        /** Rejects values the table's columns cannot hold, before the event reaches a writer. */
        void check(ChangeEvent event) {
            if (converter.rejectsValues()) {
                if (event.before() != null) {
                    converter.check(event.before());
                }
                if (event.after() != null) {
                    converter.check(event.after());
                }
            }
        }

        boolean keyChanged(ChangeEvent event) {
            Object[] before = event.before();
            Object[] after = event.after();
            for (int k : event.schema().primaryKeyIndexes()) {
                if (!Objects.deepEquals(before[k], after[k])) {
                    return true;
                }
            }
            return false;
        }

        int channel(Object[] image) {
            for (int k : eventSchema.primaryKeyIndexes()) {
                if (image[k] == null) {
                    throw new IllegalArgumentException(String.format(
                            "Primary-key column '%s' of table %s (key %s) is null in a change event; Paimon keys cannot"
                                    + " be null: fix the source rows or choose other primary-keys in the transform "
                                    + "rule",
                            eventSchema.column(k).name(), id, eventSchema.primaryKeys()));
                }
            }
            converter.fill(image, keyRow, keyFields);
            BinaryRow partition = keyExtractor.partition(keyRow);
            int channel;
            if (fixedBucket == null) {
                int keyHash = keyExtractor.trimmedPrimaryKey(keyRow).hashCode();
                channel = BucketAssigner.computeAssigner(partition.hashCode(), keyHash, numAssigners, numAssigners);
            } else {
                fixedBucket.setRecord(keyRow);
                channel = ChannelComputer.select(partition, fixedBucket.bucket(), numChannels);
            }
            return (channel + offset) % numChannels;
        }
    }
}

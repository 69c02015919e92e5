package dev.cdclake.ingest.paimon;

import dev.cdclake.events.TableId;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.paimon.CoreOptions;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.io.DataFileMeta;
import org.apache.paimon.schema.SchemaChange;
import org.apache.paimon.table.FileStoreTable;
import org.apache.paimon.table.sink.CommitMessage;
import org.apache.paimon.table.sink.CommitMessageImpl;
import org.apache.paimon.table.sink.StreamTableCommit;
import org.apache.paimon.table.sink.TableCommitImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Commits {@link PaimonCommittable}s table by table with one {@link StreamTableCommit} per table, all under the job's
 * commit user. Paimon identifies a commit by (commit user, identifier = checkpoint id); {@link #filterAndCommit} relies
 * on that to skip what was committed before a restore. A table's commit is closed once the table has had nothing to
 * commit for the idle timeout, and opened again with its next files.
 */
final class PaimonMultiTableCommitter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PaimonMultiTableCommitter.class);

    /** Appended to the job's commit user for the snapshots that empty tables ({@link #empty}). */
    static final String EMPTYING_USER_SUFFIX = "-emptying";

    private final Catalog catalog;
    private final String commitUser;
    private final long idleNanos;
    private final int threads;
    /** When the job was built (epoch ms): the emptyings committed since are this job's ({@link #empty}). */
    private final long jobStart;

    private final Map<TableId, TableCommit> commits = new HashMap<>();

    /**
     * The committed copies of rename markers whose statement still misses some (capture-job's hash-by-key copies a
     * marker into every partition, read by any subtask at any time): the committer operator keeps them in its state.
     */
    private final List<PaimonCommittable> partialRenames = new ArrayList<>();

    @Nullable
    private ExecutorService pool;

    /**
     * @param threads how many tables commit at the same time
     * @param jobStart when the job was built (epoch ms)
     */
    PaimonMultiTableCommitter(Catalog catalog, String commitUser, Duration idleTimeout, int threads, long jobStart) {
        this.catalog = catalog;
        this.commitUser = commitUser;
        this.idleNanos = idleTimeout.toNanos();
        this.threads = threads;
        this.jobStart = jobStart;
    }

    /**
     * Commits the committables of one checkpoint: one snapshot per table that has files; progress is skipped.
     *
     * @return how many tables were committed
     */
    int commit(long identifier, List<PaimonCommittable> committables) throws Exception {
        Map<TableId, List<CommitMessage>> byTable = new LinkedHashMap<>();
        int emptiedTables = 0;
        List<PaimonCommittable> renames = new ArrayList<>();
        for (PaimonCommittable c : committables) {
            if (c.renamedTo() != null) {
                renames.add(c);
            } else if (c.emptiesTable()) {
                // before any file of the table in this checkpoint is committed; only one writer's counts
                emptiedTables += empty(c.tableId(), identifier, c.mark());
            } else if (!c.isProgress()) {
                byTable.computeIfAbsent(c.tableId(), t -> new ArrayList<>()).addAll(c.messages());
            }
        }
        // tables commit independently of each other: their snapshots are written in parallel, while the catalog is
        // only asked from this thread
        List<Future<?>> running = new ArrayList<>(byTable.size());
        for (Map.Entry<TableId, List<CommitMessage>> e : byTable.entrySet()) {
            List<CommitMessage> messages = e.getValue();
            StreamTableCommit commit = commitOf(e.getKey(), newestSchema(messages));
            if (byTable.size() == 1) {
                commit.commit(identifier, messages);
            } else {
                running.add(pool().submit(() -> {
                    commit.commit(identifier, messages);
                    return null;
                }));
            }
        }
        await(running);
        return byTable.size() + emptiedTables + renameWhenComplete(renames);
    }

    /**
     * Adds copies of rename markers, and renames each table whose statement now has every copy (each writer tells of
     * each copy it got; one is enough).
     *
     * @return how many tables were renamed
     */
    private int renameWhenComplete(List<PaimonCommittable> copies) throws Exception {
        partialRenames.addAll(copies);
        Map<String, Set<String>> copiesByStatement = new HashMap<>();
        Map<String, PaimonCommittable> lastCopy = new LinkedHashMap<>();
        for (PaimonCommittable c : partialRenames) {
            String statement = c.tableId() + "\0" + c.renamedTo() + "\0" + c.mark();
            copiesByStatement.computeIfAbsent(statement, k -> new HashSet<>()).add(c.copy());
            lastCopy.merge(statement, c, (a, b) -> a.checkpointId() >= b.checkpointId() ? a : b);
        }
        int renamed = 0;
        for (Map.Entry<String, PaimonCommittable> e : lastCopy.entrySet()) {
            PaimonCommittable last = e.getValue();
            if (copiesByStatement.get(e.getKey()).size() >= last.copies()) {
                renamed += rename(last);
                partialRenames.removeIf(c -> c.tableId().equals(last.tableId())
                        && c.renamedTo().equals(last.renamedTo())
                        && c.mark().equals(last.mark()));
            }
        }
        return renamed;
    }

    /** The copies of rename markers that still wait for others, to keep in state. */
    List<PaimonCommittable> partialRenames() {
        return partialRenames;
    }

    /**
     * Renames a table after its files of the rename's checkpoint are committed: its source table was renamed in that
     * checkpoint, and the router holds the changes of both names until the table has the new name. The statement's
     * mark goes into the table before the rename ({@link PaimonTableReconciler#DDL_POSITION_OPTION}), so the renamed
     * table tells a replay or a restore that it is done.
     *
     * @return 1 when it renamed the table, 0 when that was done before
     * @throws SuppressRestartsException when a table of the new name exists: retrying cannot help
     */
    private int rename(PaimonCommittable r) throws Exception {
        TableId id = r.tableId();
        FileStoreTable table;
        try {
            table = (FileStoreTable) catalog.getTable(PaimonTableReconciler.identifier(id));
        } catch (Catalog.TableNotExistException gone) {
            if (!renamed(r)) {
                LOG.warn(
                        "Paimon table {} was to be renamed to {} in checkpoint {} but no longer exists",
                        id,
                        r.renamedTo(),
                        r.checkpointId());
            }
            return 0;
        }
        if (renamed(r)) {
            // the table of the old name is a new one, created by changes after the statement
            return 0;
        }
        TableCommit open = commits.remove(id);
        if (open != null) {
            open.commit.close();
        }
        if (!PaimonTableReconciler.applied(table, r.mark())) {
            catalog.alterTable(
                    PaimonTableReconciler.identifier(id),
                    List.of(SchemaChange.setOption(PaimonTableReconciler.DDL_POSITION_OPTION, r.mark())),
                    false);
        }
        try {
            catalog.renameTable(
                    PaimonTableReconciler.identifier(id), PaimonTableReconciler.identifier(r.renamedTo()), false);
        } catch (Catalog.TableAlreadyExistException e) {
            throw new SuppressRestartsException(new IllegalStateException(
                    String.format(
                            "Cannot rename Paimon table %s to %s after its source table was renamed: %s exists"
                                    + " already, created from changes of the new name read before the statement (from"
                                    + " another topic or partition). Drop it, or route the new name to a table of its"
                                    + " own, and restart the job from its last checkpoint",
                            id, r.renamedTo(), r.renamedTo()),
                    e));
        }
        LOG.info(
                "Renamed Paimon table {} to {} in checkpoint {}: its source table was renamed",
                id,
                r.renamedTo(),
                r.checkpointId());
        return 1;
    }

    /** Whether the table of a rename's new name exists with the statement's mark: the rename is done. */
    private boolean renamed(PaimonCommittable r) throws Exception {
        try {
            return PaimonTableReconciler.applied(
                    catalog.getTable(PaimonTableReconciler.identifier(r.renamedTo())), r.mark());
        } catch (Catalog.TableNotExistException notYet) {
            return false;
        }
    }

    /**
     * Empties a table before the files of checkpoint {@code identifier} are committed: its source table was dropped or
     * truncated in that checkpoint. The emptying is a snapshot that overwrites every partition with nothing, committed
     * under a commit user of its own ({@link #EMPTYING_USER_SUFFIX}), so that the rows written after the statement are
     * an ordinary commit of the job's user with the same identifier (Paimon's streaming reads and changelog skip
     * overwrites) and a restore decides on each of the two by its own user. The statement's mark is recorded in the
     * table ({@link DdlHistory#EMPTIED_OPTION}) afterwards: a statement is emptied once, whichever copy of its marker
     * (capture-job's hash-by-key) or replay asks again.
     *
     * @param mark the statement's mark, or null when unknown
     * @return 1 when it emptied the table, 0 when that was done before or the table no longer exists
     */
    private int empty(TableId id, long identifier, @Nullable String mark) throws Exception {
        FileStoreTable table;
        try {
            table = (FileStoreTable) catalog.getTable(PaimonTableReconciler.identifier(id));
        } catch (Catalog.TableNotExistException gone) {
            LOG.warn("Paimon table {} was to be emptied in checkpoint {} but no longer exists", id, identifier);
            return 0;
        }
        // a copy that reached the writers while the mark was being recorded, e.g. replayed after a failover
        String emptied = DdlHistory.of(table).emptiedSince(jobStart);
        if (mark != null && emptied != null) {
            Integer order = PaimonTableReconciler.compareMarks(mark, emptied);
            if (order != null && order <= 0) {
                return 0;
            }
        }
        // every partition: a dynamic partition overwrite keeps the partitions it has no new files for
        FileStoreTable whole = table.copy(Map.of(CoreOptions.DYNAMIC_PARTITION_OVERWRITE.key(), "false"));
        try (TableCommitImpl commit = whole.newCommit(commitUser + EMPTYING_USER_SUFFIX)) {
            commit.withOverwrite(Map.of());
            int done = commit.filterAndCommit(Map.of(identifier, List.of()));
            if (done > 0) {
                LOG.info(
                        "Emptied Paimon table {} in checkpoint {}: its source table was dropped or truncated",
                        id,
                        identifier);
            }
            if (mark != null) {
                catalog.alterTable(
                        PaimonTableReconciler.identifier(id),
                        List.of(SchemaChange.setOption(
                                DdlHistory.EMPTIED_OPTION, DdlHistory.emptiedOption(mark, System.currentTimeMillis()))),
                        false);
            }
            return done;
        }
    }

    private ExecutorService pool() {
        if (pool == null) {
            AtomicInteger n = new AtomicInteger();
            pool = Executors.newFixedThreadPool(threads, runnable -> {
                Thread thread = new Thread(runnable, "paimon-commit-" + n.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
        return pool;
    }

    /** Waits for every commit, then fails with the first failure: a failed table never hides the others' outcome. */
    private static void await(List<Future<?>> running) throws Exception {
        Exception failure = null;
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** How many tables have an open commit (the {@code openTableCommits} gauge). */
    int openCommits() {
        return commits.size();
    }

    /** Closes the commit of each table that committed nothing for the idle timeout. */
    void closeIdle() throws Exception {
        long now = System.nanoTime();
        for (Iterator<TableCommit> it = commits.values().iterator(); it.hasNext(); ) {
            TableCommit c = it.next();
            if (now - c.lastUsed >= idleNanos) {
                c.commit.close();
                it.remove();
            }
        }
    }

    /**
     * Commits restored committables that the commit user has not committed yet.
     *
     * @return how many (table, checkpoint) commits were made
     */
    int filterAndCommit(Iterable<PaimonCommittable> restored) throws Exception {
        Map<TableId, NavigableMap<Long, List<CommitMessage>>> byTable = new LinkedHashMap<>();
        Map<TableId, PaimonCommittable> emptied = new HashMap<>();
        List<PaimonCommittable> renames = new ArrayList<>();
        for (PaimonCommittable c : restored) {
            if (c.isProgress()) {
                continue;
            }
            if (c.renamedTo() != null) {
                renames.add(c);
                continue;
            }
            byTable.computeIfAbsent(c.tableId(), t -> new TreeMap<>())
                    .computeIfAbsent(c.checkpointId(), cp -> new ArrayList<>())
                    .addAll(c.messages());
            if (c.emptiesTable()) {
                emptied.merge(c.tableId(), c, (a, b) -> a.checkpointId() >= b.checkpointId() ? a : b);
            }
        }
        // renamed before the restore: the table's checkpoints up to the rename's were committed under the old name and
        // went with it; the table of that name now is a new one
        Map<TableId, Long> renamedAt = new HashMap<>();
        for (Iterator<PaimonCommittable> it = renames.iterator(); it.hasNext(); ) {
            PaimonCommittable r = it.next();
            if (renamed(r)) {
                renamedAt.merge(r.tableId(), r.checkpointId(), Math::max);
                it.remove();
            }
        }
        int committed = 0;
        for (Map.Entry<TableId, NavigableMap<Long, List<CommitMessage>>> e : byTable.entrySet()) {
            NavigableMap<Long, List<CommitMessage>> checkpoints = e.getValue();
            Long renamedIn = renamedAt.get(e.getKey());
            if (renamedIn != null) {
                checkpoints = checkpoints.tailMap(renamedIn, false);
            }
            PaimonCommittable last = emptied.get(e.getKey());
            if (last != null && (renamedIn == null || last.checkpointId() > renamedIn)) {
                committed += empty(e.getKey(), last.checkpointId(), last.mark());
                // the checkpoints before the last emptying are gone with it: committed now, they would come back
                checkpoints = checkpoints.tailMap(last.checkpointId(), true);
            }
            // an emptied committable brings no files: nothing to commit for its checkpoint
            checkpoints.values().removeIf(List::isEmpty);
            int n = checkpoints.isEmpty()
                    ? 0
                    : commitOf(e.getKey(), Long.MAX_VALUE).filterAndCommit(checkpoints);
            if (n > 0) {
                LOG.info(
                        "Committed {} restored checkpoint(s) of Paimon table {} as {} (restored checkpoints {})",
                        n,
                        e.getKey(),
                        commitUser,
                        checkpoints.keySet());
            }
            committed += n;
        }
        return committed + renameWhenComplete(renames);
    }

    /** The newest schema version any file of {@code messages} was written with. */
    private static long newestSchema(List<CommitMessage> messages) {
        long newest = -1;
        for (CommitMessage m : messages) {
            CommitMessageImpl message = (CommitMessageImpl) m;
            for (DataFileMeta f : message.newFilesIncrement().newFiles()) {
                newest = Math.max(newest, f.schemaId());
            }
            for (DataFileMeta f : message.compactIncrement().compactAfter()) {
                newest = Math.max(newest, f.schemaId());
            }
        }
        return newest;
    }

    /**
     * The commit of a table whose schema is at least {@code writersSchema}: a snapshot records the committer's schema,
     * which must not be older than any the writers used. The catalog is read only when the writers used a newer one
     * (or on restore): with many tables, a catalog read per table and checkpoint is most of a checkpoint's commit.
     */
    private StreamTableCommit commitOf(TableId id, long writersSchema) throws Exception {
        TableCommit current = commits.get(id);
        if (current != null && writersSchema <= current.schemaId) {
            current.lastUsed = System.nanoTime();
            return current.commit;
        }
        FileStoreTable latest = (FileStoreTable) catalog.getTable(PaimonTableReconciler.identifier(id));
        if (current == null || current.schemaId != latest.schema().id()) {
            if (current != null) {
                current.commit.close();
            }
            current = new TableCommit(
                    latest.schema().id(),
                    latest.newStreamWriteBuilder().withCommitUser(commitUser).newCommit());
            commits.put(id, current);
        }
        current.lastUsed = System.nanoTime();
        return current.commit;
    }

    @Override
    public void close() throws Exception {
        if (pool != null) {
            pool.shutdownNow();
        }
        Exception failure = null;
        for (TableCommit c : commits.values()) {
            try {
                c.commit.close();
            } catch (Exception e) {
                failure = e;
            }
        }
        commits.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private static final class TableCommit {
        final long schemaId;
        final StreamTableCommit commit;
        long lastUsed;

        TableCommit(long schemaId, StreamTableCommit commit) {
            this.schemaId = schemaId;
            this.commit = commit;
        }
    }
}

package dev.cdclake.ingest.paimon;

import dev.cdclake.events.health.CheckpointClock;
import dev.cdclake.events.health.OutageGuard;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.CatalogLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Commits the writers' files, per table, when the checkpoint that produced them completes (parallelism 1). Pending
 * committables live in operator state, so a checkpoint that completed but whose notification was lost is committed on
 * restore with {@code filterAndCommit}, which skips what the job's commit user already committed.
 *
 * <p>Like Paimon's own committer, it fails the job once after committing anything on restore: writers start in
 * parallel with the committer and may have read the table before that commit, which would give new rows older
 * sequence numbers than the recovered ones; after the restart they all see the recovered snapshot.
 *
 * <p>It keeps each table's freshness from the heartbeats of the checkpoints it commits ({@link TableFreshness}) and,
 * given the source's lag, watches the source ({@link SourceWatch}): a source away for longer than the outage timeout
 * ends the job.
 */
final class PaimonCommitterOperator extends AbstractStreamOperator<Void>
        implements OneInputStreamOperator<PaimonCommittable, Void>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(PaimonCommitterOperator.class);

    private static final ListStateDescriptor<PaimonCommittable> PENDING =
            new ListStateDescriptor<>("paimon-pending-committables", PaimonCommittableTypeInfo.INSTANCE);

    private final CatalogLoader catalogLoader;
    private final String initialCommitUser;

    @Nullable
    private final SourceLag sourceLag;

    private final Duration outageTimeout;
    private final Duration idleTimeout;
    private final int commitThreads;
    private final long jobStart;

    @Nullable
    private final OutageGuard outageGuard;

    /** How long the last checkpoint's commits took: with many tables, one snapshot per table adds up. */
    private transient volatile long lastCommitMillis;

    private transient Catalog catalog;
    private transient PaimonMultiTableCommitter committer;
    private transient ListState<PaimonCommittable> pendingState;
    private transient CheckpointClock checkpointClock;
    /** Committables by checkpoint id, not yet committed. */
    private transient NavigableMap<Long, List<PaimonCommittable>> pending;

    private transient TableFreshness freshness;

    @Nullable
    private transient SourceWatch watch;

    PaimonCommitterOperator(
            CatalogLoader catalogLoader,
            String initialCommitUser,
            @Nullable SourceLag sourceLag,
            Duration outageTimeout,
            Duration idleTimeout,
            int commitThreads,
            long jobStart,
            @Nullable OutageGuard outageGuard) {
        this.catalogLoader = catalogLoader;
        this.initialCommitUser = initialCommitUser;
        this.sourceLag = sourceLag;
        this.outageTimeout = outageTimeout;
        this.idleTimeout = idleTimeout;
        this.commitThreads = commitThreads;
        this.jobStart = jobStart;
        this.outageGuard = outageGuard;
    }

    @Override
    public void open() throws Exception {
        super.open();
        freshness = new TableFreshness(getMetricGroup());
        getMetricGroup().gauge("lastCommitDurationMs", () -> lastCommitMillis);
        getMetricGroup().gauge("openTableCommits", () -> committer.openCommits());
        if (sourceLag != null) {
            watch = new SourceWatch(sourceLag, outageTimeout, freshness::lag, "cdclake-source-watch");
            scheduleSourceCheck();
        }
    }

    private void scheduleSourceCheck() {
        ProcessingTimeService time = getProcessingTimeService();
        time.registerTimer(time.getCurrentProcessingTime() + SourceWatch.PERIOD.toMillis(), now -> {
            try {
                watch.check();
            } catch (SourceWatch.SourceAwayException e) {
                // restarting cannot bring the source back sooner: fail once, with the cause
                throw new SuppressRestartsException(e);
            }
            scheduleSourceCheck();
        });
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        // before the catalog is opened: an unreachable one would fail here again, and the job restart forever
        checkpointClock = CheckpointClock.restore(
                context.getOperatorStateStore(),
                context.isRestored(),
                getRuntimeContext().getTaskInfo().getAttemptNumber(),
                outageGuard);
        String commitUser = CommitUserState.restoreOrInit(context, initialCommitUser);
        catalog = catalogLoader.load();
        committer = new PaimonMultiTableCommitter(catalog, commitUser, idleTimeout, commitThreads, jobStart);
        pending = new TreeMap<>();
        pendingState = context.getOperatorStateStore().getListState(PENDING);
        if (context.isRestored()) {
            int committed = committer.filterAndCommit(pendingState.get());
            pendingState.clear();
            if (committed > 0) {
                throw new RuntimeException("This exception is intentionally thrown after committing the restored"
                        + " checkpoints to Paimon: the restart lets every writer start from these commits.");
            }
        }
    }

    @Override
    public void processElement(StreamRecord<PaimonCommittable> element) {
        PaimonCommittable c = element.getValue();
        pending.computeIfAbsent(c.checkpointId(), cp -> new ArrayList<>()).add(c);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<PaimonCommittable> all = new ArrayList<>();
        pending.values().forEach(all::addAll);
        all.addAll(committer.partialRenames());
        pendingState.update(all);
        checkpointClock.checkpointed(context.getCheckpointTimestamp());
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        commitUpTo(checkpointId);
        // also when this checkpoint brought nothing: the commits of tables gone idle are released
        committer.closeIdle();
    }

    /**
     * Commits everything, including the writers' end-of-input flush (identifier {@link PaimonCommittable#END_INPUT}).
     */
    @Override
    public void endInput() throws Exception {
        commitUpTo(PaimonCommittable.END_INPUT);
    }

    private void commitUpTo(long checkpointId) throws Exception {
        Iterator<Map.Entry<Long, List<PaimonCommittable>>> it =
                pending.headMap(checkpointId, true).entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, List<PaimonCommittable>> entry = it.next();
            long start = System.nanoTime();
            int tables = committer.commit(entry.getKey(), entry.getValue());
            lastCommitMillis = (System.nanoTime() - start) / 1_000_000;
            if (tables > 0) {
                LOG.info("Committed checkpoint {}: {} tables in {} ms", entry.getKey(), tables, lastCommitMillis);
            }
            long now = System.currentTimeMillis();
            for (PaimonCommittable c : entry.getValue()) {
                if (c.isProgress()) {
                    freshness.committed(c.heartbeats());
                } else {
                    freshness.committedRows(c.tableId(), now);
                }
            }
            it.remove();
        }
    }

    @Override
    public void close() throws Exception {
        if (watch != null) {
            watch.close();
        }
        if (committer != null) {
            committer.close();
        }
        if (catalog != null) {
            catalog.close();
        }
        super.close();
    }
}

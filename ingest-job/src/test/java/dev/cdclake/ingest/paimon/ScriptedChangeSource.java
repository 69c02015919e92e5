package dev.cdclake.ingest.paimon;

import dev.cdclake.events.ChangeEvent;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.IntSerializer;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.source.SourceFunction;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Test source that replays a script of change events in batches and waits, after each batch, until a checkpoint taken
 * after that batch has completed: every batch boundary is a committed Paimon snapshot, deterministically. Its position
 * is checkpointed, so a restored job resumes where the checkpoint was. It can fail once after a given position (an
 * injected crash), and it can keep running without emitting once the script is done (for savepoint tests).
 * Scripts live in a static registry because change events are not {@code Serializable}; the MiniCluster runs in this
 * JVM.
 */
final class ScriptedChangeSource implements SourceFunction<ChangeEvent>, CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 1L;
    private static final Duration CHECKPOINT_DEADLINE = Duration.ofSeconds(60);

    static final Map<String, List<ChangeEvent>> SCRIPTS = new ConcurrentHashMap<>();
    static final Map<String, AtomicBoolean> FAILED = new ConcurrentHashMap<>();
    /** Positions emitted so far by a still-running source, per script; tests poll it. */
    static final Map<String, Integer> EMITTED = new ConcurrentHashMap<>();

    private final String script;
    private final int batchSize;
    private final int failAfter;
    private final boolean holdWhenDone;

    private transient ListState<Integer> positionState;
    private transient Map<Long, Integer> positionAtCheckpoint;
    private volatile int position;
    private volatile int committedPosition;
    private volatile boolean running = true;

    ScriptedChangeSource(String script, int batchSize, int failAfter, boolean holdWhenDone) {
        this.script = script;
        this.batchSize = batchSize;
        this.failAfter = failAfter;
        this.holdWhenDone = holdWhenDone;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        positionState = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("position", IntSerializer.INSTANCE));
        positionAtCheckpoint = new ConcurrentHashMap<>();
        for (Integer restored : positionState.get()) {
            position = restored;
        }
        committedPosition = position;
    }

    @Override
    public void run(SourceContext<ChangeEvent> ctx) throws Exception {
        List<ChangeEvent> events = SCRIPTS.get(script);
        while (running && position < events.size()) {
            synchronized (ctx.getCheckpointLock()) {
                int end = Math.min(position + batchSize, events.size());
                for (int i = position; i < end; i++) {
                    ctx.collect(events.get(i));
                }
                position = end;
            }
            EMITTED.put(script, position);
            if (failAfter >= 0 && position >= failAfter && FAILED.get(script).compareAndSet(false, true)) {
                throw new IllegalStateException("Injected failure after " + position + " events");
            }
            awaitCommitted(position);
        }
        while (running && holdWhenDone) {
            awaitCommitted(Integer.MAX_VALUE);
        }
    }

    /** Polls (with a deadline) until a checkpoint holding {@code target} events completed, or the source stops. */
    private void awaitCommitted(int target) throws InterruptedException {
        long deadline = System.nanoTime() + CHECKPOINT_DEADLINE.toNanos();
        while (running && committedPosition < target) {
            if (target != Integer.MAX_VALUE && System.nanoTime() > deadline) {
                throw new IllegalStateException("No checkpoint completed within " + CHECKPOINT_DEADLINE);
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        positionState.update(List.of(position));
        positionAtCheckpoint.put(context.getCheckpointId(), position);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Integer p = positionAtCheckpoint.remove(checkpointId);
        if (p != null && p > committedPosition) {
            committedPosition = p;
        }
    }

    @Override
    public void cancel() {
        running = false;
    }
}

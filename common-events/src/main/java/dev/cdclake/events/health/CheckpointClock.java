package dev.cdclake.events.health;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.Types;

import javax.annotation.Nullable;
import java.util.List;

/**
 * The time of the last checkpoint, kept in an operator's state so that a restarted task knows how long the job has
 * been failing. Each operator that opens a connection to a part the job depends on keeps one and consults the
 * {@link OutageGuard} before it opens its connections: which of them fails first on a restart varies.
 */
public final class CheckpointClock {
    private static final ListStateDescriptor<Long> TIMES =
            new ListStateDescriptor<>("cdclake-checkpoint-times", Types.LONG);

    private final ListState<Long> times;

    private CheckpointClock(ListState<Long> times) {
        this.times = times;
    }

    /**
     * Restores the clock; on a restart after a failure ({@code attemptNumber > 0}) asks {@code guard} whether the job
     * should end.
     *
     * @throws org.apache.flink.runtime.execution.SuppressRestartsException when a part has stayed away too long
     */
    public static CheckpointClock restore(
            OperatorStateStore store, boolean restored, int attemptNumber, @Nullable OutageGuard guard)
            throws Exception {
        CheckpointClock clock = new CheckpointClock(store.getUnionListState(TIMES));
        if (restored && attemptNumber > 0 && guard != null) {
            long last = 0;
            for (Long t : clock.times.get()) {
                last = Math.max(last, t);
            }
            guard.onRestart(last);
        }
        return clock;
    }

    /** Records the timestamp of the checkpoint being taken. */
    public void checkpointed(long checkpointTimestamp) throws Exception {
        times.update(List.of(checkpointTimestamp));
    }
}

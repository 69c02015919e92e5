package dev.cdclake.events.health;

import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Ends a job that keeps failing because a part it depends on stays away. Flink's restart strategy retries with backoff
 * but without end, and a task that restarts forgets how long it has been failing; the time of the last completed
 * checkpoint, restored with the job's state, does not. When a restarted task finds that no checkpoint has completed
 * for longer than {@code outage.timeout} plus the checkpoint interval, it asks each part: the first that does not
 * answer fails the job without further restarts, naming the part and why. A job whose parts all answer restarts as
 * usual: its failures have another cause, which Flink reports.
 */
public final class OutageGuard implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OutageGuard.class);

    private final List<PartProbe> parts;
    private final Duration outageTimeout;
    private final Duration checkpointInterval;

    public OutageGuard(List<PartProbe> parts, Duration outageTimeout, Duration checkpointInterval) {
        this.parts = List.copyOf(parts);
        this.outageTimeout = outageTimeout;
        this.checkpointInterval = checkpointInterval;
    }

    /**
     * Called when a task restores its state after a failure.
     *
     * @param lastCheckpointMillis when the checkpoint the task restores from was taken
     * @throws SuppressRestartsException when a part has kept the job from checkpointing for too long
     */
    public void onRestart(long lastCheckpointMillis) {
        long failingFor = System.currentTimeMillis() - lastCheckpointMillis;
        if (lastCheckpointMillis <= 0
                || failingFor <= outageTimeout.plus(checkpointInterval).toMillis()) {
            return;
        }
        for (PartProbe part : parts) {
            try {
                part.probe();
            } catch (Exception e) {
                throw new SuppressRestartsException(new PartAwayException(
                        String.format(
                                "%s does not answer (%s), and the job has completed no checkpoint since %s (%d s, more"
                                        + " than pipeline outage.timeout %s plus the checkpoint interval): giving up",
                                part.describe(),
                                e,
                                Instant.ofEpochMilli(lastCheckpointMillis),
                                failingFor / 1000,
                                outageTimeout),
                        e));
            }
        }
        LOG.warn(
                "No checkpoint completed for {} s, but {} all answer: restarting as Flink's restart strategy allows",
                failingFor / 1000,
                parts.stream().map(PartProbe::describe).toList());
    }

    /** A part that stayed away. */
    public static final class PartAwayException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PartAwayException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

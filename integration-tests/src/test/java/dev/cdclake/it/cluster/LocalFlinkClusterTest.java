package dev.cdclake.it.cluster;

import dev.cdclake.it.process.Poll;
import dev.cdclake.it.process.WorkDirs;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness itself: a session cluster that starts, loses its TaskManager, gets a new one and stops. */
class LocalFlinkClusterTest {

    @Test
    void startsLosesAndReplacesItsTaskManagerAndStops() {
        LocalFlinkCluster flink = LocalFlinkCluster.start(WorkDirs.freshDir("flink-harness"), 2);
        try {
            assertThat(flink.isRunning()).isTrue();
            assertThat(flink.taskManagerCount()).isEqualTo(1);

            flink.killTaskManager();
            assertThat(flink.isRunning()).isFalse();
            // the JobManager notices the loss through the heartbeat timeout of the harness's configuration (5 s)
            Poll.until(
                    "the JobManager to drop the killed TaskManager",
                    Duration.ofSeconds(30),
                    () -> flink.taskManagerCount() == 0);

            flink.startTaskManager();
            assertThat(flink.isRunning()).isTrue();
            assertThat(flink.taskManagerCount()).isEqualTo(1);
        } finally {
            flink.close();
        }
        assertThat(flink.isRunning()).isFalse();
        assertThat(flink.taskManagerCount()).as("REST answers after close").isZero();
    }
}

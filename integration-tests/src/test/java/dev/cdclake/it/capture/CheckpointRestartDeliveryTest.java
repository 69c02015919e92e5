package dev.cdclake.it.capture;

import dev.cdclake.capture.CaptureJobBuilder;
import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.it.fixtures.RandomWorkload;
import dev.cdclake.it.fixtures.RetainedCheckpoints;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.process.Poll;
import dev.cdclake.it.process.WorkDirs;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A capture job cancelled in the middle of a randomised workload (inserts, updates of the same keys, multi-row
 * updates, deletes, re-inserts, multi-statement and rolled-back transactions) and restarted from its last retained
 * checkpoint loses no change: replaying the topic in order gives exactly the MySQL table. Under at-least-once the
 * topic may repeat changes from after the checkpoint; under exactly-once a read_committed consumer sees each
 * committed row change exactly once.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class CheckpointRestartDeliveryTest {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointRestartDeliveryTest.class);
    private static final List<String> COLUMNS = RandomWorkload.COLUMNS;
    private static final int INITIAL_ROWS = RandomWorkload.INITIAL_ROWS;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"at-least-once", "exactly-once"})
    void restartFromCheckpointLosesNoChange(String guarantee, MySqlServer mysql, KafkaServer kafka) throws Exception {
        boolean exactlyOnce = guarantee.equals("exactly-once");
        String db = mysql.createDatabase("capture_restart_" + (exactlyOnce ? "eos" : "alo"));
        RandomWorkload.createTable(mysql, db);

        String topic = "restart_" + (exactlyOnce ? "eos_" : "alo_")
                + UUID.randomUUID().toString().substring(0, 8);
        Path checkpoints = WorkDirs.newTempDir("checkpoints");
        CapturePipeline pipeline = CapturePipeline.fromExample("pipeline1-minimal.yaml", mysql, kafka)
                .source("tables", db + ".\\.*")
                .source("server-id", null)
                .sink("topic", topic)
                .sink("sink.delivery-guarantee", guarantee)
                // the reference's ApsaraMQ setting forbids transactions; exactly-once needs them
                .sink("properties.enable.idempotence", exactlyOnce ? null : "false")
                .pipeline("execution.checkpointing.dir", checkpoints.toUri().toString())
                .pipeline("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        long seed = new Random().nextLong();
        LOG.info("Random workload of {} with seed {}", guarantee, seed);
        RandomWorkload workload = new RandomWorkload(mysql, db + ".t", seed);
        Thread writer = new Thread(workload, "random-workload");
        JobClient job = pipeline.start("capture-restart-" + guarantee);
        try {
            TopicReader.await(kafka, topic, "the snapshot", TIMEOUT, r -> r.size() >= INITIAL_ROWS);
            writer.start();
            long checkpointsBefore = RetainedCheckpoints.latestNumber(checkpoints, job.getJobID());
            Poll.until(
                    "a checkpoint taken while the workload runs",
                    TIMEOUT,
                    () -> RetainedCheckpoints.latestNumber(checkpoints, job.getJobID()) > checkpointsBefore
                            && workload.committedRowChanges() >= 30,
                    workload::failure);
            // kill between checkpoints: changes after the checkpoint have reached Kafka (or an open transaction)
            long changesAtCheckpoint = workload.committedRowChanges();
            Poll.until(
                    "changes after the checkpoint",
                    TIMEOUT,
                    () -> workload.committedRowChanges() >= changesAtCheckpoint + 30,
                    workload::failure);
            CapturePipeline.cancel(job);
            Path checkpoint =
                    RetainedCheckpoints.latest(checkpoints, job.getJobID()).orElseThrow();
            long changesAtRestart = workload.committedRowChanges();
            LOG.info("Restarting from {} after {} row changes", checkpoint, changesAtRestart);

            JobClient restarted = pipeline.startFrom("capture-restart-" + guarantee, checkpoint.toString());
            try {
                Poll.until(
                        "a checkpoint of the restarted job while the workload runs",
                        TIMEOUT,
                        () -> RetainedCheckpoints.latestNumber(checkpoints, restarted.getJobID()) > 0
                                && workload.committedRowChanges() >= changesAtRestart + 30,
                        workload::failure);
                workload.stop();
                writer.join(TIMEOUT.toMillis());
                assertThat(workload.failure()).isNull();
                long expectedRecords = INITIAL_ROWS + workload.committedRowChanges();
                Map<String, Map<String, String>> source = SourceRows.read(mysql, db, "t", "id", COLUMNS);
                TopicReader.await(
                        kafka,
                        topic,
                        "a replay equal to MySQL (seed " + seed + ")",
                        TIMEOUT,
                        r -> r.size() >= expectedRecords
                                && CapturedChange.replay(CapturedChange.parseAll(r), "t", "id", COLUMNS)
                                        .equals(source));
                CapturePipeline.cancel(restarted);

                List<ConsumerRecord<String, String>> all = TopicReader.readToEnd(kafka, topic, TIMEOUT);
                LOG.info("{}: {} records for {} row changes", guarantee, all.size(), expectedRecords);
                List<CapturedChange> changes = CapturedChange.parseAll(all);
                assertThat(CapturedChange.replay(changes, "t", "id", COLUMNS))
                        .as("replay of the whole topic (seed %d)", seed)
                        .isEqualTo(source);
                assertThat(changes)
                        .filteredOn(c -> c.op().equals("r"))
                        .as("the restart resumed the binlog, " + "it did not snapshot again")
                        .hasSize(INITIAL_ROWS);
                if (exactlyOnce) {
                    assertThat(all)
                            .as("each committed row change exactly once (seed %d)", seed)
                            .hasSize((int) expectedRecords);
                } else {
                    assertThat(all)
                            .as("at least each committed row change (seed %d)", seed)
                            .hasSizeGreaterThanOrEqualTo((int) expectedRecords);
                }
            } finally {
                CapturePipeline.cancelQuietly(restarted);
            }
        } finally {
            workload.stop();
            writer.join(TIMEOUT.toMillis());
            CapturePipeline.cancelQuietly(job);
        }
    }

    @Test
    void exactlyOnceIsRejectedWhenIdempotenceIsOff(MySqlServer mysql, KafkaServer kafka) throws Exception {
        CapturePipeline pipeline = CapturePipeline.fromExample("pipeline1-full.yaml", mysql, kafka)
                .sink("sink.delivery-guarantee", "exactly-once");
        assertThatThrownBy(() -> CaptureJobBuilder.fromDefinition(pipeline.definition(), "capture-eos-rejected"))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("properties.enable.idempotence is false")
                .hasMessageContaining("Use at-least-once");
    }

    /**
     * Random transactions against one table from one connection: a single writer, so a model of which keys exist
     * is exact. Counts the row changes MySQL committed (every UPDATE changes {@code v}, so matched rows are changed
     * rows; rolled-back transactions count nothing).
     */
}

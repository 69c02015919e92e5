package dev.cdclake.it.e2e;

import dev.cdclake.it.fixtures.LakeComparison;
import dev.cdclake.it.fixtures.RandomWorkload;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.paimon.PaimonWarehouse;
import dev.cdclake.it.process.Poll;
import dev.cdclake.it.process.WorkDirs;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.schema.Schema;
import org.apache.paimon.table.FileStoreTable;
import org.apache.paimon.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Both jobs stopped with a savepoint under a random workload and resumed at another parallelism, 1 → 2 → 1 (capture's
 * readers and Kafka writers, ingest's readers and Paimon writers; a 3-partition topic), with a fixed-bucket and a
 * dynamic-bucket table in one job. After each step the lake equals MySQL row by row, with restarts off in ingest-job:
 * a rescale that needed a failover to converge (two writers compacting one bucket) fails the test. Run with
 * at-least-once and exactly-once capture; under exactly-once the transactions of the removed Kafka writer must be
 * resolved, or ingest-job's read_committed consumer would stall behind them and the lake would never catch up. A
 * dynamic-bucket table whose buckets would get two writers at the new parallelism is refused with the reason.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class RescaleLakeTest {
    private static final Logger LOG = LoggerFactory.getLogger(RescaleLakeTest.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> TABLES = List.of("fixed_t", "dynamic_t");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"at-least-once", "exactly-once"})
    void rescaledJobsKeepTheLakeEqualToMySql(String guarantee, MySqlServer mysql, KafkaServer kafka) throws Exception {
        boolean exactlyOnce = guarantee.equals("exactly-once");
        String db = mysql.createDatabase("rescale_" + (exactlyOnce ? "eos" : "alo"));
        for (String table : TABLES) {
            RandomWorkload.createTable(mysql, db, table);
        }
        String topic = "rescale_" + (exactlyOnce ? "eos_" : "alo_")
                + UUID.randomUUID().toString().substring(0, 8);
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        ExamplePipeline capturePipeline = ExamplePipeline.capture(mysql, kafka, db, topic)
                .sink("sink.delivery-guarantee", guarantee)
                // the reference's ApsaraMQ setting forbids transactions; exactly-once needs them
                .sink("properties.enable.idempotence", exactlyOnce ? null : "false");
        ExamplePipeline ingestPipeline = ExamplePipeline.ingest(kafka, topic)
                .noTransforms()
                .transform(Map.of("source-table", db + ".fixed_t", "primary-keys", "id", "table-options", "bucket=2"))
                .transform(Map.of("source-table", db + ".dynamic_t", "primary-keys", "id"))
                .catalog(warehouse.catalogOptions())
                .pipeline("restart-strategy.type", "none");
        String captureSavepoint = null;
        String ingestSavepoint = null;
        long seed = 20261206L;
        try (Catalog lake = LakeComparison.openLake(warehouse.catalogOptions())) {
            int[] steps = {1, 2, 1};
            for (int step = 0; step < steps.length; step++) {
                String p = String.valueOf(steps[step]);
                JobClient capture =
                        start(capturePipeline.pipeline("parallelism", p), "capture-rescale", captureSavepoint);
                JobClient ingest = start(ingestPipeline.pipeline("parallelism", p), "ingest-rescale", ingestSavepoint);
                try {
                    for (String table : TABLES) {
                        awaitLakeEqualsSource(mysql, lake, db, table, ingest);
                    }
                    LOG.info("Parallelism {} ({}): the lake equals MySQL", p, guarantee);
                    if (step == steps.length - 1) {
                        assertThat(((FileStoreTable) lake.getTable(Identifier.create(db, "dynamic_t"))).options())
                                .as("the dynamic-bucket table keeps the assigner count it was created with")
                                .containsEntry("dynamic-bucket.assigner-parallelism", "1");
                        break;
                    }
                    // stop both jobs with a savepoint while the workload runs
                    List<RandomWorkload> workloads = new ArrayList<>();
                    List<Thread> threads = new ArrayList<>();
                    for (String table : TABLES) {
                        RandomWorkload workload = RandomWorkload.continuing(mysql, db + "." + table, seed++);
                        workloads.add(workload);
                        Thread thread = new Thread(workload, "random-workload-" + table);
                        threads.add(thread);
                        thread.start();
                    }
                    Poll.until(
                            "the workload to commit changes",
                            TIMEOUT,
                            () -> workloads.stream().allMatch(w -> w.committedRowChanges() > 150));
                    captureSavepoint = stopWithSavepoint(capture);
                    ingestSavepoint = stopWithSavepoint(ingest);
                    for (int w = 0; w < workloads.size(); w++) {
                        workloads.get(w).stop();
                        threads.get(w).join(TIMEOUT.toMillis());
                        assertThat(workloads.get(w).failure())
                                .as("random workload")
                                .isNull();
                    }
                } finally {
                    ExamplePipeline.cancelQuietly(ingest);
                    ExamplePipeline.cancelQuietly(capture);
                }
            }
        }
    }

    /**
     * A dynamic-bucket table created elsewhere has no fixed assigner count, so its buckets follow the writer
     * parallelism: restoring ingest-job at another parallelism is refused, naming the table and the fix, instead of
     * writing each bucket from two writers.
     */
    @Test
    void aSavepointThatWouldGiveBucketsTwoWritersIsRefusedWithTheReason(MySqlServer mysql, KafkaServer kafka)
            throws Exception {
        String db = mysql.createDatabase("rescale_refused");
        RandomWorkload.createTable(mysql, db);
        String topic = "rescale_refused_" + UUID.randomUUID().toString().substring(0, 8);
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        JobClient capture = null;
        JobClient ingest = null;
        try (Catalog lake = LakeComparison.openLake(warehouse.catalogOptions())) {
            lake.createDatabase(db, true);
            lake.createTable(
                    Identifier.create(db, "t"),
                    Schema.newBuilder()
                            .column("id", DataTypes.INT().notNull())
                            .column("name", DataTypes.VARCHAR(64))
                            .column("v", DataTypes.INT())
                            .column("amount", DataTypes.DECIMAL(10, 2))
                            .primaryKey("id")
                            .build(),
                    false);
            capture = ExamplePipeline.capture(mysql, kafka, db, topic).start("capture-rescale-refused");
            ExamplePipeline ingestPipeline = ExamplePipeline.ingest(kafka, topic)
                    .catalog(warehouse.catalogOptions())
                    .pipeline("restart-strategy.type", "none");
            ingest = ingestPipeline.start("ingest-rescale-refused");
            awaitLakeEqualsSource(mysql, lake, db, "t", ingest);
            String savepoint = stopWithSavepoint(ingest);
            ingest = ingestPipeline.pipeline("parallelism", "2").startFrom("ingest-rescale-refused", savepoint);
            mysql.execute("UPDATE " + db + ".t SET v = v + 1");
            JobClient refused = ingest;
            assertThatThrownBy(() -> refused.getJobExecutionResult().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .hasStackTraceContaining("Paimon table " + db + ".t has dynamic buckets assigned by as many writers"
                            + " as the job had, 1, and this job restored with 2 writers")
                    .hasStackTraceContaining("'dynamic-bucket.assigner-parallelism' = '1'");
        } finally {
            ExamplePipeline.cancelQuietly(ingest);
            ExamplePipeline.cancelQuietly(capture);
        }
    }

    private static JobClient start(ExamplePipeline pipeline, String name, @Nullable String savepoint) throws Exception {
        return savepoint == null ? pipeline.start(name) : pipeline.startFrom(name, savepoint);
    }

    private static String stopWithSavepoint(JobClient job) throws Exception {
        return job.stopWithSavepoint(
                        false,
                        WorkDirs.newTempDir("rescale-savepoint").toUri().toString(),
                        SavepointFormatType.CANONICAL)
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The lake equals the table; the ingest job, which runs without restarts, must still be running. */
    private static void awaitLakeEqualsSource(
            MySqlServer mysql, Catalog lake, String db, String table, JobClient ingest) throws Exception {
        LakeComparison.awaitEqual(
                db + "." + table,
                TIMEOUT,
                () -> {
                    CompletableFuture<?> end = ingest.getJobExecutionResult();
                    if (end.isDone()) {
                        // with restarts off, a rescale that needs a failover (two writers of one bucket) ends here
                        end.handle((result, failure) -> {
                                    throw new AssertionError("ingest-job ended at this parallelism", failure);
                                })
                                .join();
                    }
                    return LakeComparison.mysqlRows(mysql, db, table, "id");
                },
                () -> LakeComparison.paimonRows(lake, db, table, "id"));
    }
}

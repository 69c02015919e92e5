package dev.cdclake.it.e2e;

import dev.cdclake.it.fixtures.LakeComparison;
import dev.cdclake.it.fixtures.PrometheusScrape;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.paimon.PaimonWarehouse;
import dev.cdclake.it.process.FreePorts;
import dev.cdclake.it.process.Poll;
import org.apache.flink.core.execution.JobClient;
import org.apache.paimon.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Fifty tables through both jobs with a 2 s {@code writer.idle-timeout}: once the snapshot is in the lake every table
 * writer closes (the {@code openTableWriters} gauge falls to 0), changes to a third of the tables open theirs again,
 * and the lake equals MySQL table by table after each step.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class IdleWritersTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int TABLES = 50;

    @Test
    void idleWritersCloseAndReopenWithNothingLost(MySqlServer mysql, KafkaServer kafka) throws Exception {
        String db = mysql.createDatabase("idle_writers");
        List<String> ddl = new ArrayList<>();
        for (int t = 0; t < TABLES; t++) {
            ddl.add("CREATE TABLE " + db + ".t" + t + " (id INT PRIMARY KEY, v VARCHAR(20))");
            ddl.add("INSERT INTO " + db + ".t" + t + " VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        }
        mysql.execute(ddl.toArray(new String[0]));
        String topic = "idle_writers_" + UUID.randomUUID().toString().substring(0, 8);
        int port = FreePorts.next();
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        JobClient capture = null;
        JobClient ingest = null;
        try (Catalog lake = LakeComparison.openLake(warehouse.catalogOptions())) {
            // no heartbeats: idle tables must be released also when checkpoints bring nothing to commit
            capture = ExamplePipeline.capture(mysql, kafka, db, topic)
                    .sink("heartbeat.enabled", "false")
                    .start("capture-idle-writers");
            ingest = ExamplePipeline.ingest(kafka, topic)
                    .catalog(warehouse.catalogOptions())
                    .sink("writer.idle-timeout", "2s")
                    .pipeline("parallelism", "2")
                    .pipeline(
                            "metrics.reporter.prom.factory.class",
                            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
                    .pipeline("metrics.reporter.prom.port", String.valueOf(port))
                    .start("ingest-idle-writers");
            awaitLakeEqualsSource(mysql, lake, db);
            Poll.until(
                    "every idle writer closed",
                    TIMEOUT,
                    () -> PrometheusScrape.sum(port, "flink_taskmanager_job_task_operator_openTableWriters", Map.of())
                            == 0);
            Poll.until(
                    "every idle table's commit closed",
                    TIMEOUT,
                    () -> PrometheusScrape.sum(port, "flink_taskmanager_job_task_operator_openTableCommits", Map.of())
                            == 0);

            List<String> changes = new ArrayList<>();
            for (int t = 0; t < TABLES; t += 3) {
                changes.add("UPDATE " + db + ".t" + t + " SET v = 'changed' WHERE id = 1");
                changes.add("DELETE FROM " + db + ".t" + t + " WHERE id = 2");
                changes.add("INSERT INTO " + db + ".t" + t + " VALUES (4, 'd')");
            }
            mysql.execute(changes.toArray(new String[0]));
            awaitLakeEqualsSource(mysql, lake, db);
            Poll.until(
                    "the reopened writers closed again",
                    TIMEOUT,
                    () -> PrometheusScrape.sum(port, "flink_taskmanager_job_task_operator_openTableWriters", Map.of())
                            == 0);
            // a second round on the same tables: reopened writers take the table's committed state
            mysql.execute(
                    "UPDATE " + db + ".t0 SET v = 'again' WHERE id = 4", "DELETE FROM " + db + ".t3 WHERE id = 1");
            awaitLakeEqualsSource(mysql, lake, db);
        } finally {
            ExamplePipeline.cancelQuietly(ingest);
            ExamplePipeline.cancelQuietly(capture);
        }
    }

    private static void awaitLakeEqualsSource(MySqlServer mysql, Catalog lake, String db) throws Exception {
        for (int t = 0; t < TABLES; t++) {
            String table = "t" + t;
            LakeComparison.awaitEqual(
                    db + "." + table,
                    TIMEOUT,
                    () -> LakeComparison.mysqlRows(mysql, db, table, "id"),
                    () -> LakeComparison.paimonRows(lake, db, table, "id"));
        }
    }
}

package dev.cdclake.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdclake.events.wire.WireNames;
import dev.cdclake.it.fixtures.Inventory;
import dev.cdclake.it.fixtures.LakeComparison;
import dev.cdclake.it.fixtures.RandomWorkload;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.paimon.PaimonWarehouse;
import dev.cdclake.it.process.Poll;
import dev.cdclake.it.process.WorkDirs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.paimon.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two cluster jars ({@code <job>-cluster.jar}) as a user runs them: {@code flink run -d} on a real standalone
 * session cluster (JobManager and TaskManager JVMs), MySQL to Kafka to a filesystem Paimon warehouse. The TaskManager
 * JVM is SIGKILLed while capture
 * is still reading the snapshot (and ingest is writing it), both jobs are later stopped with savepoints and resumed
 * with {@code flink run -s}, and the TaskManager is SIGKILLed again in the binlog phase while a random workload
 * changes a table; then a second TaskManager joins and both jobs are rescaled through savepoints taken under the
 * workload, to parallelism 2 and back to 1 (a 2-partition topic, dynamic-bucket tables), with no restart of ingest-job.
 * After each step the lake equals MySQL row by row, and the topic holds every snapshot row (at least once); no
 * snapshot is read again after the savepoint.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class FlinkClusterPipelineTest {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkClusterPipelineTest.class);
    private static final Path CAPTURE_JAR = Path.of("..", "capture-job", "target", "capture-job-cluster.jar");
    private static final Path INGEST_JAR = Path.of("..", "ingest-job", "target", "ingest-job-cluster.jar");
    private static final Duration JOB_START = Duration.ofSeconds(120);
    private static final Duration SNAPSHOT_PROGRESS = Duration.ofSeconds(120);
    private static final String DB = "cluster_inventory";
    /** A table big enough that the snapshot is still running when the TaskManager is killed (several seconds). */
    private static final int ORDERS = 150_000;

    private static final int CHUNK_ROWS = 4_000;
    private static final List<String> TABLES = List.of("customers", "products", "t", "orders");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void fatJarsRunOnSessionClusterThroughTaskManagerLossAndSavepoints(MySqlServer mysql, KafkaServer kafka)
            throws Exception {
        // the package phase builds them: `mvn verify` in the reactor; `mvn test` alone would leave them absent or stale
        assertThat(CAPTURE_JAR)
                .as("capture-job-cluster.jar; build with mvn -pl capture-job package")
                .isRegularFile();
        assertThat(INGEST_JAR)
                .as("ingest-job-cluster.jar; build with mvn -pl ingest-job package")
                .isRegularFile();
        Inventory inventory = Inventory.create(mysql, DB);
        String workloadTable = RandomWorkload.createTable(mysql, DB);
        mysql.execute(
                "CREATE TABLE " + DB + ".orders (id INT PRIMARY KEY, customer_id INT NOT NULL, "
                        + "note VARCHAR(64), amount DECIMAL(12, 2), created DATETIME(3))",
                "INSERT INTO " + DB + ".orders SELECT seq, seq % 97, CONCAT('order ', seq), seq / 100, "
                        + "TIMESTAMPADD(SECOND, seq, '2024-01-01 00:00:00') FROM " + DB + ".seq_1_to_" + ORDERS);
        Map<String, Integer> snapshotRows = new HashMap<>();
        for (String table : TABLES) {
            snapshotRows.put(
                    table, LakeComparison.mysqlRows(mysql, DB, table, "id").size());
        }
        long allSnapshotRows =
                snapshotRows.values().stream().mapToLong(Integer::longValue).sum();
        String topic = "cluster_" + UUID.randomUUID().toString().substring(0, 8);
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        Path work = WorkDirs.freshDir("flink-cluster");
        Path pipeline1 = write(work.resolve("pipeline1.yaml"), captureYaml(topic));
        Path pipeline2 = write(work.resolve("pipeline2.yaml"), ingestYaml(topic, warehouse.catalogOptions()));
        String[] captureArgs = {
            "--config",
            pipeline1.toString(),
            "--set",
            "mysql.hostname=" + mysql.host(),
            "--set",
            "mysql.port=" + mysql.port(),
            "--set",
            "mysql.username=" + mysql.cdcUser(),
            "--set",
            "mysql.password=" + mysql.cdcPassword(),
            "--set",
            "kafka.bootstrap.servers=" + kafka.bootstrapServers(),
            "--set",
            "parallelism=1"
        };
        String[] ingestArgs = {
            "--config",
            pipeline2.toString(),
            "--set",
            "kafka.bootstrap.servers=" + kafka.bootstrapServers(),
            "--set",
            "startup.mode=earliest-offset",
            "--set",
            "parallelism=1"
        };

        long t0 = System.nanoTime();
        try (LocalFlinkCluster flink = LocalFlinkCluster.start(
                        work.resolve("cluster"),
                        4,
                        "restart-strategy.type: fixed-delay",
                        "restart-strategy.fixed-delay.attempts: 100",
                        "restart-strategy.fixed-delay.delay: 1s",
                        // with the second TaskManager, parallelism 2 runs on both
                        "cluster.evenly-spread-out-slots: true");
                Catalog lake = LakeComparison.openLake(warehouse.catalogOptions())) {
            long started = System.nanoTime();
            // ingest first: the snapshot starts with capture, and stage 1 must catch it while it runs; ingest's
            // pre-flight check wants its topic, so it is created as capture-job would (the broker's partitions)
            kafka.createTopic(topic, 2);
            String ingest = flink.run(INGEST_JAR, ingestArgs);
            String capture = flink.run(CAPTURE_JAR, captureArgs);
            flink.awaitRunning(capture, JOB_START);
            long running = System.nanoTime();
            LOG.info(
                    "cluster start {} ms, both jobs submitted and capture running {} ms",
                    millis(t0, started),
                    millis(started, running));

            // stage 1: the TaskManager dies in capture's snapshot phase, after a checkpoint that holds finished chunks,
            // while ingest starts writing the snapshot
            long recordsAtKill = killTaskManagerMidSnapshot(flink, capture, kafka, topic, allSnapshotRows);
            flink.startTaskManager();
            awaitRestarted(flink, capture);
            // ingest restarts too, unless it was still being deployed when the TaskManager died
            flink.awaitRunning(ingest, JOB_START);
            awaitLakeEqualsSource(inventory, lake);
            Map<String, TableRecords> afterSnapshot = tableRecords(kafka, topic);
            for (String table : TABLES) {
                assertThat(afterSnapshot.get(table).keys.size())
                        .as("snapshot rows of %s in the topic", table)
                        .isEqualTo(snapshotRows.get(table));
            }
            long snapshotRecordsAfterRecovery =
                    afterSnapshot.values().stream().mapToLong(c -> c.records).sum();
            long snapshotInLake = System.nanoTime();
            LOG.info(
                    "killed at {} of {} snapshot records; recovered, snapshot in the lake after {} ms; {} snapshot "
                            + "records in the topic (chunks after the last checkpoint are read again: at-least-once)",
                    recordsAtKill,
                    allSnapshotRows,
                    millis(running, snapshotInLake),
                    snapshotRecordsAfterRecovery);

            // stage 2: both jobs stopped with savepoints, MySQL changed meanwhile, both resumed from their savepoints
            String ingestSavepoint = flink.stopWithSavepoint(ingest, work.resolve("savepoints"));
            String captureSavepoint = flink.stopWithSavepoint(capture, work.resolve("savepoints"));
            assertThat(flink.jobState(ingest)).isEqualTo("FINISHED");
            assertThat(flink.jobState(capture)).isEqualTo("FINISHED");
            mysql.execute(
                    "UPDATE " + DB + ".customers SET phone_number = '1234' WHERE id = 4",
                    "DELETE FROM " + DB + ".customers WHERE id = 2",
                    "INSERT INTO " + DB + ".customers VALUES (5, 'Dan', 'Paris', '5555', 50)",
                    "UPDATE " + DB + ".products SET weight = 1.5 WHERE id = 102",
                    "UPDATE " + DB + ".orders SET amount = amount + 1 WHERE id % 1000 = 0");
            String resumedCapture = flink.run(List.of("-s", captureSavepoint), CAPTURE_JAR, captureArgs);
            // latest-offset only applies to a job without state: were the savepoint's offsets not restored, the
            // changes made while ingest was stopped would be skipped and the lake would differ
            String resumedIngest = flink.run(
                    List.of("-s", ingestSavepoint),
                    INGEST_JAR,
                    concat(ingestArgs, "--set", "startup.mode=latest-offset"));
            flink.awaitRunning(resumedCapture, JOB_START);
            flink.awaitRunning(resumedIngest, JOB_START);
            awaitLakeEqualsSource(inventory, lake);
            long resumedInLake = System.nanoTime();
            LOG.info(
                    "stop-with-savepoint of both jobs, resume and catch-up {} ms",
                    millis(snapshotInLake, resumedInLake));

            // stage 3: the TaskManager dies under both jobs in the binlog phase while a random workload runs
            RandomWorkload workload = new RandomWorkload(mysql, workloadTable, 20261124L);
            Thread workloadThread = new Thread(workload, "random-workload");
            workloadThread.start();
            try {
                Poll.until("the workload to commit changes", JOB_START, () -> workload.committedRowChanges() > 50);
                flink.killTaskManager();
                mysql.execute(
                        "DELETE FROM " + DB + ".customers WHERE id = 5",
                        "INSERT INTO " + DB + ".customers VALUES (5, 'Dan again', 'Lyon', '5556', 51)",
                        "DELETE FROM " + DB + ".products WHERE id = 101",
                        "INSERT INTO " + DB + ".products VALUES (101, 'scooter', 'Big 3-wheel scooter', 12.500)",
                        "INSERT INTO " + DB + ".customers VALUES (6, 'Eve', 'Oslo', '6666', 60)");
                flink.startTaskManager();
                awaitRestarted(flink, resumedCapture, resumedIngest);
                long atRecovery = workload.committedRowChanges();
                Poll.until(
                        "the workload to go on after the recovery",
                        JOB_START,
                        () -> workload.committedRowChanges() > atRecovery + 50);
            } finally {
                workload.stop();
                workloadThread.join(JOB_START.toMillis());
            }
            assertThat(workload.failure()).as("random workload").isNull();
            awaitLakeEqualsSource(inventory, lake);
            Map<String, TableRecords> atEnd = tableRecords(kafka, topic);
            // every committed row change of the workload is in the topic (more only as at-least-once duplicates)
            assertThat(atEnd.get("t").changes)
                    .as("change records of %s", workloadTable)
                    .isGreaterThanOrEqualTo(workload.committedRowChanges());
            long snapshotRecordsAtEnd =
                    atEnd.values().stream().mapToLong(c -> c.records).sum();
            assertThat(snapshotRecordsAtEnd)
                    .as("snapshot records: none read again after the savepoint")
                    .isEqualTo(snapshotRecordsAfterRecovery);
            long recoveredInLake = System.nanoTime();
            LOG.info(
                    "TaskManager loss under a random workload ({} row changes), recovery and catch-up {} ms",
                    workload.committedRowChanges(),
                    millis(resumedInLake, recoveredInLake));

            // stage 4: a second TaskManager joins; under a random workload both jobs are stopped with savepoints and
            // resumed at parallelism 2, spread over both TaskManagers, then at parallelism 1 again
            flink.startTaskManager();
            String[] jobs = {resumedCapture, resumedIngest};
            for (int parallelism : new int[] {2, 1}) {
                jobs = rescale(flink, mysql, workloadTable, jobs, parallelism, captureArgs, ingestArgs, work);
                awaitLakeEqualsSource(inventory, lake);
                assertThat(flink.numRestarts(jobs[1]))
                        .as("restarts of ingest-job at parallelism %d", parallelism)
                        .isZero();
            }
            LOG.info(
                    "rescale to 2 and back to 1 under a random workload {} ms",
                    millis(recoveredInLake, System.nanoTime()));
        }
    }

    /**
     * Stops both jobs with savepoints while a random workload runs and starts them from those at {@code
     * parallelism}; returns the new capture and ingest job ids.
     */
    private static String[] rescale(
            LocalFlinkCluster flink,
            MySqlServer mysql,
            String workloadTable,
            String[] jobs,
            int parallelism,
            String[] captureArgs,
            String[] ingestArgs,
            Path work)
            throws Exception {
        RandomWorkload workload = RandomWorkload.continuing(mysql, workloadTable, 20261206L + parallelism);
        Thread workloadThread = new Thread(workload, "random-workload");
        workloadThread.start();
        String captureSavepoint;
        String ingestSavepoint;
        try {
            Poll.until("the workload to commit changes", JOB_START, () -> workload.committedRowChanges() > 100);
            captureSavepoint = flink.stopWithSavepoint(jobs[0], work.resolve("savepoints"));
            ingestSavepoint = flink.stopWithSavepoint(jobs[1], work.resolve("savepoints"));
        } finally {
            workload.stop();
            workloadThread.join(JOB_START.toMillis());
        }
        assertThat(workload.failure()).as("random workload").isNull();
        String p = "parallelism=" + parallelism;
        String capture = flink.run(List.of("-s", captureSavepoint), CAPTURE_JAR, concat(captureArgs, "--set", p));
        String ingest = flink.run(
                List.of("-s", ingestSavepoint),
                INGEST_JAR,
                concat(ingestArgs, "--set", "startup.mode=latest-offset", "--set", p));
        flink.awaitRunning(capture, JOB_START);
        flink.awaitRunning(ingest, JOB_START);
        return new String[] {capture, ingest};
    }

    /**
     * Waits until capture has completed a checkpoint after some snapshot records reached the topic, then kills the
     * TaskManager; fails when the snapshot was already complete by then (the table would need more rows).
     */
    private static long killTaskManagerMidSnapshot(
            LocalFlinkCluster flink, String capture, KafkaServer kafka, String topic, long allSnapshotRows) {
        Poll.until(
                "capture to write snapshot records to " + topic,
                SNAPSHOT_PROGRESS,
                () -> kafka.endOffsetSum(topic) >= CHUNK_ROWS);
        long checkpoints = flink.completedCheckpoints(capture);
        Poll.until(
                "a capture checkpoint after the first snapshot chunks",
                SNAPSHOT_PROGRESS,
                () -> flink.completedCheckpoints(capture) > checkpoints);
        flink.killTaskManager();
        long records = kafka.endOffsetSum(topic);
        assertThat(records)
                .as("records in %s when the TaskManager was killed: the snapshot must still be running", topic)
                .isLessThan(allSnapshotRows);
        return records;
    }

    private static void awaitRestarted(LocalFlinkCluster flink, String... jobs) {
        for (String job : jobs) {
            Poll.until(
                    "job " + job + " to restart after the TaskManager loss",
                    JOB_START,
                    () -> flink.numRestarts(job) > 0);
            flink.awaitRunning(job, JOB_START);
        }
    }

    private static void awaitLakeEqualsSource(Inventory inventory, Catalog lake) throws Exception {
        for (String table : TABLES) {
            inventory.awaitLakeEqualsSource(lake, table);
        }
    }

    /** One table's records in the topic: snapshot ('r') records, the distinct keys they cover, and changes. */
    private static final class TableRecords {
        long records;
        final Set<String> keys = new HashSet<>();
        long changes;
    }

    /** Reads {@code topic} (all partitions, committed records, from the beginning to the end) and counts per table. */
    private static Map<String, TableRecords> tableRecords(KafkaServer kafka, String topic) throws IOException {
        Properties p = kafka.clientProperties();
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, TableRecords> byTable = new HashMap<>();
        for (String table : TABLES) {
            byTable.put(table, new TableRecords());
        }
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + SNAPSHOT_PROGRESS.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime() - deadline)
                        .as("reading %s to its end", topic)
                        .isNegative();
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.headers().lastHeader(WireNames.HEARTBEAT_HEADER) != null
                            || r.headers().lastHeader(WireNames.DDL_HEADER) != null) {
                        continue; // capture-job's heartbeats and DDL markers: no change
                    }
                    JsonNode change = r.value() == null ? null : JSON.readTree(r.value());
                    if (change == null) {
                        continue;
                    }
                    TableRecords counts =
                            byTable.get(change.path("source").path("table").asText());
                    if ("r".equals(change.path("op").asText())) {
                        counts.records++;
                        counts.keys.add(change.path("after").path("id").asText());
                    } else {
                        counts.changes++;
                    }
                }
            }
        }
        return byTable;
    }

    /** pipeline1: every table of the database into one topic; secrets and addresses come from --set. */
    private static String captureYaml(String topic) {
        return String.join(
                "\n",
                "source:",
                "  type: mysql",
                "  hostname: ${mysql.hostname}",
                "  port: ${mysql.port}",
                "  username: ${mysql.username}",
                "  password: ${mysql.password}",
                "  tables: '" + DB + ".\\.*'",
                "  scan.incremental.snapshot.chunk.size: " + CHUNK_ROWS,
                "sink:",
                "  type: kafka",
                "  properties.bootstrap.servers: ${kafka.bootstrap.servers}",
                "  topic: " + topic,
                "pipeline:",
                "  name: cluster capture",
                "  parallelism: ${parallelism}",
                "  execution.checkpointing.interval: 1s",
                "");
    }

    /** pipeline2: the topic into a filesystem Paimon warehouse, from the startup mode given with --set. */
    private static String ingestYaml(String topic, Map<String, String> catalogOptions) {
        List<String> lines = new ArrayList<>(List.of(
                "source:",
                "  type: kafka",
                "  properties.bootstrap.servers: ${kafka.bootstrap.servers}",
                "  topic: " + topic,
                "  scan.startup.mode: ${startup.mode}",
                "  value.format: debezium-json",
                "  debezium-json.distributed-tables: true",
                "transform:",
                "  - source-table: '\\.*.\\.*'",
                "    projection: '\\*'",
                // keeps every row; compiles the transform with the Janino of the cluster's lib/ (flink-table-runtime)
                "    filter: id IS NOT NULL",
                "    primary-keys: id",
                "sink:",
                "  type: paimon",
                "  commit.user: cluster-ingest"));
        catalogOptions.forEach((k, v) -> lines.add("  catalog.properties." + k + ": '" + v + "'"));
        lines.addAll(List.of(
                "pipeline:",
                "  name: cluster ingest",
                "  parallelism: ${parallelism}",
                "  execution.checkpointing.interval: 1s",
                ""));
        return String.join("\n", lines);
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static String[] concat(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }
}

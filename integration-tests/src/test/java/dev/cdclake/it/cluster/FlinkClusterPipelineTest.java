package dev.cdclake.it.cluster;

import dev.cdclake.it.e2e.LakeComparison;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.paimon.PaimonWarehouse;
import dev.cdclake.it.process.Poll;
import dev.cdclake.it.process.WorkDirs;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.CatalogContext;
import org.apache.paimon.catalog.CatalogFactory;
import org.apache.paimon.options.Options;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two fat jars as a user runs them: {@code flink run -d} on a real standalone session cluster (JobManager and
 * TaskManager JVMs), MySQL to Kafka to a filesystem Paimon warehouse. Then both jobs stopped with savepoints and
 * resumed from them with {@code flink run -s}, and the TaskManager JVM SIGKILLed under both jobs and replaced; after
 * each step the lake equals MySQL, and the topic holds the snapshot once.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class FlinkClusterPipelineTest {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkClusterPipelineTest.class);
    private static final Path CAPTURE_JAR = Path.of("..", "capture-job", "target", "capture-job-cluster.jar");
    private static final Path INGEST_JAR = Path.of("..", "ingest-job", "target", "ingest-job-cluster.jar");
    private static final Duration JOB_START = Duration.ofSeconds(120);
    private static final Duration LAKE_DEADLINE = Duration.ofSeconds(120);
    private static final String DB = "cluster_inventory";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void fatJarsRunOnSessionClusterThroughSavepointAndTaskManagerLoss(MySqlServer mysql, KafkaServer kafka)
            throws Exception {
        // the package phase builds them: `mvn verify` in the reactor; `mvn test` alone would leave them absent or stale
        assertThat(CAPTURE_JAR).as("capture-job-cluster.jar; build with mvn -pl capture-job package").isRegularFile();
        assertThat(INGEST_JAR).as("ingest-job-cluster.jar; build with mvn -pl ingest-job package").isRegularFile();
        createInventory(mysql);
        String topic = "cluster_" + UUID.randomUUID().toString().substring(0, 8);
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        Path work = WorkDirs.freshDir("flink-cluster");
        Path pipeline1 = write(work.resolve("pipeline1.yaml"), captureYaml(topic));
        Path pipeline2 = write(work.resolve("pipeline2.yaml"), ingestYaml(topic, warehouse.catalogOptions()));
        String[] captureArgs = {"--config", pipeline1.toString(),
            "--set", "mysql.hostname=" + mysql.host(), "--set", "mysql.port=" + mysql.port(),
            "--set", "mysql.username=" + mysql.cdcUser(), "--set", "mysql.password=" + mysql.cdcPassword(),
            "--set", "kafka.bootstrap.servers=" + kafka.bootstrapServers()};
        String[] ingestArgs = {"--config", pipeline2.toString(),
            "--set", "kafka.bootstrap.servers=" + kafka.bootstrapServers(), "--set", "startup.mode=earliest-offset"};

        long t0 = System.nanoTime();
        try (LocalFlinkCluster flink = LocalFlinkCluster.start(work.resolve("cluster"), 4,
                        "restart-strategy.type: fixed-delay",
                        "restart-strategy.fixed-delay.attempts: 100",
                        "restart-strategy.fixed-delay.delay: 1s");
                Catalog lake = openLake(warehouse.catalogOptions())) {
            long started = System.nanoTime();
            String capture = flink.run(CAPTURE_JAR, captureArgs);
            String ingest = flink.run(INGEST_JAR, ingestArgs);
            flink.awaitRunning(capture, JOB_START);
            flink.awaitRunning(ingest, JOB_START);
            long running = System.nanoTime();
            awaitLakeEqualsSource(mysql, lake);
            long snapshotInLake = System.nanoTime();
            LOG.info("cluster start {} ms, both jobs submitted and running {} ms, snapshot in the lake {} ms",
                    millis(t0, started), millis(started, running), millis(running, snapshotInLake));

            // stage 3: both jobs stopped with savepoints, MySQL changed meanwhile, both resumed from their savepoints
            String ingestSavepoint = flink.stopWithSavepoint(ingest, work.resolve("savepoints"));
            String captureSavepoint = flink.stopWithSavepoint(capture, work.resolve("savepoints"));
            assertThat(flink.jobState(ingest)).isEqualTo("FINISHED");
            assertThat(flink.jobState(capture)).isEqualTo("FINISHED");
            mysql.execute(
                    "UPDATE " + DB + ".customers SET phone_number = '1234' WHERE id = 4",
                    "DELETE FROM " + DB + ".customers WHERE id = 2",
                    "INSERT INTO " + DB + ".customers VALUES (5, 'Dan', 'Paris', '5555', 50)",
                    "UPDATE " + DB + ".products SET weight = 1.5 WHERE id = 102");
            String resumedCapture = flink.run(List.of("-s", captureSavepoint), CAPTURE_JAR, captureArgs);
            // latest-offset only applies to a job without state: were the savepoint's offsets not restored, the
            // changes made while ingest was stopped would be skipped and the lake would differ
            String resumedIngest = flink.run(List.of("-s", ingestSavepoint), INGEST_JAR,
                    concat(ingestArgs, "--set", "startup.mode=latest-offset"));
            flink.awaitRunning(resumedCapture, JOB_START);
            flink.awaitRunning(resumedIngest, JOB_START);
            awaitLakeEqualsSource(mysql, lake);
            long resumedInLake = System.nanoTime();
            LOG.info("stop-with-savepoint of both jobs, resume and catch-up {} ms",
                    millis(snapshotInLake, resumedInLake));

            // stage 4: the TaskManager JVM dies under both jobs; changes keep coming; a new TaskManager takes over
            flink.killTaskManager();
            mysql.execute(
                    "DELETE FROM " + DB + ".customers WHERE id = 5",
                    "INSERT INTO " + DB + ".customers VALUES (5, 'Dan again', 'Lyon', '5556', 51)",
                    "DELETE FROM " + DB + ".products WHERE id = 101",
                    "INSERT INTO " + DB + ".products VALUES (101, 'scooter', 'Big 3-wheel scooter', 12.500)",
                    "INSERT INTO " + DB + ".customers VALUES (6, 'Eve', 'Oslo', '6666', 60)");
            flink.startTaskManager();
            for (String job : List.of(resumedCapture, resumedIngest)) {
                Poll.until("job " + job + " to restart after the TaskManager loss", JOB_START,
                        () -> flink.numRestarts(job) > 0);
                flink.awaitRunning(job, JOB_START);
            }
            awaitLakeEqualsSource(mysql, lake);
            // capture restored its binlog position from the savepoint and then from a checkpoint: the snapshot was
            // read once
            assertThat(snapshotRecords(kafka, topic)).as("snapshot ('r') records in %s", topic).isEqualTo(6);
            LOG.info("TaskManager loss, recovery and catch-up {} ms", millis(resumedInLake, System.nanoTime()));
        }
    }

    /** Counts the committed snapshot records in {@code topic} (all partitions, from the beginning to the end). */
    private static long snapshotRecords(KafkaServer kafka, String topic) throws IOException {
        Properties p = kafka.clientProperties();
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long snapshot = 0;
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + LAKE_DEADLINE.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime() - deadline).as("reading %s to its end", topic).isNegative();
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null && "r".equals(JSON.readTree(r.value()).path("op").asText())) {
                        snapshot++;
                    }
                }
            }
        }
        return snapshot;
    }

    private static void createInventory(MySqlServer mysql) {
        mysql.createDatabase(DB);
        mysql.execute(
                "CREATE TABLE " + DB + ".customers (id INT PRIMARY KEY, name VARCHAR(255), address VARCHAR(1024), "
                        + "phone_number VARCHAR(512), age INT)",
                "CREATE TABLE " + DB + ".products (id INT PRIMARY KEY, name VARCHAR(255), description VARCHAR(512), "
                        + "weight DECIMAL(10, 3))",
                "INSERT INTO " + DB + ".customers VALUES (1, 'Alice', 'Beijing', '1111', 20), "
                        + "(2, 'Bob', 'Shanghai', '3333', 30), (3, 'Carol', 'Hangzhou', '4444', 40), "
                        + "(4, 'John', 'New York', '2222', 12)",
                "INSERT INTO " + DB + ".products VALUES (101, 'scooter', 'Small 2-wheel scooter', 3.140), "
                        + "(102, 'hammer', '14oz carpenter''s hammer', 0.875)");
    }

    /** pipeline1: every table of the database into one topic; secrets and addresses come from --set. */
    private static String captureYaml(String topic) {
        return String.join("\n",
                "source:",
                "  type: mysql",
                "  hostname: ${mysql.hostname}",
                "  port: ${mysql.port}",
                "  username: ${mysql.username}",
                "  password: ${mysql.password}",
                "  tables: '" + DB + ".\\.*'",
                "sink:",
                "  type: kafka",
                "  properties.bootstrap.servers: ${kafka.bootstrap.servers}",
                "  topic: " + topic,
                "pipeline:",
                "  name: cluster capture",
                "  parallelism: 1",
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
                "    primary-keys: id",
                "sink:",
                "  type: paimon",
                "  commit.user: cluster-ingest"));
        catalogOptions.forEach((k, v) -> lines.add("  catalog.properties." + k + ": '" + v + "'"));
        lines.addAll(List.of(
                "pipeline:",
                "  name: cluster ingest",
                "  parallelism: 1",
                "  execution.checkpointing.interval: 1s",
                ""));
        return String.join("\n", lines);
    }

    private static void awaitLakeEqualsSource(MySqlServer mysql, Catalog lake) throws Exception {
        for (String table : List.of("customers", "products")) {
            long deadline = System.nanoTime() + LAKE_DEADLINE.toNanos();
            Map<String, Map<String, String>> source;
            Map<String, Map<String, String>> sink;
            do {
                source = LakeComparison.mysqlRows(mysql, DB, table, "id");
                sink = LakeComparison.restrictTo(LakeComparison.paimonRows(lake, DB, table, "id"), source);
                if (Objects.equals(source, sink)) {
                    break;
                }
                Thread.sleep(300); // poll interval inside the deadline
            } while (System.nanoTime() - deadline < 0);
            assertThat(sink).as("Paimon %s.%s after %s", DB, table, LAKE_DEADLINE).isEqualTo(source);
        }
    }

    /** A client that reads the latest schema every time: a caching one keeps serving an old schema. */
    private static Catalog openLake(Map<String, String> catalogOptions) {
        Map<String, String> options = new HashMap<>(catalogOptions);
        options.put("cache-enabled", "false");
        return CatalogFactory.createCatalog(CatalogContext.create(Options.fromMap(options)));
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

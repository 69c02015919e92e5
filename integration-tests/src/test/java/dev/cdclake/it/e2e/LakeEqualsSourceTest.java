package dev.cdclake.it.e2e;

import dev.cdclake.capture.CaptureJobBuilder;
import dev.cdclake.events.config.PipelineDefinition;
import dev.cdclake.events.config.PipelineDefinitionLoader;
import dev.cdclake.events.config.PipelineOptions;
import dev.cdclake.events.config.PlaceholderResolver;
import dev.cdclake.ingest.IngestJobBuilder;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.paimon.PaimonRestCatalogServer;
import dev.cdclake.it.process.WorkDirs;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.paimon.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MySQL → capture-job → one Kafka topic (debezium-json) → ingest-job with the reference's Pipeline 2 → Paimon through a
 * REST catalog with DLF signing: the lake equals the source row by row after the snapshot, updates, deletes,
 * re-inserts, a column added mid-stream, and a stop-with-savepoint restart of the ingest job.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class LakeEqualsSourceTest {
    private static final Logger LOG = LoggerFactory.getLogger(LakeEqualsSourceTest.class);
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final String DB = "lake_e2e";

    @Test
    void referencePipelinesKeepTheLakeEqualToTheSource(MySqlServer mysql, KafkaServer kafka) throws Exception {
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
        String topic = "inventory_" + UUID.randomUUID().toString().substring(0, 8);
        try (PaimonRestCatalogServer dlf = PaimonRestCatalogServer.startWithDlfSigning("ak-id", "ak-secret",
                PaimonRestCatalogServer.DEFAULT_DLF_REGION);
                // a caching catalog would keep serving the schema from before an evolution
                Catalog lake = dlf.createCatalog(Map.of("cache-enabled", "false"))) {
            JobClient capture = startCapture(mysql, kafka, topic);
            Path savepoints = WorkDirs.newTempDir("savepoints");
            JobClient ingest = startIngest(kafka, dlf, topic, null);
            try {
                awaitLakeEqualsSource(mysql, lake, "customers");
                awaitLakeEqualsSource(mysql, lake, "products");

                mysql.execute(
                        "UPDATE " + DB + ".customers SET phone_number = '1234' WHERE id = 4",
                        "DELETE FROM " + DB + ".customers WHERE id = 2",
                        "INSERT INTO " + DB + ".customers VALUES (5, 'Dan', 'Paris', '5555', 50)",
                        "UPDATE " + DB + ".products SET weight = 1.5 WHERE id = 102",
                        "DELETE FROM " + DB + ".customers WHERE id = 5",
                        "INSERT INTO " + DB + ".customers VALUES (5, 'Dan again', 'Lyon', '5556', 51)");
                awaitLakeEqualsSource(mysql, lake, "customers");
                awaitLakeEqualsSource(mysql, lake, "products");

                mysql.execute("ALTER TABLE " + DB + ".customers ADD COLUMN email VARCHAR(64)",
                        "INSERT INTO " + DB + ".customers VALUES (6, 'Eve', 'Rome', '6666', 60, 'eve@example.com')",
                        "UPDATE " + DB + ".customers SET email = 'john@example.com' WHERE id = 4");
                awaitLakeEqualsSource(mysql, lake, "customers");

                String savepoint = ingest.stopWithSavepoint(false, savepoints.toUri().toString(),
                        SavepointFormatType.CANONICAL).get();
                LOG.info("ingest-job stopped with savepoint {}", savepoint);
                mysql.execute("UPDATE " + DB + ".customers SET age = age + 1",
                        "DELETE FROM " + DB + ".products WHERE id = 101",
                        "INSERT INTO " + DB + ".products VALUES (103, 'drill', 'cordless', 2.000)");
                ingest = startIngest(kafka, dlf, topic, savepoint);
                awaitLakeEqualsSource(mysql, lake, "customers");
                awaitLakeEqualsSource(mysql, lake, "products");
            } finally {
                cancelQuietly(ingest);
                cancelQuietly(capture);
            }
        }
    }

    private static void awaitLakeEqualsSource(MySqlServer mysql, Catalog lake, String table) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Map<String, Map<String, String>> source = null;
        Map<String, Map<String, String>> sink = null;
        while (System.nanoTime() - deadline < 0) {
            source = LakeComparison.mysqlRows(mysql, DB, table, "id");
            sink = LakeComparison.restrictTo(LakeComparison.paimonRows(lake, DB, table, "id"), source);
            if (Objects.equals(source, sink)) {
                return;
            }
            Thread.sleep(500);
        }
        assertThat(sink).as("Paimon %s.%s after 120 s", DB, table).isEqualTo(source);
    }

    private static JobClient startCapture(MySqlServer mysql, KafkaServer kafka, String topic) throws Exception {
        Map<String, String> sets = new HashMap<>();
        sets.put("secret_values.mysql.hostname", mysql.host());
        sets.put("mysql.port", String.valueOf(mysql.port()));
        sets.put("secret_values.mysql.username", mysql.cdcUser());
        sets.put("secret_values.mysql.password", mysql.cdcPassword());
        sets.put("kafka.bootstraps.server", kafka.bootstrapServers());
        PipelineDefinition d = PipelineDefinitionLoader.parse(
                Files.readString(EXAMPLES.resolve("pipeline1-minimal.yaml")), "pipeline1-minimal.yaml",
                new PlaceholderResolver(sets, Map.of(), Map.of()));
        Map<String, String> source = new LinkedHashMap<>(d.source());
        source.put("tables", DB + ".\\.*");
        source.remove("server-id");
        Map<String, String> sink = new LinkedHashMap<>(d.sink());
        sink.put("topic", topic);
        sink.put("partition.strategy", "hash-by-key");
        sink.put("sink.topic.partitions", "3");
        d = new PipelineDefinition(source, sink, d.transforms(),
                Map.of("parallelism", "1", "execution.checkpointing.interval", "1s"));
        CaptureJobBuilder b = CaptureJobBuilder.fromDefinition(d, "capture-e2e");
        StreamExecutionEnvironment env = PipelineOptions.createEnvironment(d.pipeline());
        b.build(env, b.createSource(env.getParallelism(), "UTC"));
        return env.executeAsync("capture-e2e");
    }

    /** The reference's Pipeline 2, with the DLF endpoint, catalog name and credentials of the test server. */
    private static JobClient startIngest(KafkaServer kafka, PaimonRestCatalogServer dlf, String topic,
            String savepoint) throws Exception {
        PipelineDefinition d = PipelineDefinitionLoader.parse(Files.readString(EXAMPLES.resolve("pipeline2.yaml")),
                "pipeline2.yaml", new PlaceholderResolver(
                        Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()), Map.of(), Map.of()));
        Map<String, String> source = new LinkedHashMap<>(d.source());
        source.put("topic", topic);
        Map<String, String> sink = new LinkedHashMap<>(d.sink());
        sink.put("catalog.properties.uri", dlf.uri());
        sink.put("catalog.properties.warehouse", dlf.warehouse());
        dlf.catalogOptions().forEach((k, v) -> {
            if (k.startsWith("dlf.")) {
                sink.put("catalog.properties." + k, v);
            }
        });
        Map<String, String> pipeline = new HashMap<>(Map.of("parallelism", "1",
                "execution.checkpointing.interval", "1s"));
        if (savepoint != null) {
            pipeline.put("execution.savepoint.path", savepoint);
        }
        d = new PipelineDefinition(source, sink, d.transforms(), pipeline);
        IngestJobBuilder b = IngestJobBuilder.fromDefinition(d, "ingest-e2e");
        StreamExecutionEnvironment env = PipelineOptions.createEnvironment(d.pipeline());
        b.build(env);
        return env.executeAsync("ingest-e2e");
    }

    private static void cancelQuietly(JobClient job) {
        try {
            job.cancel().get();
        } catch (Exception e) {
            LOG.info("Job {} already ended: {}", job.getJobID(), e.toString());
        }
    }
}

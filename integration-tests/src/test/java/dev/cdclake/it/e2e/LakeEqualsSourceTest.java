package dev.cdclake.it.e2e;

import dev.cdclake.it.fixtures.Inventory;
import dev.cdclake.it.fixtures.LakeComparison;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.paimon.PaimonRestCatalogServer;
import dev.cdclake.it.process.WorkDirs;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.paimon.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.UUID;

/**
 * MySQL → capture-job → one Kafka topic (debezium-json) → ingest-job with the reference's Pipeline 2 → Paimon through a
 * REST catalog with DLF signing: the lake equals the source row by row after the snapshot, updates, deletes,
 * re-inserts, a column added mid-stream, and a stop-with-savepoint restart of the ingest job.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class LakeEqualsSourceTest {
    private static final Logger LOG = LoggerFactory.getLogger(LakeEqualsSourceTest.class);
    private static final String DB = "lake_e2e";

    @Test
    void referencePipelinesKeepTheLakeEqualToTheSource(MySqlServer mysql, KafkaServer kafka) throws Exception {
        Inventory inventory = Inventory.create(mysql, DB);
        String topic = "inventory_" + UUID.randomUUID().toString().substring(0, 8);
        try (PaimonRestCatalogServer dlf = PaimonRestCatalogServer.startWithDlfSigning(
                        "ak-id", "ak-secret", PaimonRestCatalogServer.DEFAULT_DLF_REGION);
                Catalog lake = LakeComparison.openLake(dlf.catalogOptions())) {
            JobClient capture = ExamplePipeline.capture(mysql, kafka, DB, topic).start("capture-e2e");
            Path savepoints = WorkDirs.newTempDir("savepoints");
            ExamplePipeline ingestPipeline = ingest(kafka, dlf, topic);
            JobClient ingest = ingestPipeline.start("ingest-e2e");
            try {
                inventory.awaitLakeEqualsSource(lake);

                inventory.updateDeleteReinsert();
                inventory.awaitLakeEqualsSource(lake);

                mysql.execute(
                        "ALTER TABLE " + DB + ".customers ADD COLUMN email VARCHAR(64)",
                        "INSERT INTO " + DB + ".customers VALUES (6, 'Eve', 'Rome', '6666', 60, 'eve@example.com')",
                        "UPDATE " + DB + ".customers SET email = 'john@example.com' WHERE id = 4");
                inventory.awaitLakeEqualsSource(lake, "customers");

                String savepoint = ingest.stopWithSavepoint(
                                false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get();
                LOG.info("ingest-job stopped with savepoint {}", savepoint);
                mysql.execute(
                        "UPDATE " + DB + ".customers SET age = age + 1",
                        "DELETE FROM " + DB + ".products WHERE id = 101",
                        "INSERT INTO " + DB + ".products VALUES (103, 'drill', 'cordless', 2.000)");
                ingest = ingestPipeline.startFrom("ingest-e2e", savepoint);
                inventory.awaitLakeEqualsSource(lake);
            } finally {
                ExamplePipeline.cancelQuietly(ingest);
                ExamplePipeline.cancelQuietly(capture);
            }
        }
    }

    /** The reference's Pipeline 2, with the DLF endpoint, catalog name and credentials of the test server. */
    private static ExamplePipeline ingest(KafkaServer kafka, PaimonRestCatalogServer dlf, String topic)
            throws Exception {
        ExamplePipeline pipeline = ExamplePipeline.ingest(kafka, topic)
                .sink("catalog.properties.uri", dlf.uri())
                .sink("catalog.properties.warehouse", dlf.warehouse());
        dlf.catalogOptions().forEach((k, v) -> {
            if (k.startsWith("dlf.")) {
                pipeline.sink("catalog.properties." + k, v);
            }
        });
        return pipeline;
    }
}

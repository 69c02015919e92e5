package dev.cdclake.it.e2e;

import dev.cdclake.it.fixtures.Inventory;
import dev.cdclake.it.fixtures.LakeComparison;
import dev.cdclake.it.fixtures.RetainedCheckpoints;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.paimon.PaimonWarehouse;
import dev.cdclake.it.process.Poll;
import dev.cdclake.it.process.WorkDirs;
import org.apache.flink.core.execution.JobClient;
import org.apache.paimon.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * ingest-job cancelled (as a crash would end it) and restored from its last retained checkpoint while changes keep
 * arriving: Kafka offsets and Paimon commits move together, so the lake ends equal to MySQL.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class IngestCheckpointRestoreTest {

    @Test
    void restoredIngestJobLosesAndDuplicatesNothing(MySqlServer mysql, KafkaServer kafka) throws Exception {
        Inventory inventory = Inventory.create(mysql, "lake_restore");
        String topic = "restore_" + UUID.randomUUID().toString().substring(0, 8);
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        Path checkpoints = WorkDirs.newTempDir("ingest-checkpoints");
        JobClient capture = null;
        JobClient ingest = null;
        try (Catalog lake = LakeComparison.openLake(warehouse.catalogOptions())) {
            capture = ExamplePipeline.capture(mysql, kafka, inventory.database(), topic)
                    .start("capture-restore");
            ExamplePipeline ingestPipeline = ExamplePipeline.ingest(kafka, topic)
                    .catalog(warehouse.catalogOptions())
                    .pipeline("execution.checkpointing.dir", checkpoints.toUri().toString())
                    .pipeline("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
            ingest = ingestPipeline.start("ingest-restore");
            inventory.awaitLakeEqualsSource(lake);

            JobClient first = ingest;
            Poll.until(
                    "a retained checkpoint",
                    Duration.ofSeconds(60),
                    () -> RetainedCheckpoints.latest(checkpoints, first.getJobID())
                            .isPresent());
            ingest.cancel().get();
            Path checkpoint =
                    RetainedCheckpoints.latest(checkpoints, first.getJobID()).orElseThrow();
            // changes while ingest is down stay in Kafka; the restored job reads them from its checkpointed offsets
            inventory.updateDeleteReinsert();
            // latest-offset applies only to a job without state: had the restore not taken the checkpointed offsets,
            // the changes made while the job was down would be skipped and the lake would differ
            ingest = ingestPipeline
                    .source("scan.startup.mode", "latest-offset")
                    .startFrom("ingest-restore", checkpoint.toString());
            inventory.awaitLakeEqualsSource(lake);
        } finally {
            ExamplePipeline.cancelQuietly(ingest);
            ExamplePipeline.cancelQuietly(capture);
        }
    }
}

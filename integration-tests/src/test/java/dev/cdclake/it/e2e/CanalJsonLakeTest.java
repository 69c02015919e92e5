package dev.cdclake.it.e2e;

import dev.cdclake.it.fixtures.Inventory;
import dev.cdclake.it.fixtures.LakeComparison;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.paimon.PaimonWarehouse;
import org.apache.flink.core.execution.JobClient;
import org.apache.paimon.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

/**
 * MySQL → capture-job ({@code value.format: canal-json}, one topic for both tables) → ingest-job
 * ({@code canal-json.distributed-tables: true}, no transform rule: the primary key comes from canal's {@code pkNames})
 * → a Paimon filesystem warehouse, equal to MySQL row by row after the snapshot, updates, deletes and re-inserts.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class CanalJsonLakeTest {

    @Test
    void canalJsonKeepsTheLakeEqualToTheSource(MySqlServer mysql, KafkaServer kafka) throws Exception {
        Inventory inventory = Inventory.create(mysql, "lake_canal");
        String topic = "canal_" + UUID.randomUUID().toString().substring(0, 8);
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        JobClient capture = null;
        JobClient ingest = null;
        try (Catalog lake = LakeComparison.openLake(warehouse.catalogOptions())) {
            capture = ExamplePipeline.capture(mysql, kafka, inventory.database(), topic)
                    .sink("value.format", "canal-json")
                    .start("capture-canal");
            ingest = ExamplePipeline.ingest(kafka, topic)
                    .source("value.format", "canal-json")
                    .source("debezium-json.distributed-tables", null)
                    .source("canal-json.distributed-tables", "true")
                    .noTransforms()
                    .catalog(warehouse.catalogOptions())
                    .start("ingest-canal");
            inventory.awaitLakeEqualsSource(lake);

            inventory.updateDeleteReinsert();
            inventory.awaitLakeEqualsSource(lake);
        } finally {
            ExamplePipeline.cancelQuietly(ingest);
            ExamplePipeline.cancelQuietly(capture);
        }
    }
}

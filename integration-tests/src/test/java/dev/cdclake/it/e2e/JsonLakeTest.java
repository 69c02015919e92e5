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
 * MySQL → capture-job ({@code value.format: json} with the table-identity headers, deletes as tombstones, one topic)
 * → ingest-job ({@code value.format: json}: the table from the headers, the primary key from the record key) → a Paimon
 * filesystem warehouse, equal to MySQL row by row after the snapshot, updates, deletes and re-inserts.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class JsonLakeTest {

    @Test
    void upsertJsonKeepsTheLakeEqualToTheSource(MySqlServer mysql, KafkaServer kafka) throws Exception {
        Inventory inventory = Inventory.create(mysql, "lake_json");
        String topic = "json_" + UUID.randomUUID().toString().substring(0, 8);
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        JobClient capture = null;
        JobClient ingest = null;
        try (Catalog lake = LakeComparison.openLake(warehouse.catalogOptions())) {
            capture = ExamplePipeline.capture(mysql, kafka, inventory.database(), topic)
                    .sink("value.format", "json")
                    .sink("sink.add-tableId-to-header-enabled", "true")
                    .start("capture-json");
            ingest = ExamplePipeline.ingest(kafka, topic)
                    .source("value.format", "json")
                    .source("debezium-json.distributed-tables", null)
                    .noTransforms()
                    .catalog(warehouse.catalogOptions())
                    .start("ingest-json");
            inventory.awaitLakeEqualsSource(lake);

            inventory.updateDeleteReinsert();
            inventory.awaitLakeEqualsSource(lake);
        } finally {
            ExamplePipeline.cancelQuietly(ingest);
            ExamplePipeline.cancelQuietly(capture);
        }
    }
}

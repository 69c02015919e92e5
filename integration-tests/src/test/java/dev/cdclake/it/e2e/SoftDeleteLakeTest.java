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

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * {@code converter-after-transform: SOFT_DELETE} with the change metadata columns, through both jobs: after the
 * inventory's updates, deletes and re-inserts, the lake holds every live MySQL row as it is, marked {@code +I} or
 * {@code +U}, and each deleted row as it was before its delete, marked {@code -D}.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class SoftDeleteLakeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void deletedRowsStayMarkedAndLiveRowsEqualTheSource(MySqlServer mysql, KafkaServer kafka) throws Exception {
        Inventory inventory = Inventory.create(mysql, "soft_delete");
        String db = inventory.database();
        String topic = "soft_delete_" + UUID.randomUUID().toString().substring(0, 8);
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        Map<String, Map<String, String>> before = LakeComparison.mysqlRows(mysql, db, "customers", "id");
        JobClient capture = null;
        JobClient ingest = null;
        try (Catalog lake = LakeComparison.openLake(warehouse.catalogOptions())) {
            capture = ExamplePipeline.capture(mysql, kafka, db, topic).start("capture-soft-delete");
            ingest = ExamplePipeline.ingest(kafka, topic)
                    .noTransforms()
                    .transform(Map.of(
                            "source-table", db + ".customers",
                            "projection", "\\*, __data_event_type__ AS op",
                            "primary-keys", "id",
                            "converter-after-transform", "SOFT_DELETE"))
                    .transform(Map.of("source-table", db + ".products", "primary-keys", "id"))
                    .catalog(warehouse.catalogOptions())
                    .start("ingest-soft-delete");
            inventory.updateDeleteReinsert();
            // id 2 is deleted for good; id 5 is inserted, deleted and inserted again
            LakeComparison.awaitEqual(
                    db + ".customers",
                    TIMEOUT,
                    () -> {
                        Map<String, Map<String, String>> expected = new TreeMap<>();
                        LakeComparison.mysqlRows(mysql, db, "customers", "id").forEach((id, row) -> {
                            Map<String, String> marked = new TreeMap<>(row);
                            marked.put("op", id.equals("4") ? "+U" : "+I");
                            expected.put(id, marked);
                        });
                        Map<String, String> deleted = new TreeMap<>(before.get("2"));
                        deleted.put("op", "-D");
                        expected.put("2", deleted);
                        return expected;
                    },
                    () -> LakeComparison.paimonRows(lake, db, "customers", "id"));
            inventory.awaitLakeEqualsSource(lake, "products");
        } finally {
            ExamplePipeline.cancelQuietly(ingest);
            ExamplePipeline.cancelQuietly(capture);
        }
    }
}

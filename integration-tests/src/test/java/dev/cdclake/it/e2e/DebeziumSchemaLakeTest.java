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
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.types.DataField;
import org.apache.paimon.types.DataType;
import org.apache.paimon.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * MySQL → capture-job (debezium-json with {@code include-schema.enabled}) → ingest-job with the reference's Pipeline 2
 * → a Paimon filesystem warehouse: the tables get the declared types of the schema envelope, not types inferred from
 * the
 * values (3.140 and 0.875 alone would suggest a DECIMAL narrower than DECIMAL(10, 3)), with the character lengths of
 * the MySQL columns (Debezium's {@code __debezium.source.column.*} parameters), its primary key and nullability, and
 * equal MySQL row by row; a MySQL {@code ALTER} that lengthens a VARCHAR lengthens the Paimon column.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class DebeziumSchemaLakeTest {

    @Test
    void theSchemaEnvelopeGivesTheExactMySqlTypes(MySqlServer mysql, KafkaServer kafka) throws Exception {
        Inventory inventory = Inventory.create(mysql, "lake_dbz_schema");
        String topic = "dbz_schema_" + UUID.randomUUID().toString().substring(0, 8);
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        JobClient capture = null;
        JobClient ingest = null;
        try (Catalog lake = LakeComparison.openLake(warehouse.catalogOptions())) {
            capture = ExamplePipeline.capture(mysql, kafka, inventory.database(), topic)
                    .sink("debezium-json.include-schema.enabled", "true")
                    .start("capture-dbz-schema");
            ingest = ExamplePipeline.ingest(kafka, topic)
                    .catalog(warehouse.catalogOptions())
                    .start("ingest-dbz-schema");
            inventory.awaitLakeEqualsSource(lake);

            // the types of Inventory's CREATE TABLE statements
            assertThat(types(lake, inventory.database(), "products"))
                    .containsExactly(
                            entry("id", DataTypes.INT().notNull()), entry("name", DataTypes.VARCHAR(255)),
                            entry("description", DataTypes.VARCHAR(512)), entry("weight", DataTypes.DECIMAL(10, 3)));
            assertThat(types(lake, inventory.database(), "customers"))
                    .containsExactly(
                            entry("id", DataTypes.INT().notNull()),
                            entry("name", DataTypes.VARCHAR(255)),
                            entry("address", DataTypes.VARCHAR(1024)),
                            entry("phone_number", DataTypes.VARCHAR(512)),
                            entry("age", DataTypes.INT()));
            assertThat(lake.getTable(Identifier.create(inventory.database(), "products"))
                            .primaryKeys())
                    .containsExactly("id");

            inventory.updateDeleteReinsert();
            inventory.awaitLakeEqualsSource(lake);

            // binlog changes arrived above, so the binlog reader runs and may see a DDL (see README, Known limits)
            String longName = "N".repeat(280);
            mysql.execute(
                    "ALTER TABLE " + inventory.database() + ".customers MODIFY name VARCHAR(300)",
                    "UPDATE " + inventory.database() + ".customers SET name = '" + longName + "' WHERE id = 1");
            inventory.awaitLakeEqualsSource(lake, "customers");
            assertThat(types(lake, inventory.database(), "customers"))
                    .containsExactly(
                            entry("id", DataTypes.INT().notNull()),
                            entry("name", DataTypes.VARCHAR(300)),
                            entry("address", DataTypes.VARCHAR(1024)),
                            entry("phone_number", DataTypes.VARCHAR(512)),
                            entry("age", DataTypes.INT()));
        } finally {
            ExamplePipeline.cancelQuietly(ingest);
            ExamplePipeline.cancelQuietly(capture);
        }
    }

    /** Column name to type, in column order. */
    private static Map<String, DataType> types(Catalog lake, String db, String table) throws Exception {
        Map<String, DataType> types = new LinkedHashMap<>();
        for (DataField f : lake.getTable(Identifier.create(db, table)).rowType().getFields()) {
            types.put(f.name(), f.type());
        }
        return types;
    }
}

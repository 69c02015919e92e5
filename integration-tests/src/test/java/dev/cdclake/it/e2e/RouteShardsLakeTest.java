package dev.cdclake.it.e2e;

import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.it.fixtures.LakeComparison;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.paimon.PaimonWarehouse;
import org.apache.flink.core.execution.JobClient;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.table.Table;
import org.apache.paimon.types.DataField;
import org.apache.paimon.types.DataType;
import org.apache.paimon.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.annotation.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code examples/pipeline2-shards.yaml} as written: two MySQL databases of three {@code orders} shards each, whose ids
 * overlap, whose column sets differ (only {@code orders_2} has {@code note}) and whose {@code qty} is INT in one
 * database and BIGINT in the other, merged by a route into one Paimon table keyed by the shard's identity and id;
 * a second rule that also matches app_0's tables sends them to tables of their own name as well. After the snapshot,
 * and again after inserts, updates (one of them of the key), deletes and an {@code ALTER} on one shard, the merged
 * table equals the union of the shards row by row, with a column a shard lacks null in that shard's rows. A
 * configuration that would merge a shard under its own colliding key is refused before the job starts.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class RouteShardsLakeTest {
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final List<String> DATABASES = List.of("app_0", "app_1");
    private static final List<String> SHARDS = List.of("orders_0", "orders_1", "orders_2");

    @Test
    void shardsMergeIntoOneTableThatEqualsTheirUnion(MySqlServer mysql, KafkaServer kafka) throws Exception {
        for (String db : DATABASES) {
            mysql.createDatabase(db);
            String qty = db.equals("app_0") ? "INT" : "BIGINT";
            for (String shard : SHARDS) {
                mysql.execute("CREATE TABLE " + db + "." + shard + " (id INT PRIMARY KEY, item VARCHAR(20), qty " + qty
                        + ", amount DECIMAL(10, 2)" + (shard.equals("orders_2") ? ", note VARCHAR(40)" : "") + ")");
                for (int id = 1; id <= 4; id++) {
                    mysql.execute("INSERT INTO " + db + "." + shard + " (id, item, qty, amount) VALUES (" + id + ", '"
                            + db + "/" + shard + "/" + id + "', " + id * 10 + ", " + id + ".25)");
                }
            }
        }
        mysql.execute(
                "UPDATE app_0.orders_2 SET note = 'snapshot note' WHERE id = 1",
                "CREATE TABLE app_0.customers (id INT PRIMARY KEY, name VARCHAR(20))",
                "INSERT INTO app_0.customers VALUES (1, 'Alice'), (2, 'Bob')");

        String topic = "app_shards_" + UUID.randomUUID().toString().substring(0, 8);
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        JobClient capture = null;
        JobClient ingest = null;
        try (Catalog lake = LakeComparison.openLake(warehouse.catalogOptions())) {
            capture = ExamplePipeline.capture(mysql, kafka, "app_\\.*", topic)
                    .sink("schema.topic", "schemas_" + topic)
                    .start("capture-shards");
            ingest = ExamplePipeline.ingest("pipeline2-shards.yaml", kafka, topic)
                    .source("schema.topic", "schemas_" + topic)
                    .pipeline("parallelism", "2")
                    .catalog(warehouse.catalogOptions())
                    .start("ingest-shards");
            awaitAllEqual(mysql, lake);

            mysql.execute(
                    "INSERT INTO app_0.orders_0 (id, item, qty, amount) VALUES (5, 'new in app_0', 50, 5.5)",
                    "INSERT INTO app_1.orders_0 (id, item, qty, amount) VALUES (5, 'new in app_1', 9000000000, 5.5)",
                    "UPDATE app_0.orders_1 SET amount = 99.99 WHERE id = 1",
                    "UPDATE app_1.orders_2 SET note = 'binlog note', qty = NULL WHERE id = 2",
                    "UPDATE app_1.orders_1 SET id = 40 WHERE id = 4",
                    "DELETE FROM app_0.orders_2 WHERE id = 3",
                    "DELETE FROM app_1.orders_0 WHERE id = 1",
                    "ALTER TABLE app_0.orders_1 ADD COLUMN channel VARCHAR(16), MODIFY item VARCHAR(30)",
                    "INSERT INTO app_0.orders_1 VALUES (6, 'with a channel, longer', 60, 6.25, 'web')",
                    "UPDATE app_0.orders_1 SET channel = 'shop' WHERE id = 2",
                    "UPDATE app_0.customers SET name = 'Bobby' WHERE id = 2");
            awaitAllEqual(mysql, lake);

            Table orders = lake.getTable(Identifier.create("ods", "orders"));
            assertThat(orders.primaryKeys()).containsExactly("source_db", "source_table", "id");
            Map<String, DataType> types = new LinkedHashMap<>();
            for (DataField f : orders.rowType().getFields()) {
                types.put(f.name(), f.type());
            }
            assertThat(types)
                    .containsEntry("id", DataTypes.INT().notNull())
                    .containsEntry("source_db", DataTypes.STRING().notNull())
                    .containsEntry("source_table", DataTypes.STRING().notNull())
                    .as("INT in app_0 and BIGINT in app_1 meet in BIGINT")
                    .containsEntry("qty", DataTypes.BIGINT())
                    .as("lengthened by the ALTER of one shard")
                    .containsEntry("item", DataTypes.VARCHAR(30))
                    .containsEntry("note", DataTypes.VARCHAR(40))
                    .containsEntry("channel", DataTypes.VARCHAR(16));
            // a shard whose own transform rule sets no key is refused before the job starts, from its published schema
            assertThatThrownBy(() -> ExamplePipeline.ingest("pipeline2-shards.yaml", kafka, topic)
                            .source("schema.topic", "schemas_" + topic)
                            .noTransforms()
                            .transform(Map.of("source-table", "app_0.orders_\\.*", "primary-keys", "id"))
                            .catalog(warehouse.catalogOptions())
                            .start("ingest-shards-without-keys"))
                    .isInstanceOf(PipelineConfigException.class)
                    .hasMessageContaining("Table app_1.orders_")
                    .hasMessageContaining("is merged into ods.orders by route rule #1")
                    .hasMessageContaining("no transform rule sets its primary-keys");

            assertThat(lake.listDatabases())
                    .as("routed tables do not also keep their own name")
                    .containsExactly("ods");
        } finally {
            ExamplePipeline.cancelQuietly(ingest);
            ExamplePipeline.cancelQuietly(capture);
        }
    }

    /**
     * Under {@code evolve} a shard's DDL changes the tables it feeds alone (app_0's tables under their own names, the
     * second rule: the rename keeps its values) and never the merged table, which the other shards still write:
     * there it acts as under lenient (the dropped column keeps its values, the renamed one comes as a new column).
     */
    @Test
    void underEvolveAShardsDdlChangesOnlyTheTablesItFeedsAlone(MySqlServer mysql, KafkaServer kafka) throws Exception {
        for (String db : DATABASES) {
            mysql.createDatabase(db);
            String p = db.substring(db.length() - 1);
            mysql.execute(
                    "CREATE TABLE " + db + ".orders_0 (id INT PRIMARY KEY, item VARCHAR(20), note VARCHAR(40))",
                    "INSERT INTO " + db + ".orders_0 VALUES (1, 'a" + p + "-1', 'n" + p + "-1'), (2, 'a" + p + "-2', 'n"
                            + p + "-2')");
        }
        String topic = "app_evolve_" + UUID.randomUUID().toString().substring(0, 8);
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        JobClient capture = null;
        JobClient ingest = null;
        try (Catalog lake = LakeComparison.openLake(warehouse.catalogOptions())) {
            // all-to-zero, one partition: each table's changes and DDL in one sequence, which evolve needs
            capture = ExamplePipeline.capture(mysql, kafka, "app_\\.*", topic)
                    .sink("partition.strategy", null)
                    .sink("sink.topic.partitions", null)
                    .start("capture-shards-evolve");
            ingest = ExamplePipeline.ingest("pipeline2-shards.yaml", kafka, topic)
                    .pipeline("schema.change.behavior", "evolve")
                    .catalog(warehouse.catalogOptions())
                    .start("ingest-shards-evolve");
            List<String[]> shards = List.of(new String[] {"app_0", "orders_0"}, new String[] {"app_1", "orders_0"});
            awaitMerged(mysql, lake, "orders", shards);

            mysql.execute(
                    "ALTER TABLE app_1.orders_0 DROP COLUMN note",
                    "INSERT INTO app_1.orders_0 VALUES (3, 'a1-3')",
                    "ALTER TABLE app_0.orders_0 RENAME COLUMN note TO remark",
                    "INSERT INTO app_0.orders_0 VALUES (3, 'a0-3', 'r0-3')");
            // app_0's own table follows MySQL exactly
            awaitMerged(mysql, lake, "orders_0", List.<String[]>of(new String[] {"app_0", "orders_0"}));
            Map<String, Map<String, String>> merged = new TreeMap<>();
            merged.put("app_0/orders_0/1", shardRow("app_0", "1", "a0-1", "n0-1", null));
            merged.put("app_0/orders_0/2", shardRow("app_0", "2", "a0-2", "n0-2", null));
            merged.put("app_0/orders_0/3", shardRow("app_0", "3", "a0-3", null, "r0-3"));
            merged.put("app_1/orders_0/1", shardRow("app_1", "1", "a1-1", "n1-1", null));
            merged.put("app_1/orders_0/2", shardRow("app_1", "2", "a1-2", "n1-2", null));
            merged.put("app_1/orders_0/3", shardRow("app_1", "3", "a1-3", null, null));
            LakeComparison.awaitEqual(
                    "ods.orders",
                    DEADLINE,
                    () -> merged,
                    () -> LakeComparison.paimonRows(
                            lake,
                            "ods",
                            "orders",
                            r -> r.get("source_db") + "/" + r.get("source_table") + "/" + r.get("id")));
        } finally {
            ExamplePipeline.cancelQuietly(ingest);
            ExamplePipeline.cancelQuietly(capture);
        }
    }

    private static Map<String, String> shardRow(
            String db, String id, String item, @Nullable String note, @Nullable String remark) {
        Map<String, String> row = new TreeMap<>();
        row.put("source_db", db);
        row.put("source_table", "orders_0");
        row.put("id", id);
        row.put("item", item);
        row.put("note", note);
        row.put("remark", remark);
        return row;
    }

    /** ods.orders = every shard; ods.orders_N = app_0's shard N (the second rule); ods.customers = app_0.customers. */
    private static void awaitAllEqual(MySqlServer mysql, Catalog lake) throws Exception {
        List<String[]> all = new ArrayList<>();
        for (String db : DATABASES) {
            for (String shard : SHARDS) {
                all.add(new String[] {db, shard});
            }
        }
        awaitMerged(mysql, lake, "orders", all);
        for (String shard : SHARDS) {
            awaitMerged(mysql, lake, shard, List.<String[]>of(new String[] {"app_0", shard}));
        }
        LakeComparison.awaitEqual(
                "ods.customers",
                DEADLINE,
                () -> LakeComparison.mysqlRows(mysql, "app_0", "customers", "id"),
                () -> LakeComparison.paimonRows(lake, "ods", "customers", "id"));
    }

    /** Waits until Paimon table ods.{@code sink} holds exactly the rows of {@code shards}, keyed by shard and id. */
    private static void awaitMerged(MySqlServer mysql, Catalog lake, String sink, List<String[]> shards)
            throws Exception {
        LakeComparison.awaitEqual(
                "ods." + sink,
                DEADLINE,
                () -> union(mysql, shards),
                () -> LakeComparison.paimonRows(
                        lake, "ods", sink, r -> r.get("source_db") + "/" + r.get("source_table") + "/" + r.get("id")));
    }

    /** The shards' rows with the shard's identity added, and null for each column a shard does not have. */
    private static Map<String, Map<String, String>> union(MySqlServer mysql, List<String[]> shards) throws Exception {
        Map<String, Map<String, String>> rows = new TreeMap<>();
        TreeSet<String> columns = new TreeSet<>();
        for (String[] shard : shards) {
            for (Map<String, String> row :
                    LakeComparison.mysqlRows(mysql, shard[0], shard[1], "id").values()) {
                Map<String, String> r = new TreeMap<>(row);
                r.put("source_db", shard[0]);
                r.put("source_table", shard[1]);
                columns.addAll(r.keySet());
                rows.put(shard[0] + "/" + shard[1] + "/" + row.get("id"), r);
            }
        }
        for (Map<String, String> r : rows.values()) {
            for (String c : columns) {
                r.putIfAbsent(c, null);
            }
        }
        return rows;
    }
}

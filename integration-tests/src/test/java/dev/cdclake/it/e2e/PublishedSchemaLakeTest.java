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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.types.DataField;
import org.apache.paimon.types.DataType;
import org.apache.paimon.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schemas capture-job publishes beside the reference's plain debezium-json messages, under what happens to real
 * pipelines: three partitions read by two ingest subtasks, an {@code ALTER} while records of the old schema are still
 * in flight on other partitions, capture-job restored from a checkpoint (the schemas published again, the same
 * records), a replay of the topics from the earliest offset into a fresh warehouse, and a schema topic that was
 * deleted (a clear error naming the record; the opt-in fallback to inference). Each step compares the lake with MySQL
 * row by row and asserts the exact Paimon types that only the published schemas can give plain messages.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class PublishedSchemaLakeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static Map<String, DataType> customerTypes(DataType name) {
        Map<String, DataType> t = new LinkedHashMap<>();
        t.put("id", DataTypes.INT().notNull());
        t.put("name", name);
        t.put("address", DataTypes.VARCHAR(1024));
        t.put("phone_number", DataTypes.VARCHAR(512));
        t.put("age", DataTypes.INT());
        return t;
    }

    @Test
    void plainMessagesKeepExactTypesThroughAlterRestartAndReplay(MySqlServer mysql, KafkaServer kafka)
            throws Exception {
        Inventory inventory = Inventory.create(mysql, "lake_published");
        String db = inventory.database();
        String topic = "published_" + UUID.randomUUID().toString().substring(0, 8);
        String schemaTopic = "schemas_" + UUID.randomUUID().toString().substring(0, 8);
        Path checkpoints = WorkDirs.newTempDir("capture-checkpoints");
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        ExamplePipeline capturePipeline = ExamplePipeline.capture(mysql, kafka, db, topic)
                .sink("schema.topic", schemaTopic)
                .pipeline("execution.checkpointing.dir", checkpoints.toUri().toString())
                .pipeline("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        JobClient capture = null;
        JobClient ingest = null;
        JobClient replay = null;
        try (Catalog lake = LakeComparison.openLake(warehouse.catalogOptions())) {
            capture = capturePipeline.start("capture-published");
            ingest = ExamplePipeline.ingest(kafka, topic)
                    .source("schema.topic", schemaTopic)
                    .pipeline("parallelism", "2")
                    .catalog(warehouse.catalogOptions())
                    .start("ingest-published");
            inventory.awaitLakeEqualsSource(lake);
            // plain messages: inference alone would say STRING and DECIMAL(4, 3)
            assertThat(types(lake, db, "customers")).containsExactlyEntriesOf(customerTypes(DataTypes.VARCHAR(255)));
            assertThat(types(lake, db, "products")).containsEntry("weight", DataTypes.DECIMAL(10, 3));
            assertThat(compacted(kafka, schemaTopic))
                    .as("the schema topic is created compacted")
                    .isTrue();

            // many keys over three partitions, so records of the old schema are still in flight on some partitions
            // while the first records of the new one arrive on others
            StringBuilder updates = new StringBuilder("INSERT INTO " + db + ".customers VALUES ");
            for (int id = 10; id < 200; id++) {
                updates.append(id == 10 ? "" : ", ")
                        .append("(")
                        .append(id)
                        .append(", 'n")
                        .append(id)
                        .append("', 'a', 'p', ")
                        .append(id)
                        .append(")");
            }
            mysql.execute(
                    updates.toString(),
                    "ALTER TABLE " + db + ".customers MODIFY name VARCHAR(300), ADD COLUMN score DECIMAL(12, 4)",
                    "UPDATE " + db + ".customers SET score = id + 0.0001, name = CONCAT(name, REPEAT('x', 280))"
                            + " WHERE id % 3 = 0");
            inventory.awaitLakeEqualsSource(lake, "customers");
            Map<String, DataType> altered = customerTypes(DataTypes.VARCHAR(300));
            altered.put("score", DataTypes.DECIMAL(12, 4));
            assertThat(types(lake, db, "customers")).containsExactlyEntriesOf(altered);

            Set<String> idsBeforeRestart = schemaIds(kafka, schemaTopic);
            JobClient first = capture;
            Poll.until(
                    "a retained capture checkpoint",
                    TIMEOUT,
                    () -> RetainedCheckpoints.latest(checkpoints, first.getJobID())
                            .isPresent());
            Path checkpoint =
                    RetainedCheckpoints.latest(checkpoints, capture.getJobID()).orElseThrow();
            capture.cancel().get(60, TimeUnit.SECONDS);
            long publishedBeforeRestart = kafka.endOffsetSum(schemaTopic);
            capture = capturePipeline.startFrom("capture-published", checkpoint.toString());
            mysql.execute(
                    "UPDATE " + db + ".customers SET score = -99999999.9999 WHERE id = 4",
                    "DELETE FROM " + db + ".customers WHERE id = 2",
                    "INSERT INTO " + db + ".customers VALUES (5, 'Dan', 'Paris', '5555', 50, 0.0001)",
                    "UPDATE " + db + ".products SET weight = 1.5 WHERE id = 102");
            inventory.awaitLakeEqualsSource(lake);
            // the restored job publishes the schemas it meets again: the same ids, so compaction keeps one of each
            Poll.until(
                    "the schemas published again after the restore",
                    TIMEOUT,
                    () -> kafka.endOffsetSum(schemaTopic) > publishedBeforeRestart);
            assertThat(schemaIds(kafka, schemaTopic)).isEqualTo(idsBeforeRestart);

            // a fresh warehouse rebuilt from the earliest offsets: the old and the new schema resolve as they did
            PaimonWarehouse fresh = PaimonWarehouse.create();
            try (Catalog replayed = LakeComparison.openLake(fresh.catalogOptions())) {
                replay = ExamplePipeline.ingest(kafka, topic)
                        .source("schema.topic", schemaTopic)
                        .source("properties.group.id", "replay-" + topic)
                        .catalog(fresh.catalogOptions())
                        .start("ingest-published-replay");
                inventory.awaitLakeEqualsSource(replayed);
                assertThat(types(replayed, db, "customers")).containsExactlyEntriesOf(altered);
            }
        } finally {
            ExamplePipeline.cancelQuietly(replay);
            ExamplePipeline.cancelQuietly(ingest);
            ExamplePipeline.cancelQuietly(capture);
        }
    }

    @Test
    void aDeletedSchemaTopicIsAClearErrorAndTheFallbackInfers(MySqlServer mysql, KafkaServer kafka) throws Exception {
        Inventory inventory = Inventory.create(mysql, "lake_schema_gone");
        String db = inventory.database();
        String topic = "schema_gone_" + UUID.randomUUID().toString().substring(0, 8);
        String schemaTopic = "schemas_gone_" + UUID.randomUUID().toString().substring(0, 8);
        JobClient capture = ExamplePipeline.capture(mysql, kafka, db, topic)
                .sink("schema.topic", schemaTopic)
                .start("capture-schema-gone");
        try {
            kafka.consume(topic, 6, TIMEOUT);
        } finally {
            ExamplePipeline.cancelQuietly(capture);
        }
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.deleteTopics(List.of(schemaTopic)).all().get(60, TimeUnit.SECONDS);
        }

        // the default restart strategy stays: the job must fail once, not restart on the same record forever
        JobClient strict = ExamplePipeline.ingest(kafka, topic)
                .source("schema.topic", schemaTopic)
                .pipeline("restart-strategy.type", "exponential-delay")
                .catalog(PaimonWarehouse.create().catalogOptions())
                .start("ingest-schema-gone");
        Throwable failure = null;
        try {
            strict.getJobExecutionResult().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            failure = e;
        } finally {
            ExamplePipeline.cancelQuietly(strict);
        }
        assertThat(failure).as("the job fails").isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertThat(messages.toString())
                .contains("topic '" + topic + "' partition")
                .contains("offset 0")
                .contains("schema topic '" + schemaTopic + "' does not exist")
                .contains("schema.fallback-to-inference.enabled");

        PaimonWarehouse warehouse = PaimonWarehouse.create();
        JobClient lenient = null;
        try (Catalog lake = LakeComparison.openLake(warehouse.catalogOptions())) {
            lenient = ExamplePipeline.ingest(kafka, topic)
                    .source("schema.topic", schemaTopic)
                    .source("schema.fallback-to-inference.enabled", "true")
                    .catalog(warehouse.catalogOptions())
                    .start("ingest-schema-gone-inferred");
            inventory.awaitLakeEqualsSource(lake);
            // the values alone: text is STRING, 3.140 and 0.875 a DECIMAL just wide enough
            assertThat(types(lake, db, "customers")).containsEntry("name", DataTypes.STRING());
            assertThat(types(lake, db, "products")).containsEntry("weight", DataTypes.DECIMAL(4, 3));
        } finally {
            ExamplePipeline.cancelQuietly(lenient);
        }
    }

    private static Map<String, DataType> types(Catalog lake, String db, String table) throws Exception {
        Map<String, DataType> types = new LinkedHashMap<>();
        for (DataField f : lake.getTable(Identifier.create(db, table)).rowType().getFields()) {
            types.put(f.name(), f.type());
        }
        return types;
    }

    private static Set<String> schemaIds(KafkaServer kafka, String schemaTopic) {
        int records = (int) kafka.endOffsetSum(schemaTopic);
        return kafka.consume(schemaTopic, records, TIMEOUT).stream()
                .map(ConsumerRecord::key)
                .collect(Collectors.toSet());
    }

    private static boolean compacted(KafkaServer kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            ConfigEntry policy = admin.describeConfigs(List.of(resource))
                    .all()
                    .get(60, TimeUnit.SECONDS)
                    .get(resource)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG);
            return TopicConfig.CLEANUP_POLICY_COMPACT.equals(policy.value());
        }
    }
}

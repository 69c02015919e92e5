package dev.cdclake.it.ingest;

import dev.cdclake.events.config.PipelineDefinition;
import dev.cdclake.events.config.PipelineOptions;
import dev.cdclake.ingest.IngestJobBuilder;
import dev.cdclake.it.fixtures.LakeComparison;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.paimon.PaimonWarehouse;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.schema.Schema;
import org.apache.paimon.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ingest-job's bad-record policies against a real broker and a Paimon warehouse: by default the job fails naming the
 * record's topic, partition and offset; with {@code ingestion.ignore-errors} good records land, bad ones are skipped
 * and
 * copied to the dead-letter topic with the error and their origin in headers, so nothing is silently lost.
 */
@ExtendWith(KafkaExtension.class)
class BadRecordPolicyTest {
    private static final String GOOD_1 = "{\"before\":null,\"after\":{\"id\":1,\"name\":\"a\"},\"op\":\"c\","
            + "\"source\":{\"db\":\"bad_db\",\"table\":\"t\",\"ts_ms\":1}}";
    private static final String GOOD_2 = "{\"before\":null,\"after\":{\"id\":2,\"name\":\"b\"},\"op\":\"c\","
            + "\"source\":{\"db\":\"bad_db\",\"table\":\"t\",\"ts_ms\":2}}";
    private static final String MALFORMED = "{\"before\":null,\"after\":{\"id\":3,";
    private static final String UNKNOWN_OP = "{\"before\":null,\"after\":{\"id\":4,\"name\":\"d\"},\"op\":\"x\","
            + "\"source\":{\"db\":\"bad_db\",\"table\":\"t\",\"ts_ms\":3}}";

    private static String fill(KafkaServer kafka) {
        String topic = "bad_" + UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopic(topic, 1);
        kafka.produce(topic, null, GOOD_1);
        kafka.produce(topic, null, MALFORMED);
        kafka.produce(topic, null, UNKNOWN_OP);
        kafka.produce(topic, null, GOOD_2);
        return topic;
    }

    private static JobClient start(
            KafkaServer kafka, PaimonWarehouse warehouse, String topic, Map<String, String> extraSource)
            throws Exception {
        return start(kafka, warehouse, topic, extraSource, List.of());
    }

    private static JobClient start(
            KafkaServer kafka,
            PaimonWarehouse warehouse,
            String topic,
            Map<String, String> extraSource,
            List<Map<String, String>> routes)
            throws Exception {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("type", "kafka");
        source.put("properties.bootstrap.servers", kafka.bootstrapServers());
        source.put("topic", topic);
        source.put("scan.startup.mode", "earliest-offset");
        source.putAll(extraSource);
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("type", "paimon");
        warehouse.catalogOptions().forEach((k, v) -> sink.put("catalog.properties." + k, v));
        PipelineDefinition d = new PipelineDefinition(
                source,
                sink,
                List.of(Map.of("source-table", "\\.*.\\.*", "primary-keys", "id")),
                routes,
                Map.of("parallelism", "1", "execution.checkpointing.interval", "1s", "restart-strategy.type", "none"));
        IngestJobBuilder b = IngestJobBuilder.fromDefinition(d, "bad-records");
        StreamExecutionEnvironment env = PipelineOptions.createEnvironment(d.pipeline());
        b.build(env);
        return env.executeAsync("bad-records");
    }

    @Test
    void byDefaultTheJobFailsNamingTheRecord(KafkaServer kafka) throws Exception {
        String topic = fill(kafka);
        JobClient job = start(kafka, PaimonWarehouse.create(), topic, Map.of());
        Throwable failure = null;
        try {
            job.getJobExecutionResult().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            failure = e;
        }
        assertThat(failure).as("the job must fail on the malformed record").isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertThat(messages.toString())
                .contains("topic '" + topic + "'")
                .contains("partition 0")
                .contains("offset 1")
                .contains("ingestion.ignore-errors");
    }

    @Test
    void errorToleranceStopsTheJobWhenExceeded(KafkaServer kafka) throws Exception {
        String topic = fill(kafka);
        JobClient job = start(
                kafka,
                PaimonWarehouse.create(),
                topic,
                Map.of("ingestion.ignore-errors", "true", "ingestion.error-tolerance.max-count", "1"));
        Throwable failure = null;
        try {
            job.getJobExecutionResult().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            failure = e;
        }
        assertThat(failure).as("the second bad record exceeds a tolerance of 1").isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertThat(messages.toString())
                .contains("More than ingestion.error-tolerance.max-count = 1")
                .contains("offset 2");
    }

    @Test
    void ignoredErrorsAreSkippedCountedAndDeadLettered(KafkaServer kafka) throws Exception {
        String topic = fill(kafka);
        String deadLetters = topic + "_dlq";
        kafka.createTopic(deadLetters, 1);
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        JobClient job = start(
                kafka,
                warehouse,
                topic,
                Map.of("ingestion.ignore-errors", "true", "ingestion.dead-letter.topic", deadLetters));
        try (Catalog lake = warehouse.createCatalog()) {
            List<ConsumerRecord<String, String>> dlq = kafka.consume(deadLetters, 2, Duration.ofSeconds(90));
            assertThat(dlq).extracting(ConsumerRecord::value).containsExactly(MALFORMED, UNKNOWN_OP);
            assertThat(new String(
                            dlq.get(0).headers().lastHeader("cdclake.origin").value(), StandardCharsets.UTF_8))
                    .isEqualTo(topic + "/0@1");
            assertThat(new String(
                            dlq.get(1).headers().lastHeader("cdclake.error").value(), StandardCharsets.UTF_8))
                    .contains("offset 2");
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            Map<String, Map<String, String>> rows = Map.of();
            while (System.nanoTime() - deadline < 0) {
                rows = LakeComparison.paimonRows(lake, "bad_db", "t", "id");
                if (Objects.equals(rows.keySet(), java.util.Set.of("1", "2"))) {
                    break;
                }
                Thread.sleep(300);
            }
            assertThat(rows).containsOnlyKeys("1", "2");
            assertThat(rows.get("2")).containsEntry("name", "b");
        } finally {
            job.cancel().get();
        }
    }

    /**
     * A route that fans one table out to two sinks, the first of which cannot take the rows (its column has a type
     * that holds no string): the second still gets every row, and each record is dead-lettered once, for the first.
     */
    @Test
    void aFanOutSinkThatRefusesARecordDoesNotKeepItFromTheOthers(KafkaServer kafka) throws Exception {
        String topic = "fanout_" + UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopic(topic, 1);
        kafka.produce(topic, null, GOOD_1);
        kafka.produce(topic, null, GOOD_2);
        String deadLetters = topic + "_dlq";
        kafka.createTopic(deadLetters, 1);
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        try (Catalog lake = warehouse.createCatalog()) {
            lake.createDatabase("ods", true);
            lake.createTable(
                    Identifier.create("ods", "refusing"),
                    Schema.newBuilder()
                            .column("id", DataTypes.INT().notNull())
                            .column("name", DataTypes.INT())
                            .primaryKey("id")
                            .option("bucket", "1")
                            .build(),
                    false);
            JobClient job = start(
                    kafka,
                    warehouse,
                    topic,
                    Map.of("ingestion.ignore-errors", "true", "ingestion.dead-letter.topic", deadLetters),
                    List.of(
                            Map.of("source-table", "bad_db.t", "sink-table", "ods.refusing"),
                            Map.of("source-table", "bad_db.t", "sink-table", "ods.taking")));
            try {
                LakeComparison.awaitEqual(
                        "ods.taking",
                        Duration.ofSeconds(90),
                        () -> Map.of("1", Map.of("id", "1", "name", "a"), "2", Map.of("id", "2", "name", "b")),
                        () -> LakeComparison.paimonRows(lake, "ods", "taking", "id"));
                List<ConsumerRecord<String, String>> dlq = kafka.consume(deadLetters, 2, Duration.ofSeconds(90));
                assertThat(dlq).extracting(ConsumerRecord::value).containsExactly(GOOD_1, GOOD_2);
                assertThat(new String(
                                dlq.get(0).headers().lastHeader("cdclake.error").value(), StandardCharsets.UTF_8))
                        .contains("ods.refusing");
                assertThat(LakeComparison.paimonRows(lake, "ods", "refusing", "id"))
                        .isEmpty();
            } finally {
                job.cancel().get();
            }
        }
    }
}

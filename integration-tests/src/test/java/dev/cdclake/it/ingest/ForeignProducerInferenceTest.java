package dev.cdclake.it.ingest;

import dev.cdclake.events.config.PipelineDefinition;
import dev.cdclake.events.config.PipelineOptions;
import dev.cdclake.ingest.IngestJobBuilder;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.paimon.PaimonWarehouse;
import dev.cdclake.it.process.Poll;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.data.InternalRow;
import org.apache.paimon.reader.RecordReader;
import org.apache.paimon.table.Table;
import org.apache.paimon.table.source.ReadBuilder;
import org.apache.paimon.types.DataField;
import org.apache.paimon.types.DataType;
import org.apache.paimon.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages of a producer other than capture-job (no published schema, no envelope): two ingest subtasks infer the
 * same table from two partitions at once, with values that force widening in both orders (the case that made the
 * job loop before: {@code 1234567.890123} is DECIMAL(13, 6) on one subtask while {@code -1e300} is DOUBLE on the
 * other). Every column ends with the join of its values' types, the values are exact, and a value that fits no type
 * (text where numbers were) is a bad record: the job fails once naming it, or skips it under
 * {@code ingestion.ignore-errors} and keeps running.
 */
@ExtendWith(KafkaExtension.class)
class ForeignProducerInferenceTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static String change(int id, String values) {
        return "{\"before\":null,\"after\":{\"id\":" + id + "," + values + "},\"op\":\"c\","
                + "\"source\":{\"db\":\"foreign\",\"table\":\"readings\",\"ts_ms\":1}}";
    }

    /** Partition 0 and 1 each hold values whose types the other widens; the bad record is last on partition 1. */
    private static String fill(KafkaServer kafka, boolean withBadRecord) {
        String topic = "foreign_" + UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopic(topic, 2);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        records.add(new ProducerRecord<>(
                topic, 0, null, change(1, "\"c_double\":1234567.890123,\"c_num\":1,\"c_big\":123,\"c_text\":\"a\"")));
        records.add(new ProducerRecord<>(
                topic, 0, null, change(2, "\"c_double\":0.1,\"c_num\":2.5,\"c_big\":-5,\"c_text\":\"b\"")));
        records.add(new ProducerRecord<>(
                topic,
                1,
                null,
                change(
                        3,
                        "\"c_double\":-1e300,\"c_num\":5000000000,\"c_big\":12345678901234567890123,"
                                + "\"c_text\":\"c\"")));
        records.add(new ProducerRecord<>(
                topic, 1, null, change(4, "\"c_double\":null,\"c_num\":-0.5,\"c_big\":0,\"c_text\":null")));
        if (withBadRecord) {
            records.add(new ProducerRecord<>(topic, 1, null, change(5, "\"c_text\":42")));
        }
        kafka.produce(records);
        return topic;
    }

    private static JobClient start(
            KafkaServer kafka, PaimonWarehouse warehouse, String topic, Map<String, String> extraSource)
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
        // Flink's default restart strategy stays on: a bad record must end the job, not restart it forever
        PipelineDefinition d = new PipelineDefinition(
                source,
                sink,
                List.of(Map.of("source-table", "\\.*.\\.*", "primary-keys", "id")),
                Map.of("parallelism", "2", "execution.checkpointing.interval", "1s"));
        StreamExecutionEnvironment env = PipelineOptions.createEnvironment(d.pipeline());
        IngestJobBuilder.fromDefinition(d, "foreign").build(env);
        return env.executeAsync("foreign");
    }

    @Test
    void parallelInferenceWidensToTheJoinAndKeepsValuesExact(KafkaServer kafka) throws Exception {
        String topic = fill(kafka, true);
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        JobClient job = start(kafka, warehouse, topic, Map.of("ingestion.ignore-errors", "true"));
        try (Catalog lake = warehouse.createCatalog()) {
            Poll.until(
                    "rows 1-4 in the lake",
                    TIMEOUT,
                    () -> rows(lake).keySet().equals(new java.util.TreeSet<>(List.of(1, 2, 3, 4))));
            Map<String, DataType> types = new LinkedHashMap<>();
            for (DataField f : lake.getTable(Identifier.create("foreign", "readings"))
                    .rowType()
                    .getFields()) {
                types.put(f.name(), f.type());
            }
            assertThat(types)
                    .containsEntry("c_double", DataTypes.DOUBLE())
                    // 1 (INT), 2.5 (DECIMAL(2, 1)), 5000000000 (BIGINT), -0.5: BIGINT's 19 digits and one decimal
                    .containsEntry("c_num", DataTypes.DECIMAL(20, 1))
                    .containsEntry("c_big", DataTypes.DECIMAL(23, 0))
                    .containsEntry("c_text", DataTypes.STRING());
            Map<Integer, List<Object>> rows = rows(lake);
            assertThat(rows.get(1)).containsExactly(1234567.890123, new BigDecimal("1.0"), new BigDecimal("123"), "a");
            assertThat(rows.get(2)).containsExactly(0.1, new BigDecimal("2.5"), new BigDecimal("-5"), "b");
            assertThat(rows.get(3))
                    .containsExactly(
                            -1e300, new BigDecimal("5000000000.0"), new BigDecimal("12345678901234567890123"), "c");
            assertThat(rows.get(4)).containsExactly(null, new BigDecimal("-0.5"), new BigDecimal("0"), null);
            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState())
                    .as("the bad record was skipped; the job runs on")
                    .isFalse();
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aValueThatFitsNoTypeFailsTheJobOnceNamingTheRecord(KafkaServer kafka) throws Exception {
        String topic = fill(kafka, true);
        JobClient job = start(kafka, PaimonWarehouse.create(), topic, Map.of());
        Throwable failure = null;
        try {
            job.getJobExecutionResult().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            failure = e;
        }
        assertThat(failure)
                .as("the job ends instead of restarting on the record")
                .isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertThat(messages.toString())
                .contains("topic '" + topic + "' partition 1 offset 2")
                .contains("field 'c_text'")
                .contains("no common type")
                .contains("ingestion.ignore-errors");
    }

    /** id → the other columns' values, in column order, as Java values of their Paimon types. */
    private static Map<Integer, List<Object>> rows(Catalog lake) {
        Map<Integer, List<Object>> rows = new TreeMap<>();
        Table t;
        try {
            t = lake.getTable(Identifier.create("foreign", "readings"));
        } catch (Catalog.TableNotExistException e) {
            return rows;
        }
        List<DataField> fields = t.rowType().getFields();
        ReadBuilder rb = t.newReadBuilder();
        try (RecordReader<InternalRow> reader =
                rb.newRead().createReader(rb.newScan().plan())) {
            reader.forEachRemaining(r -> {
                List<Object> values = new ArrayList<>();
                for (int i = 1; i < fields.size(); i++) {
                    Object v = InternalRow.createFieldGetter(fields.get(i).type(), i)
                            .getFieldOrNull(r);
                    values.add(
                            v instanceof org.apache.paimon.data.Decimal
                                    ? ((org.apache.paimon.data.Decimal) v).toBigDecimal()
                                    : v == null
                                            ? null
                                            : v instanceof org.apache.paimon.data.BinaryString ? v.toString() : v);
                }
                rows.put(r.getInt(0), values);
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }
}

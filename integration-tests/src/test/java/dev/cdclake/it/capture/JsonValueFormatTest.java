package dev.cdclake.it.capture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code value.format: json}: each value is the flat row image, a delete is a tombstone under the deleted row's key
 * (the upsert-kafka convention, so a compacting consumer ends with the MySQL table), and every record carries the
 * table-identity headers and the custom headers.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class JsonValueFormatTest {
    private static final String DB = "capture_json";
    private static final List<String> COLUMNS = List.of("id", "name", "amount");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void flatRowsTombstonesAndHeaders(MySqlServer mysql, KafkaServer kafka) throws Exception {
        mysql.createDatabase(DB);
        mysql.execute(
                "CREATE TABLE " + DB + ".items (id INT PRIMARY KEY, name VARCHAR(64), amount DECIMAL(10, 2))",
                "INSERT INTO " + DB + ".items VALUES (1, 'one', 1.10), (2, 'two', NULL)");
        String topic = "json_" + UUID.randomUUID().toString().substring(0, 8);
        JobClient job = CapturePipeline.fromExample("pipeline1-minimal.yaml", mysql, kafka)
                .source("tables", DB + ".\\.*")
                .source("server-id", null)
                .sink("topic", topic)
                .sink("value.format", "json")
                .sink("sink.add-tableId-to-header-enabled", "true")
                .sink("sink.custom-header", "env:it;team:capture")
                .start("capture-json");
        try {
            TopicReader.await(kafka, topic, "the snapshot", TIMEOUT, r -> r.size() >= 2);
            mysql.execute(
                    "UPDATE " + DB + ".items SET name = 'one updated', amount = 2.00 WHERE id = 1",
                    "DELETE FROM " + DB + ".items WHERE id = 2",
                    "INSERT INTO " + DB + ".items VALUES (3, 'three', 3.33)");
            List<ConsumerRecord<String, String>> records =
                    TopicReader.await(kafka, topic, "three changes", TIMEOUT, r -> r.size() >= 5);
            assertThat(records).hasSize(5);

            // the table identity, the published schema's id, the custom headers; deletes carry them too
            String schemaId = headers(records.get(0)).get("cdclake.schema");
            assertThat(schemaId).matches("[0-9a-f]{32}");
            assertThat(records)
                    .allSatisfy(r -> assertThat(headers(r))
                            .containsExactly(
                                    Map.entry("namespace", ""),
                                    Map.entry("schemaName", DB),
                                    Map.entry("tableName", "items"),
                                    Map.entry("cdclake.schema", schemaId),
                                    Map.entry("env", "it"),
                                    Map.entry("team", "capture")));
            ConsumerRecord<String, String> delete = records.get(3);
            assertThat(delete.key()).isEqualTo("{\"TableId\":\"capture_json.items\",\"id\":2}");
            assertThat(delete.value()).as("a delete is a tombstone").isNull();
            assertThat(records.get(2).value()).isEqualTo("{\"id\":1,\"name\":\"one updated\",\"amount\":2.00}");
            assertThat(records.get(4).value()).isEqualTo("{\"id\":3,\"name\":\"three\",\"amount\":3.33}");

            // what an upsert consumer keeps: the last value per key, a tombstone removing the key
            Map<String, Map<String, String>> upserted = new TreeMap<>();
            for (ConsumerRecord<String, String> r : records) {
                String id = CapturedChange.JSON.readTree(r.key()).get("id").asText();
                if (r.value() == null) {
                    upserted.remove(id);
                    continue;
                }
                JsonNode row = CapturedChange.JSON.readTree(r.value());
                assertThat(CapturedChange.columnsOf(row)).as("a flat row image").containsExactlyElementsOf(COLUMNS);
                Map<String, String> values = new TreeMap<>();
                COLUMNS.forEach(c -> values.put(c, CapturedChange.text(row.get(c))));
                upserted.put(id, values);
            }
            assertThat(upserted).isEqualTo(SourceRows.read(mysql, DB, "items", "id", COLUMNS));
        } finally {
            CapturePipeline.cancelQuietly(job);
        }
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }
}

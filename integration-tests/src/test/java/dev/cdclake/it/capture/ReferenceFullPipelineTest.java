package dev.cdclake.it.capture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference's full Pipeline 1 YAML, unchanged but for the placeholders: the mapping sends each table to its own
 * topic without touching the table identity inside the messages, every row image carries {@code op_ts}, and
 * replaying each topic gives back the MySQL table.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class ReferenceFullPipelineTest {
    private static final String DB = "kafka_test";
    private static final List<String> CUSTOMER_COLUMNS = List.of("id", "name", "address", "phone_number", "age");
    private static final List<String> PRODUCT_COLUMNS = List.of("id", "name", "description", "weight");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void fullReferencePipelineMapsTablesToTopicsAndAddsOpTs(MySqlServer mysql, KafkaServer kafka) throws Exception {
        mysql.createDatabase(DB);
        mysql.execute(
                "CREATE TABLE " + DB + ".customers (id INT PRIMARY KEY COMMENT 'customer id', name VARCHAR(255), "
                        + "address VARCHAR(1024), phone_number VARCHAR(512), age INT) COMMENT 'customers'",
                "CREATE TABLE " + DB + ".products (id INT PRIMARY KEY, name VARCHAR(255), description VARCHAR(512), "
                        + "weight DECIMAL(10, 3))",
                "INSERT INTO " + DB + ".customers VALUES (1, 'Alice', 'Beijing', '1111', 20), "
                        + "(2, 'Bob', 'Shanghai', '3333', 30), (3, 'Carol', 'Hangzhou', '4444', 40), "
                        + "(4, 'John', 'New York', '2222', 12)",
                "INSERT INTO " + DB + ".products VALUES (101, 'scooter', 'Small 2-wheel scooter', 3.140), "
                        + "(102, 'hammer', '14oz carpenter''s hammer', 0.875)");
        // the YAML as the reference prints it, server-id range included: only this job reads the server now
        CapturePipeline pipeline = CapturePipeline.fromExample("pipeline1-full.yaml", mysql, kafka);
        long started = System.currentTimeMillis();
        JobClient job = pipeline.start("capture-full-reference");
        try {
            List<CapturedChange> snapshot = CapturedChange.parseAll(
                    TopicReader.await(kafka, "customers", "the snapshot", TIMEOUT, r -> r.size() >= 4));
            long snapshotSeen = System.currentTimeMillis();
            assertThat(snapshot).allSatisfy(c -> {
                assertThat(c.op()).isEqualTo("r");
                assertThat(c.before()).isNull();
                assertThat(c.database()).isEqualTo(DB);
                assertThat(c.table()).isEqualTo("customers");
                // op_ts of a snapshot row is the time it was read
                assertThat(Long.parseLong(c.value("op_ts"))).isBetween(started, snapshotSeen);
                assertThat(CapturedChange.columnsOf(c.after()))
                        .containsExactly("id", "name", "address", "phone_number", "age", "op_ts");
            });
            TopicReader.await(kafka, "products", "the snapshot", TIMEOUT, r -> r.size() >= 2);

            long beforeDml = System.currentTimeMillis() / 1000 * 1000; // binlog times have second precision
            mysql.execute(
                    "UPDATE " + DB + ".customers SET phone_number = '1234' WHERE id = 4",
                    "DELETE FROM " + DB + ".customers WHERE id = 2",
                    "INSERT INTO " + DB + ".customers VALUES (5, 'Dan', 'Paris', '5555', 50)",
                    "UPDATE " + DB + ".products SET weight = 1.5 WHERE id = 102",
                    "INSERT INTO " + DB + ".products VALUES (103, 'drill', 'cordless', 2.000)");
            List<CapturedChange> customers = CapturedChange.parseAll(
                    TopicReader.await(kafka, "customers", "three binlog changes", TIMEOUT, r -> r.size() >= 7));
            List<CapturedChange> products = CapturedChange.parseAll(
                    TopicReader.await(kafka, "products", "two binlog changes", TIMEOUT, r -> r.size() >= 4));
            long dmlSeen = System.currentTimeMillis();

            assertThat(customers.subList(4, 7)).extracting(CapturedChange::op).containsExactly("u", "d", "c");
            assertThat(products.subList(2, 4)).extracting(CapturedChange::op).containsExactly("u", "c");
            assertThat(products).allSatisfy(c -> assertThat(c.table()).isEqualTo("products"));
            for (CapturedChange c :
                    List.of(customers.get(4), customers.get(5), customers.get(6), products.get(2), products.get(3))) {
                assertThat(c.database()).isEqualTo(DB);
                assertThat(c.tsMs()).isBetween(beforeDml, dmlSeen);
                // both images of a binlog change carry its commit time, the same as source.ts_ms
                for (JsonNode image : new JsonNode[] {c.before(), c.after()}) {
                    if (image != null) {
                        assertThat(image.get("op_ts").asLong())
                                .as("op_ts of %s", c)
                                .isEqualTo(c.tsMs());
                    }
                }
            }
            assertThat(CapturedChange.replay(customers, "customers", "id", CUSTOMER_COLUMNS))
                    .isEqualTo(SourceRows.read(mysql, DB, "customers", "id", CUSTOMER_COLUMNS));
            assertThat(CapturedChange.replay(products, "products", "id", PRODUCT_COLUMNS))
                    .isEqualTo(SourceRows.read(mysql, DB, "products", "id", PRODUCT_COLUMNS));
            // the mapping leaves the default per-table topics unused
            assertThat(TopicReader.readToEnd(kafka, DB + ".customers", TIMEOUT))
                    .extracting(ConsumerRecord::value)
                    .noneMatch(v -> v.contains("\"op_ts\""));
        } finally {
            CapturePipeline.cancelQuietly(job);
        }
    }
}

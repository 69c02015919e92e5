package dev.cdclake.it.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cdclake.capture.CaptureJobBuilder;
import dev.cdclake.capture.preflight.MySqlPreflight;
import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.events.config.PipelineDefinition;
import dev.cdclake.events.config.PipelineDefinitionLoader;
import dev.cdclake.events.config.PipelineOptions;
import dev.cdclake.events.config.PlaceholderResolver;
import dev.cdclake.it.fixtures.Inventory;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.mysql.MySqlServers;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reference's Pipeline 1 against a real MariaDB binlog and a real Kafka broker: the YAML runs unchanged, the
 * snapshot reaches Kafka, and the reference's UPDATE of customer 4 produces the reference's messages.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class CapturePipelineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLES = Path.of("..", "examples");

    /** The reference document's "Expected output", verbatim. */
    private static final String REFERENCE_DEBEZIUM = "{\"before\":{\"id\":4,\"name\":\"John\",\"address\":\"New York\","
            + "\"phone_number\":\"2222\",\"age\":12},\"after\":{\"id\":4,\"name\":\"John\",\"address\":\"New York\","
            + "\"phone_number\":\"1234\",\"age\":12},\"op\":\"u\",\"source\":{\"db\":\"kafka_test\","
            + "\"table\":\"customers\",\"ts_ms\":1728528674000}}";

    private static final String REFERENCE_CANAL = "{\"old\":[{\"id\":4,\"name\":\"John\",\"address\":\"New York\","
            + "\"phone_number\":\"2222\",\"age\":12}],\"data\":[{\"id\":4,\"name\":\"John\",\"address\":\"New York\","
            + "\"phone_number\":\"1234\",\"age\":12}],\"type\":\"UPDATE\",\"database\":\"kafka_test\","
            + "\"table\":\"customers\",\"pkNames\":[\"id\"],\"ts\":1728528674000,\"es\":0}";

    private static PipelineDefinition definition(
            String example, MySqlServer mysql, KafkaServer kafka, Map<String, String> extraSink) throws Exception {
        Map<String, String> sets = new HashMap<>();
        sets.put("secret_values.mysql.hostname", mysql.host());
        sets.put("mysql.port", String.valueOf(mysql.port()));
        sets.put("secret_values.mysql.username", mysql.cdcUser());
        sets.put("secret_values.mysql.password", mysql.cdcPassword());
        sets.put("kafka.bootstraps.server", kafka.bootstrapServers());
        PipelineDefinition d = PipelineDefinitionLoader.parse(
                Files.readString(EXAMPLES.resolve(example)),
                example,
                new PlaceholderResolver(sets, Map.of(), Map.of()));
        Map<String, String> sink = new LinkedHashMap<>(d.sink());
        sink.putAll(extraSink);
        // two jobs reading one server need distinct replica ids; the default picks a random one
        Map<String, String> source = new LinkedHashMap<>(d.source());
        source.remove("server-id");
        return new PipelineDefinition(
                source, sink, d.transforms(), Map.of("parallelism", "1", "execution.checkpointing.interval", "1s"));
    }

    private static JobClient start(PipelineDefinition d) throws Exception {
        CaptureJobBuilder b = CaptureJobBuilder.fromDefinition(d, "capture-it");
        StreamExecutionEnvironment env = PipelineOptions.createEnvironment(d.pipeline());
        b.build(env, b.createSource(env.getParallelism(), "UTC"), Map.of());
        return env.executeAsync("capture-it");
    }

    private static JsonNode withoutTimestamps(String json) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(json);
        if (n.has("source")) {
            ((ObjectNode) n.get("source")).remove("ts_ms");
        }
        n.remove("ts");
        return n;
    }

    @Test
    void referencePipeline1ProducesTheReferenceMessages(MySqlServer mysql, KafkaServer kafka) throws Exception {
        Inventory.create(mysql, "kafka_test");
        JobClient debezium = start(definition("pipeline1-minimal.yaml", mysql, kafka, Map.of()));
        JobClient canal = start(definition(
                "pipeline1-minimal.yaml",
                mysql,
                kafka,
                Map.of("value.format", "canal-json", "topic", "inventory_canal")));
        try {
            List<ConsumerRecord<String, String>> snapshot =
                    kafka.consume("kafka_test.customers", 4, Duration.ofSeconds(120));
            assertThat(snapshot).hasSize(4);
            JsonNode first = JSON.readTree(snapshot.get(0).value());
            assertThat(first.get("op").asText()).isEqualTo("r");
            assertThat(first.get("before").isNull()).isTrue();
            assertThat(first.get("source").get("ts_ms").asLong()).isPositive();
            assertThat(snapshot).allSatisfy(r -> assertThat(r.partition()).isZero());
            // a snapshot chunk is emitted in no particular order
            assertThat(snapshot)
                    .extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder(
                            "{\"TableId\":\"kafka_test.customers\",\"id\":1}",
                                    "{\"TableId\":\"kafka_test.customers\",\"id\":2}",
                            "{\"TableId\":\"kafka_test.customers\",\"id\":3}",
                                    "{\"TableId\":\"kafka_test.customers\",\"id\":4}");
            assertThat(kafka.consume("kafka_test.products", 2, Duration.ofSeconds(60)))
                    .hasSize(2);
            assertThat(kafka.consume("inventory_canal", 6, Duration.ofSeconds(60)))
                    .hasSize(6);

            long before = System.currentTimeMillis() / 1000 * 1000;
            mysql.execute("UPDATE kafka_test.customers SET phone_number = '1234' WHERE id = 4");

            List<ConsumerRecord<String, String>> all = kafka.consume("kafka_test.customers", 5, Duration.ofSeconds(60));
            assertThat(all).hasSize(5);
            String update = all.get(4).value();
            assertThat(withoutTimestamps(update)).isEqualTo(withoutTimestamps(REFERENCE_DEBEZIUM));
            // field order is the reference's too
            assertThat(update).startsWith("{\"before\":{\"id\":4,");
            assertThat(JSON.readTree(update).get("source").get("ts_ms").asLong())
                    .isBetween(before - 1000, System.currentTimeMillis());

            List<ConsumerRecord<String, String>> canalAll = kafka.consume("inventory_canal", 7, Duration.ofSeconds(60));
            assertThat(canalAll).hasSize(7);
            String canalUpdate = canalAll.get(6).value();
            assertThat(withoutTimestamps(canalUpdate)).isEqualTo(withoutTimestamps(REFERENCE_CANAL));
            assertThat(canalUpdate).startsWith("{\"old\":[{\"id\":4,");
        } finally {
            debezium.cancel().get();
            canal.cancel().get();
        }
    }

    @Test
    void preflightReportsWhatToFix(MySqlServer mysql) throws Exception {
        Inventory.create(mysql, "preflight_db");
        Properties none = new Properties();
        var tables = dev.cdclake.events.selector.TableSelector.parse("preflight_db.\\.*");
        MySqlPreflight.Result ok = MySqlPreflight.check(
                mysql.host(),
                mysql.port(),
                mysql.cdcUser(),
                mysql.cdcPassword(),
                Duration.ofSeconds(5),
                tables,
                null,
                none);
        assertThat(ok.tables).hasSize(2);
        assertThatThrownBy(() -> MySqlPreflight.check(
                        mysql.host(),
                        mysql.port(),
                        mysql.cdcUser(),
                        "wrong",
                        Duration.ofSeconds(5),
                        tables,
                        null,
                        none))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("rejected user")
                .hasMessageNotContaining("wrong");
        assertThatThrownBy(() -> MySqlPreflight.check(
                        "127.0.0.1",
                        1,
                        mysql.cdcUser(),
                        mysql.cdcPassword(),
                        Duration.ofSeconds(2),
                        tables,
                        null,
                        none))
                .hasMessageContaining("Cannot reach MySQL at 127.0.0.1:1");
        assertThatThrownBy(() -> MySqlPreflight.check(
                        mysql.host(),
                        mysql.port(),
                        mysql.cdcUser(),
                        mysql.cdcPassword(),
                        Duration.ofSeconds(5),
                        dev.cdclake.events.selector.TableSelector.parse("nosuchdb.\\.*"),
                        null,
                        none))
                .hasMessageContaining("matches no table")
                .hasMessageContaining("preflight_db.customers");
        // binlog settings a DBA may have changed: checked on the shared server, then put back
        try {
            mysql.execute("SET GLOBAL binlog_format = 'STATEMENT'");
            assertThatThrownBy(() -> MySqlPreflight.check(
                            mysql.host(),
                            mysql.port(),
                            mysql.cdcUser(),
                            mysql.cdcPassword(),
                            Duration.ofSeconds(5),
                            tables,
                            null,
                            none))
                    .hasMessageContaining("binlog_format is STATEMENT")
                    .hasMessageContaining("SET GLOBAL binlog_format = 'ROW'");
        } finally {
            mysql.execute("SET GLOBAL binlog_format = 'ROW'");
        }
        try {
            mysql.execute("SET GLOBAL binlog_row_image = 'MINIMAL'");
            assertThatThrownBy(() -> MySqlPreflight.check(
                            mysql.host(),
                            mysql.port(),
                            mysql.cdcUser(),
                            mysql.cdcPassword(),
                            Duration.ofSeconds(5),
                            tables,
                            null,
                            none))
                    .hasMessageContaining("binlog_row_image is MINIMAL")
                    .hasMessageContaining("FULL");
        } finally {
            mysql.execute("SET GLOBAL binlog_row_image = 'FULL'");
        }
        if (!MySqlServers.isExisting()) {
            try (MySqlServer noBinlog = MySqlServers.startLocalWithoutBinlog()) {
                noBinlog.createDatabase("preflight_db");
                noBinlog.execute("CREATE TABLE preflight_db.t (id INT PRIMARY KEY)");
                assertThatThrownBy(() -> MySqlPreflight.check(
                                noBinlog.host(),
                                noBinlog.port(),
                                noBinlog.cdcUser(),
                                noBinlog.cdcPassword(),
                                Duration.ofSeconds(5),
                                tables,
                                null,
                                none))
                        .hasMessageContaining("Binary logging is off")
                        .hasMessageContaining("log-bin");
            }
        }
        mysql.execute(
                "DROP USER IF EXISTS 'weak'@'%'",
                "CREATE USER 'weak'@'%' IDENTIFIED BY 'weakpw'", "GRANT SELECT ON *.* TO 'weak'@'%'");
        assertThatThrownBy(() -> MySqlPreflight.check(
                        mysql.host(), mysql.port(), "weak", "weakpw", Duration.ofSeconds(5), tables, null, none))
                .hasMessageContaining("lacks the privilege")
                .hasMessageContaining("REPLICATION SLAVE")
                .hasMessageContaining("GRANT ");
    }
}

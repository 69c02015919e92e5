package dev.cdclake.it.mysql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSource;
import org.apache.flink.cdc.connectors.mysql.table.StartupOptions;
import org.apache.flink.cdc.debezium.JsonDebeziumDeserializationSchema;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** A row written through JDBC appears in the binlog: Flink CDC's MySqlSource, run as the CDC user in a MiniCluster. */
@ExtendWith(MySqlExtension.class)
class MySqlSourceBinlogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void snapshotRowThenBinlogInsert(MySqlServer mysql) throws Exception {
        String db = mysql.createDatabase("it_binlog_smoke");
        mysql.execute(
                "CREATE TABLE " + db + ".customers (id INT PRIMARY KEY, name VARCHAR(64))",
                "INSERT INTO " + db + ".customers VALUES (1, 'from-snapshot')");

        MySqlSource<String> source = MySqlSource.<String>builder()
                .hostname(mysql.host())
                .port(mysql.port())
                .databaseList(db)
                .tableList(db + ".customers")
                .username(mysql.cdcUser())
                .password(mysql.cdcPassword())
                .serverId("5400-5403")
                .serverTimeZone("UTC")
                .startupOptions(StartupOptions.initial())
                .deserializer(new JsonDebeziumDeserializationSchema())
                .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.getConfig().disableGenericTypes();
        env.enableCheckpointing(1000);

        try (CloseableIterator<String> events = env.fromSource(source, WatermarkStrategy.noWatermarks(), "mysql-cdc")
                .executeAndCollect("binlog-smoke")) {
            JsonNode snapshot = next(events);
            assertThat(snapshot.get("op").asText()).isEqualTo("r");
            assertThat(snapshot.at("/after/id").asInt()).isEqualTo(1);
            assertThat(snapshot.at("/after/name").asText()).isEqualTo("from-snapshot");

            mysql.execute("INSERT INTO " + db + ".customers VALUES (2, 'from-binlog')");
            JsonNode insert = next(events);
            assertThat(insert.get("op").asText()).isEqualTo("c");
            assertThat(insert.at("/after/id").asInt()).isEqualTo(2);
            assertThat(insert.at("/after/name").asText()).isEqualTo("from-binlog");
            assertThat(insert.at("/source/db").asText()).isEqualTo(db);
        }
    }

    /** The next event, failing the test if none arrives within a minute. */
    private static JsonNode next(CloseableIterator<String> events) throws Exception {
        String json = assertTimeoutPreemptively(
                Duration.ofMinutes(1),
                () -> events.hasNext() ? events.next() : null,
                "no change event from MySqlSource within a minute");
        assertThat(json).as("the job ended without another event").isNotNull();
        return JSON.readTree(json);
    }
}

package dev.cdclake.it.capture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cdclake.events.wire.WireNames;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binlog heartbeats become heartbeat records in every partition of the topic, once per Kafka writer: no key, an empty
 * value, and a {@code cdclake.heartbeat} header whose watermark is the commit time of the last binlog event read. They
 * reach past the last change of a table that stays idle while another changes, never go back, and equal the record
 * timestamp; every change's record timestamp is its commit time.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class HeartbeatCaptureTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int PARTITIONS = 3;
    private static final int WRITERS = 2;

    @Test
    void everyPartitionGetsEachWritersHeartbeatWithTheCommitTimeOfTheBinlog(MySqlServer mysql, KafkaServer kafka)
            throws Exception {
        String db = mysql.createDatabase("capture_heartbeat");
        mysql.execute(
                "CREATE TABLE " + db + ".busy (id INT PRIMARY KEY, v INT)",
                "CREATE TABLE " + db + ".idle (id INT PRIMARY KEY, v INT)",
                "INSERT INTO " + db + ".busy VALUES (1, 1)",
                "INSERT INTO " + db + ".idle VALUES (1, 1)");
        String topic = "heartbeat_" + UUID.randomUUID().toString().substring(0, 8);
        JobClient job = CapturePipeline.fromExample("pipeline1-minimal.yaml", mysql, kafka)
                .source("tables", db + ".\\.*")
                .source("server-id", null)
                .source("heartbeat.interval", "1s")
                .sink("topic", topic)
                .sink("partition.strategy", "hash-by-key")
                .sink("sink.topic.partitions", String.valueOf(PARTITIONS))
                .sink("sink.parallelism", String.valueOf(WRITERS))
                .start("capture-heartbeat");
        try {
            TopicReader.await(kafka, topic, "the snapshot", TIMEOUT, r -> r.size() >= 2);
            for (int i = 2; i <= 6; i++) {
                mysql.execute("INSERT INTO " + db + ".busy VALUES (" + i + ", " + i + ")");
            }
            List<ConsumerRecord<String, String>> changes =
                    TopicReader.await(kafka, topic, "the binlog changes", TIMEOUT, r -> r.size() >= 7);
            long lastCommit = 0;
            for (ConsumerRecord<String, String> r : changes) {
                JsonNode value = CapturedChange.JSON.readTree(r.value());
                long commit = value.path("source").path("ts_ms").asLong();
                assertThat(r.timestamp())
                        .as("record timestamp of %s", r.value())
                        .isEqualTo(commit);
                if (!value.path("op").asText().equals("r")) {
                    lastCommit = Math.max(lastCommit, commit);
                }
            }
            long binlogCommit = lastCommit;

            List<ConsumerRecord<String, String>> heartbeats = awaitHeartbeatsPast(kafka, topic, binlogCommit);

            Map<String, Long> lastByPartitionAndWriter = new HashMap<>();
            for (ConsumerRecord<String, String> h : heartbeats) {
                assertThat(h.key()).isNull();
                assertThat(h.value()).as("an empty value, never a tombstone").isEmpty();
                String[] header = header(h).split(" ");
                long watermark = Long.parseLong(header[0]);
                assertThat(header[1]).matches("[01]/" + WRITERS);
                assertThat(h.timestamp()).isEqualTo(watermark);
                Long before = lastByPartitionAndWriter.put(h.partition() + "/" + header[1], watermark);
                assertThat(before == null || before <= watermark)
                        .as("watermarks of partition %s writer %s never go back", h.partition(), header[1])
                        .isTrue();
            }
            assertThat(lastByPartitionAndWriter).hasSize(PARTITIONS * WRITERS);
        } finally {
            CapturePipeline.cancelQuietly(job);
        }
    }

    /** Heartbeats until every partition has one from every writer at or past {@code commit}. */
    private static List<ConsumerRecord<String, String>> awaitHeartbeatsPast(
            KafkaServer kafka, String topic, long commit) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            List<ConsumerRecord<String, String>> heartbeats = TopicReader.heartbeatsToEnd(kafka, topic, TIMEOUT);
            List<String> past = new ArrayList<>();
            for (ConsumerRecord<String, String> h : heartbeats) {
                String[] header = header(h).split(" ");
                if (Long.parseLong(header[0]) >= commit) {
                    past.add(h.partition() + "/" + header[1]);
                }
            }
            if (past.stream().distinct().count() == PARTITIONS * WRITERS) {
                return heartbeats;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("No heartbeat at or past " + commit + " from every writer in every partition"
                        + " within " + TIMEOUT + "; heartbeats: " + TopicReader.describe(heartbeats));
            }
            Thread.onSpinWait();
        }
    }

    private static String header(ConsumerRecord<String, String> r) {
        return new String(r.headers().lastHeader(WireNames.HEARTBEAT_HEADER).value(), StandardCharsets.US_ASCII);
    }
}

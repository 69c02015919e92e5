package dev.cdclake.it.capture;

import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.process.WorkDirs;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code partition.strategy: hash-by-key} on a 4-partition topic, with two source and sink subtasks (so records are
 * keyed before the writers): every record of a key lands in the partition Kafka's murmur2 of the key bytes picks, the
 * same before and after a stop-with-savepoint restart, and each key's changes arrive once each, in commit order.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class HashByKeyPlacementTest {
    private static final String DB = "capture_hash";
    private static final int PARTITIONS = 4;
    private static final int ROWS = 24;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void eachKeyKeepsItsPartitionAcrossASavepointRestart(MySqlServer mysql, KafkaServer kafka) throws Exception {
        mysql.createDatabase(DB);
        mysql.execute("CREATE TABLE " + DB + ".items (id INT PRIMARY KEY, name VARCHAR(64), v INT)");
        StringBuilder insert = new StringBuilder("INSERT INTO " + DB + ".items VALUES ");
        for (int id = 1; id <= ROWS; id++) {
            insert.append(id == 1 ? "" : ", ")
                    .append("(")
                    .append(id)
                    .append(", 'item ")
                    .append(id)
                    .append("', 0)");
        }
        mysql.execute(insert.toString());
        // id -> the "op:v" sequence MySQL committed, which the topic must hold exactly
        Map<Integer, List<String>> expected = new TreeMap<>();
        for (int id = 1; id <= ROWS; id++) {
            expected.computeIfAbsent(id, k -> new ArrayList<>()).add("r:0");
        }

        String topic = "hash_" + UUID.randomUUID().toString().substring(0, 8);
        CapturePipeline pipeline = CapturePipeline.fromExample("pipeline1-minimal.yaml", mysql, kafka)
                .source("tables", DB + ".\\.*")
                .source("server-id", null)
                .sink("topic", topic)
                .sink("partition.strategy", "hash-by-key")
                .sink("sink.topic.partitions", String.valueOf(PARTITIONS))
                .pipeline("parallelism", "2");
        JobClient job = pipeline.start("capture-hash-by-key");
        try {
            TopicReader.await(kafka, topic, "the snapshot", TIMEOUT, r -> r.size() >= ROWS);
            mysql.execute("UPDATE " + DB + ".items SET v = 1");
            expected.values().forEach(seq -> seq.add("u:1"));
            TopicReader.await(kafka, topic, "the first update", TIMEOUT, r -> r.size() >= 2 * ROWS);
            String savepoint = CapturePipeline.stopWithSavepoint(job, WorkDirs.newTempDir("hash-savepoint"));

            // while the job is down
            mysql.execute(
                    "UPDATE " + DB + ".items SET v = 2",
                    "DELETE FROM " + DB + ".items WHERE id <= 4",
                    "INSERT INTO " + DB + ".items VALUES (25, 'item 25', 0), (26, 'item 26', 0), "
                            + "(27, 'item 27', 0), (28, 'item 28', 0)");
            expected.values().forEach(seq -> seq.add("u:2"));
            for (int id = 1; id <= 4; id++) {
                expected.get(id).add("d:2");
            }
            for (int id = 25; id <= 28; id++) {
                expected.put(id, new ArrayList<>(List.of("c:0")));
            }

            job = pipeline.startFrom("capture-hash-by-key", savepoint);
            mysql.execute("UPDATE " + DB + ".items SET v = v + 1");
            for (int id = 5; id <= 28; id++) {
                List<String> seq = expected.get(id);
                seq.add("u:" + (Integer.parseInt(seq.get(seq.size() - 1).substring(2)) + 1));
            }
            int total = expected.values().stream().mapToInt(List::size).sum();
            TopicReader.await(kafka, topic, total + " changes", TIMEOUT, r -> r.size() >= total);
            CapturePipeline.cancel(job);

            List<CapturedChange> changes = CapturedChange.parseAll(TopicReader.readToEnd(kafka, topic, TIMEOUT));
            Map<Integer, List<String>> actual = new TreeMap<>();
            Map<String, Set<Integer>> partitionsOfKey = new TreeMap<>();
            for (CapturedChange c : changes) {
                actual.computeIfAbsent(Integer.parseInt(c.value("id")), k -> new ArrayList<>())
                        .add(c.op() + ":" + c.value("v"));
                partitionsOfKey.computeIfAbsent(c.key(), k -> new HashSet<>()).add(c.partition());
            }
            assertThat(actual).as("each key's changes, once each and in order").isEqualTo(expected);
            assertThat(partitionsOfKey)
                    .hasSize(28)
                    .allSatisfy((key, partitions) -> assertThat(partitions)
                            .as("partitions of key %s", key)
                            .containsExactly(murmur2Partition(key)));
            assertThat(changes)
                    .extracting(CapturedChange::partition)
                    .as("keys spread over the partitions")
                    .contains(0, 1, 2, 3);
        } finally {
            CapturePipeline.cancelQuietly(job);
        }
    }

    /** Kafka's default partitioner for a keyed record. */
    private static int murmur2Partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }
}

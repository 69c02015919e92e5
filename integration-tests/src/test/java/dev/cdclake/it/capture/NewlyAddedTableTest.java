package dev.cdclake.it.capture;

import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.process.WorkDirs;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scan.newly-added-table.enabled: true}: a table added to {@code tables} between a savepoint and the restart
 * from it is snapshotted and then streamed, while the table captured before is neither re-snapshotted nor loses the
 * changes made while the job was down.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class NewlyAddedTableTest {
    private static final String DB = "capture_newtable";
    private static final List<String> COLUMNS = List.of("id", "name");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void tableAddedToTablesIsSnapshottedAfterASavepointRestart(MySqlServer mysql, KafkaServer kafka) throws Exception {
        mysql.createDatabase(DB);
        mysql.execute(
                "CREATE TABLE " + DB + ".a (id INT PRIMARY KEY, name VARCHAR(64))",
                "CREATE TABLE " + DB + ".b (id INT PRIMARY KEY, name VARCHAR(64))",
                "INSERT INTO " + DB + ".a VALUES (1, 'a1'), (2, 'a2'), (3, 'a3')",
                "INSERT INTO " + DB + ".b VALUES (1, 'b1'), (2, 'b2')");
        String topic = "newtable_" + UUID.randomUUID().toString().substring(0, 8);
        CapturePipeline pipeline = CapturePipeline.fromExample("pipeline1-minimal.yaml", mysql, kafka)
                .source("tables", DB + ".a")
                .source("server-id", null)
                .source("scan.newly-added-table.enabled", "true")
                .sink("topic", topic);
        JobClient job = pipeline.start("capture-newly-added");
        try {
            TopicReader.await(kafka, topic, "the snapshot of a", TIMEOUT, r -> r.size() >= 3);
            mysql.execute("INSERT INTO " + DB + ".a VALUES (4, 'a4')");
            TopicReader.await(kafka, topic, "the insert into a", TIMEOUT, r -> r.size() >= 4);
            String savepoint = CapturePipeline.stopWithSavepoint(job, WorkDirs.newTempDir("newtable-savepoint"));

            mysql.execute(
                    "INSERT INTO " + DB + ".a VALUES (5, 'a5')",
                    "UPDATE " + DB + ".b SET name = 'b2 changed while down' WHERE id = 2");
            job = pipeline.source("tables", DB + ".a," + DB + ".b").startFrom("capture-newly-added", savepoint);
            TopicReader.await(
                    kafka,
                    topic,
                    "the snapshot of b and the insert made while down",
                    TIMEOUT,
                    r -> ops(r, "b").equals(List.of("r", "r")) && ops(r, "a").size() >= 5);
            mysql.execute(
                    "INSERT INTO " + DB + ".b VALUES (3, 'b3')",
                    "UPDATE " + DB + ".a SET name = 'a1 changed' WHERE id = 1");
            TopicReader.await(
                    kafka,
                    topic,
                    "the changes after the restart",
                    TIMEOUT,
                    r -> ops(r, "b").size() >= 3 && ops(r, "a").size() >= 6);
            CapturePipeline.cancel(job);

            List<CapturedChange> changes = CapturedChange.parseAll(TopicReader.readToEnd(kafka, topic, TIMEOUT));
            // a snapshot chunk is emitted in no particular order; everything after it in commit order
            List<String> a = opsAndIds(changes, "a");
            assertThat(a)
                    .as("a: not snapshotted again, nothing lost or repeated")
                    .hasSize(6);
            assertThat(a.subList(0, 3)).containsExactlyInAnyOrder("r1", "r2", "r3");
            assertThat(a.subList(3, 6)).containsExactly("c4", "c5", "u1");
            List<String> b = opsAndIds(changes, "b");
            assertThat(b).as("b: snapshotted once, then streamed").hasSize(3);
            assertThat(b.subList(0, 2)).containsExactlyInAnyOrder("r1", "r2");
            assertThat(b.get(2)).isEqualTo("c3");
            for (String table : List.of("a", "b")) {
                assertThat(CapturedChange.replay(changes, table, "id", COLUMNS))
                        .as("replay of %s", table)
                        .isEqualTo(SourceRows.read(mysql, DB, table, "id", COLUMNS));
            }
        } finally {
            CapturePipeline.cancelQuietly(job);
        }
    }

    private static List<String> ops(List<ConsumerRecord<String, String>> records, String table) {
        return CapturedChange.parseAll(records).stream()
                .filter(ofTable(table))
                .map(CapturedChange::op)
                .collect(Collectors.toList());
    }

    private static List<String> opsAndIds(List<CapturedChange> changes, String table) {
        return changes.stream()
                .filter(ofTable(table))
                .map(c -> c.op() + c.value("id"))
                .collect(Collectors.toList());
    }

    private static Predicate<CapturedChange> ofTable(String table) {
        return c -> c.table().equals(table);
    }
}

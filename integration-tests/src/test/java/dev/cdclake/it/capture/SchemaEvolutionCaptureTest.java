package dev.cdclake.it.capture;

import dev.cdclake.events.SourceDdl;
import dev.cdclake.events.TableId;
import dev.cdclake.events.wire.WireNames;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A column added while the job streams appears in the messages of later changes, and only in those. */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class SchemaEvolutionCaptureTest {
    private static final String DB = "capture_ddl";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void addedColumnAppearsInLaterMessagesOnly(MySqlServer mysql, KafkaServer kafka) throws Exception {
        mysql.createDatabase(DB);
        mysql.execute(
                "CREATE TABLE " + DB + ".people (id INT PRIMARY KEY, name VARCHAR(64))",
                "INSERT INTO " + DB + ".people VALUES (1, 'Alice'), (2, 'Bob')");
        String topic = "ddl_" + UUID.randomUUID().toString().substring(0, 8);
        JobClient job = CapturePipeline.fromExample("pipeline1-minimal.yaml", mysql, kafka)
                .source("tables", DB + ".\\.*")
                .source("server-id", null)
                .sink("topic", topic)
                // two Kafka writers: under all-to-zero a table's changes and its markers still take one of them
                .sink("sink.parallelism", "2")
                .start("capture-add-column");
        try {
            TopicReader.await(kafka, topic, "the snapshot", TIMEOUT, r -> r.size() >= 2);
            // Flink CDC 3.5 reads the table schemas for the binlog phase with SHOW CREATE TABLE when the binlog
            // reader starts, not as of its start offset: a DDL committed before that moment fails the job on the
            // older rows ("Data row is smaller than a column index"). A change seen from the binlog proves the
            // reader runs, so the ALTER below happens mid-stream.
            mysql.execute("INSERT INTO " + DB + ".people VALUES (3, 'Carol')");
            TopicReader.await(kafka, topic, "the first binlog change", TIMEOUT, r -> r.size() >= 3);
            mysql.execute(
                    "ALTER TABLE " + DB + ".people ADD COLUMN email VARCHAR(64)",
                    "INSERT INTO " + DB + ".people VALUES (4, 'Dan', 'dan@example.com')",
                    "UPDATE " + DB + ".people SET email = 'alice@example.com' WHERE id = 1",
                    "DELETE FROM " + DB + ".people WHERE id = 2");
            List<CapturedChange> changes = CapturedChange.parseAll(
                    TopicReader.await(kafka, topic, "the changes around the ALTER", TIMEOUT, r -> r.size() >= 6));
            assertThat(changes).hasSize(6);

            List<CapturedChange> before = changes.subList(0, 3);
            assertThat(before).extracting(CapturedChange::op).containsExactlyInAnyOrder("r", "r", "c");
            assertThat(before)
                    .allSatisfy(
                            c -> assertThat(CapturedChange.columnsOf(c.image())).containsExactly("id", "name"));

            List<CapturedChange> after = changes.subList(3, 6);
            assertThat(after).extracting(CapturedChange::op).containsExactly("c", "u", "d");
            assertThat(after)
                    .allSatisfy(c ->
                            assertThat(CapturedChange.columnsOf(c.image())).containsExactly("id", "name", "email"));
            assertThat(after.get(0).value("email")).isEqualTo("dan@example.com");
            CapturedChange update = after.get(1);
            assertThat(CapturedChange.columnsOf(update.before())).containsExactly("id", "name", "email");
            assertThat(update.before().get("email").isNull()).isTrue();
            assertThat(update.value("email")).isEqualTo("alice@example.com");
            assertThat(after.get(2).value("id")).isEqualTo("2");
            assertThat(after.get(2).value("email")).isNull();

            // the ALTER's marker: between the last change before it and the first after it, in the same partition
            List<ConsumerRecord<String, String>> markers = TopicReader.ddlMarkersToEnd(kafka, topic, TIMEOUT);
            assertThat(markers).hasSize(1);
            ConsumerRecord<String, String> marker = markers.get(0);
            assertThat(marker.key()).isNull();
            assertThat(marker.value()).isEmpty();
            assertThat(marker.partition()).isZero();
            assertThat(marker.offset())
                    .isGreaterThan(changes.get(2).offset())
                    .isLessThan(changes.get(3).offset());
            SourceDdl ddl = SourceDdl.parse(
                    marker.headers().lastHeader(WireNames.DDL_HEADER).value());
            assertThat(ddl.table()).isEqualTo(TableId.of(DB, "people"));
            assertThat(ddl.statement()).isEqualTo("ALTER TABLE " + DB + ".people ADD COLUMN email VARCHAR(64)");
            assertThat(ddl.changes()).containsExactly(new SourceDdl.Change(SourceDdl.Kind.ADD_COLUMN, "email", null));
            assertThat(ddl.inOrder()).isTrue();
            assertThat(ddl.position()).matches(".+:[0-9]+");
        } finally {
            CapturePipeline.cancelQuietly(job);
        }
    }

    /**
     * Under hash-by-key each partition is one Kafka writer's sequence and holds a copy of each DDL marker between its
     * changes before the statement and those after it, so that a reader of any partition can apply the statement in
     * order; each change lands where Kafka's own partitioner puts its key.
     */
    @Test
    void underHashByKeyEveryPartitionHoldsACopyOfEachMarkerBetweenItsChanges(MySqlServer mysql, KafkaServer kafka)
            throws Exception {
        String db = DB + "_hashed";
        mysql.createDatabase(db);
        StringBuilder rows = new StringBuilder();
        for (int id = 1; id <= 30; id++) {
            rows.append(id == 1 ? "" : ", ")
                    .append("(")
                    .append(id)
                    .append(", 'p")
                    .append(id)
                    .append("')");
        }
        mysql.execute(
                "CREATE TABLE " + db + ".people (id INT PRIMARY KEY, name VARCHAR(64))",
                "INSERT INTO " + db + ".people VALUES " + rows);
        String topic = "ddl_hashed_" + UUID.randomUUID().toString().substring(0, 8);
        JobClient job = CapturePipeline.fromExample("pipeline1-minimal.yaml", mysql, kafka)
                .source("tables", db + ".\\.*")
                .source("server-id", null)
                .sink("topic", topic)
                .sink("partition.strategy", "hash-by-key")
                .sink("sink.topic.partitions", "3")
                .sink("sink.parallelism", "2")
                .start("capture-hashed-markers");
        try {
            TopicReader.await(kafka, topic, "the snapshot", TIMEOUT, r -> r.size() >= 30);
            // a change from the binlog: the reader runs, so the ALTER below happens mid-stream (see above)
            mysql.execute("INSERT INTO " + db + ".people VALUES (31, 'p31')");
            TopicReader.await(kafka, topic, "the first binlog change", TIMEOUT, r -> r.size() >= 31);
            mysql.execute(
                    "UPDATE " + db + ".people SET name = CONCAT(name, '-before')",
                    "ALTER TABLE " + db + ".people ADD COLUMN email VARCHAR(64)",
                    "UPDATE " + db + ".people SET email = CONCAT(name, '@example.com')");
            List<CapturedChange> changes = CapturedChange.parseAll(
                    TopicReader.await(kafka, topic, "the changes around the ALTER", TIMEOUT, r -> r.size() >= 93));
            assertThat(changes).hasSize(93);
            List<ConsumerRecord<String, String>> markers = TopicReader.ddlMarkersToEnd(kafka, topic, TIMEOUT);
            assertThat(markers).extracting(ConsumerRecord::partition).containsExactlyInAnyOrder(0, 1, 2);
            for (ConsumerRecord<String, String> marker : markers) {
                SourceDdl ddl = SourceDdl.parse(
                        marker.headers().lastHeader(WireNames.DDL_HEADER).value());
                assertThat(ddl.inOrder()).isTrue();
                assertThat(ddl.partitions()).isEqualTo(3);
                assertThat(ddl.changes())
                        .containsExactly(new SourceDdl.Change(SourceDdl.Kind.ADD_COLUMN, "email", null));
                for (CapturedChange c : changes) {
                    if (c.partition() != marker.partition()) {
                        continue;
                    }
                    boolean after = CapturedChange.columnsOf(c.image()).contains("email");
                    assertThat(c.offset())
                            .as("%s in partition %d against its marker at %d", c, c.partition(), marker.offset())
                            .matches(o -> after ? o > marker.offset() : o < marker.offset());
                }
            }
            for (CapturedChange c : changes) {
                byte[] key = c.key().getBytes(StandardCharsets.UTF_8);
                assertThat(c.partition())
                        .as("the partition of key %s", c.key())
                        .isEqualTo(Utils.toPositive(Utils.murmur2(key)) % 3);
            }
        } finally {
            CapturePipeline.cancelQuietly(job);
        }
    }

    /**
     * Dropped, renamed and retyped columns reach later messages in their new shape, and a table created while the job
     * streams is captured from its first insert ({@code scan.binlog.newly-added-table.enabled}).
     */
    @Test
    void droppedRenamedRetypedColumnsAndNewTables(MySqlServer mysql, KafkaServer kafka) throws Exception {
        String db = DB + "_more";
        mysql.createDatabase(db);
        mysql.execute(
                "CREATE TABLE " + db + ".items (id INT PRIMARY KEY, name VARCHAR(64), note VARCHAR(64), qty INT)",
                "INSERT INTO " + db + ".items VALUES (1, 'a', 'x', 1)");
        String topic = "ddl2_" + UUID.randomUUID().toString().substring(0, 8);
        JobClient job = CapturePipeline.fromExample("pipeline1-minimal.yaml", mysql, kafka)
                .source("tables", db + ".\\.*")
                .source("server-id", null)
                .source("scan.binlog.newly-added-table.enabled", "true")
                .sink("topic", topic)
                .start("capture-ddl-more");
        try {
            TopicReader.await(kafka, topic, "the snapshot", TIMEOUT, r -> r.size() >= 1);
            // see above: make sure the binlog reader runs before the first DDL
            mysql.execute("INSERT INTO " + db + ".items VALUES (2, 'b', 'y', 2)");
            TopicReader.await(kafka, topic, "the first binlog change", TIMEOUT, r -> r.size() >= 2);
            mysql.execute(
                    "ALTER TABLE " + db + ".items DROP COLUMN note",
                    "INSERT INTO " + db + ".items VALUES (3, 'c', 3)",
                    "ALTER TABLE " + db + ".items CHANGE name title VARCHAR(128)",
                    "INSERT INTO " + db + ".items VALUES (4, 'd', 4)",
                    "ALTER TABLE " + db + ".items MODIFY qty BIGINT",
                    "INSERT INTO " + db + ".items VALUES (5, 'e', 5000000000)",
                    "CREATE TABLE " + db + ".fresh (id INT PRIMARY KEY, v VARCHAR(16))",
                    "INSERT INTO " + db + ".fresh VALUES (1, 'new')");
            List<CapturedChange> changes = CapturedChange.parseAll(
                    TopicReader.await(kafka, topic, "the changes after the DDL", TIMEOUT, r -> r.size() >= 6));
            assertThat(changes).hasSize(6);
            assertThat(CapturedChange.columnsOf(changes.get(2).image())).containsExactly("id", "name", "qty");
            assertThat(CapturedChange.columnsOf(changes.get(3).image())).containsExactly("id", "title", "qty");
            assertThat(changes.get(3).value("title")).isEqualTo("d");
            assertThat(changes.get(4).value("qty")).isEqualTo("5000000000");
            CapturedChange fresh = changes.get(5);
            assertThat(fresh.table()).isEqualTo("fresh");
            assertThat(fresh.op()).isEqualTo("c");
            assertThat(fresh.value("v")).isEqualTo("new");
        } finally {
            CapturePipeline.cancelQuietly(job);
        }
    }
}

package dev.cdclake.it.capture;

import dev.cdclake.capture.CaptureJobBuilder;
import dev.cdclake.capture.preflight.MySqlPreflight;
import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.process.Poll;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code scan.startup.mode} and {@code scan.incremental.snapshot.chunk.key-column} against a real MariaDB binlog, as
 * Flink CDC's MySQL connector documents them: where reading starts, whether a snapshot is taken, and whether the job
 * ends. Each test has its own database and topic; a {@code markers} table in each database lets a test wait for the
 * binlog reader (a marker inserted last arrives after every change committed before it).
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class StartupModesCaptureTest {
    private static final List<String> COLUMNS = List.of("id", "name");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void latestOffsetReadsOnlyChangesCommittedAfterTheStart(MySqlServer mysql, KafkaServer kafka) throws Exception {
        String db = itemsChangedBeforeTheJob(mysql, "startup_latest");
        String topic = topic("latest");
        JobClient job = pipeline(mysql, kafka, db, topic)
                .source("scan.startup.mode", "latest-offset")
                .start("capture-latest-offset");
        try {
            awaitBinlogReader(mysql, kafka, db, topic);
            changeItems(mysql, db);
            List<CapturedChange> changes = untilMarker(mysql, kafka, db, topic, "end");
            assertThat(opsAndIds(changes, "items"))
                    .as("no snapshot, nothing committed before the start")
                    .containsExactly("c4", "u1", "d2");
            assertThat(CapturedChange.replay(changes, "items", "id", COLUMNS)).isEqualTo(items(mysql, db));
        } finally {
            CapturePipeline.cancelQuietly(job);
        }
    }

    /**
     * earliest-offset reads, without snapshot, every change in the oldest binlog file still on the server; the files
     * before it are purged here, so the oldest file is one this test starts.
     */
    @Test
    void earliestOffsetReadsTheOldestBinlogOnTheServer(MySqlServer mysql, KafkaServer kafka) throws Exception {
        String db = mysql.createDatabase("startup_earliest");
        mysql.execute(
                "CREATE TABLE " + db + ".legacy (id INT PRIMARY KEY, name VARCHAR(64))",
                "CREATE TABLE " + db + ".markers (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(64))",
                "INSERT INTO " + db + ".legacy VALUES (1, 'in a purged binlog')");
        purgeBinlogs(mysql);
        mysql.execute(
                "INSERT INTO " + db + ".legacy VALUES (2, 'in the window')",
                "CREATE TABLE " + db + ".items (id INT PRIMARY KEY, name VARCHAR(64))",
                "INSERT INTO " + db + ".items VALUES (1, 'one'), (2, 'two'), (3, 'three')",
                "UPDATE " + db + ".items SET name = 'two v2' WHERE id = 2",
                "DELETE FROM " + db + ".items WHERE id = 3");
        String topic = topic("earliest");
        JobClient job = pipeline(mysql, kafka, db, topic)
                .source("scan.startup.mode", "earliest-offset")
                .start("capture-earliest-offset");
        try {
            changeItems(mysql, db);
            List<CapturedChange> changes = untilMarker(mysql, kafka, db, topic, "end");
            assertThat(opsAndIds(changes, "items"))
                    .as("every change since the oldest binlog, no snapshot")
                    .containsExactly("c1", "c2", "c3", "u2", "d3", "c4", "u1", "d2");
            assertThat(CapturedChange.replay(changes, "items", "id", COLUMNS)).isEqualTo(items(mysql, db));
            assertThat(opsAndIds(changes, "legacy"))
                    .as("the insert in the purged binlog is gone")
                    .containsExactly("c2");
        } finally {
            CapturePipeline.cancelQuietly(job);
        }
    }

    /**
     * The limit of earliest-offset in Flink CDC 3.5: the reader starts with each table's current schema, and Debezium
     * ignores a CREATE TABLE for a table it already knows, so rows written before a later ALTER cannot be read, even
     * when the table was created inside the binlog window. The source says so and fails instead of writing wrong rows.
     */
    @Test
    void earliestOffsetFailsOnRowsOlderThanASchemaChange(MySqlServer mysql, KafkaServer kafka) throws Exception {
        String db = mysql.createDatabase("startup_earliest_ddl");
        purgeBinlogs(mysql);
        mysql.execute(
                "CREATE TABLE " + db + ".items (id INT PRIMARY KEY, name VARCHAR(64))",
                "INSERT INTO " + db + ".items VALUES (1, 'one')",
                "ALTER TABLE " + db + ".items ADD COLUMN note VARCHAR(64)",
                "INSERT INTO " + db + ".items VALUES (2, 'two', 'x')");
        String topic = topic("earliest_ddl");
        JobClient job = pipeline(mysql, kafka, db, topic)
                .source("scan.startup.mode", "earliest-offset")
                .pipeline("restart-strategy.type", "none")
                .start("capture-earliest-ddl");
        try {
            assertThatThrownBy(() -> job.getJobExecutionResult().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                            .contains("table schema was changed after the starting binlog offset"));
            assertThat(TopicReader.readToEnd(kafka, topic, TIMEOUT))
                    .as("nothing written")
                    .isEmpty();
        } finally {
            CapturePipeline.cancelQuietly(job);
        }
    }

    @Test
    void timestampStartsWithTheChangesOfItsSecond(MySqlServer mysql, KafkaServer kafka) throws Exception {
        String db = itemsChangedBeforeTheJob(mysql, "startup_timestamp");
        // the binlog stamps changes with whole seconds: start at the next second of the server's clock, so the
        // changes above are in earlier seconds and those below in the start second or later
        long startSecond = serverSeconds(mysql) + 1;
        Poll.until(
                "the server clock to reach second " + startSecond,
                Duration.ofSeconds(5),
                () -> serverSeconds(mysql) >= startSecond);
        changeItems(mysql, db);
        String topic = topic("timestamp");
        JobClient job = pipeline(mysql, kafka, db, topic)
                .source("scan.startup.mode", "timestamp")
                .source("scan.startup.timestamp-millis", String.valueOf(startSecond * 1000))
                .start("capture-timestamp");
        try {
            mysql.execute("UPDATE " + db + ".items SET name = 'four v2' WHERE id = 4");
            List<CapturedChange> changes = untilMarker(mysql, kafka, db, topic, "end");
            assertThat(opsAndIds(changes, "items"))
                    .as("no snapshot, nothing committed before the timestamp")
                    .containsExactly("c4", "u1", "d2", "u4");
            assertThat(CapturedChange.replay(changes, "items", "id", COLUMNS)).isEqualTo(items(mysql, db));
        } finally {
            CapturePipeline.cancelQuietly(job);
        }
    }

    @Test
    void specificOffsetStartsAtTheBinlogFileAndPosition(MySqlServer mysql, KafkaServer kafka) throws Exception {
        String db = itemsChangedBeforeTheJob(mysql, "startup_specific");
        String[] position = masterStatus(mysql);
        changeItems(mysql, db);
        String topic = topic("specific");
        CapturePipeline pipeline = pipeline(mysql, kafka, db, topic)
                .source("scan.startup.mode", "specific-offset")
                .source("scan.startup.specific-offset.file", position[0])
                .source("scan.startup.specific-offset.pos", position[1]);
        assertThat(preflight(pipeline).tables).hasSize(2);
        JobClient job = pipeline.start("capture-specific-offset");
        try {
            List<CapturedChange> changes = untilMarker(mysql, kafka, db, topic, "end");
            assertThat(opsAndIds(changes, "items"))
                    .as("no snapshot, nothing before the position")
                    .containsExactly("c4", "u1", "d2");
            assertThat(CapturedChange.replay(changes, "items", "id", COLUMNS)).isEqualTo(items(mysql, db));
        } finally {
            CapturePipeline.cancelQuietly(job);
        }
    }

    /**
     * Offsets the source could never start from are reported before the job starts; the connector itself would
     * restart over and over claiming the binlog "is no longer available on the server".
     */
    @Test
    void specificOffsetsTheServerCannotServeAreRejectedBeforeTheStart(MySqlServer mysql, KafkaServer kafka)
            throws Exception {
        String db = itemsChangedBeforeTheJob(mysql, "startup_bad_offsets");
        String[] position = masterStatus(mysql);
        CapturePipeline pipeline =
                pipeline(mysql, kafka, db, topic("unused")).source("scan.startup.mode", "specific-offset");

        // MariaDB's own GTID position, as SELECT @@gtid_current_pos gives it (domain-server-sequence)
        String gtid = query(mysql, "SELECT @@gtid_current_pos");
        assertThat(gtid).matches("\\d+-\\d+-\\d+");
        assertThatThrownBy(() -> preflight(pipeline.source("scan.startup.specific-offset.gtid-set", gtid)))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("MariaDB")
                .hasMessageContaining("scan.startup.specific-offset.file and .pos");

        pipeline.source("scan.startup.specific-offset.gtid-set", null)
                .source("scan.startup.specific-offset.pos", position[1]);
        assertThatThrownBy(() -> preflight(pipeline.source("scan.startup.specific-offset.file", "mysql-bin.999999")))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("'mysql-bin.999999' is not a binlog file")
                .hasMessageContaining(position[0]);
        pipeline.source("scan.startup.specific-offset.file", position[0])
                .source("scan.startup.specific-offset.pos", String.valueOf(Long.parseLong(position[1]) + 1_000_000));
        assertThatThrownBy(() -> preflight(pipeline))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("lies beyond the end of " + position[0]);
    }

    @Test
    void snapshotModeReadsTheTablesOnceAndFinishes(MySqlServer mysql, KafkaServer kafka) throws Exception {
        String db = itemsChangedBeforeTheJob(mysql, "startup_snapshot");
        mysql.execute("INSERT INTO " + db + ".items VALUES (7, 'seven'), (8, 'eight')");
        String topic = topic("snapshot");
        JobClient job = pipeline(mysql, kafka, db, topic)
                .source("scan.startup.mode", "snapshot")
                .start("capture-snapshot-only");
        try {
            // a result, not an exception: the job finished by itself
            job.getJobExecutionResult().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<CapturedChange> changes = CapturedChange.parseAll(TopicReader.readToEnd(kafka, topic, TIMEOUT));
            assertThat(opsAndIds(changes, "items"))
                    .as("one snapshot row per row, no binlog changes")
                    .containsExactlyInAnyOrder("r1", "r2", "r7", "r8");
            assertThat(CapturedChange.replay(changes, "items", "id", COLUMNS)).isEqualTo(items(mysql, db));
        } finally {
            CapturePipeline.cancelQuietly(job);
        }
    }

    /**
     * Small chunks split by the configured columns: {@code orders} by the second column of its composite text key,
     * and every {@code *_log} table, which has no primary key at all (the connector refuses to snapshot such a table
     * without a chunk key column), by a text column named through a regex selector.
     */
    @Test
    void chunkKeyColumnsSplitTablesWithTextAndWithoutPrimaryKeys(MySqlServer mysql, KafkaServer kafka)
            throws Exception {
        String db = mysql.createDatabase("startup_chunk_key");
        mysql.execute(
                "CREATE TABLE " + db + ".orders (tenant VARCHAR(16), code VARCHAR(32), amount INT, "
                        + "PRIMARY KEY (tenant, code))",
                "CREATE TABLE " + db + ".audit_log (seq VARCHAR(32) NOT NULL, note VARCHAR(64))");
        StringBuilder orders = new StringBuilder();
        StringBuilder audit = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            String sep = i == 0 ? "" : ", ";
            orders.append(sep)
                    .append("('t")
                    .append(i % 3)
                    .append("', 'code-")
                    .append(1000 - i)
                    .append("', ")
                    .append(i)
                    .append(')');
            audit.append(sep)
                    .append("('s")
                    .append(String.format("%03d", 59 - i))
                    .append("', 'n")
                    .append(i)
                    .append("')");
        }
        mysql.execute(
                "INSERT INTO " + db + ".orders VALUES " + orders, "INSERT INTO " + db + ".audit_log VALUES " + audit);
        String topic = topic("chunk_key");
        // A table without primary key cannot be de-duplicated: a failover during its snapshot re-reads a chunk, which
        // only exactly-once keeps from reaching readers twice. (Flink CDC shares a static JDBC pool per server in one
        // JVM; a job ending there can close a connection the next job's chunk splitter uses, and fail it over.)
        CapturePipeline pipeline = pipeline(mysql, kafka, db, topic)
                .source("scan.startup.mode", "snapshot")
                .source("scan.incremental.snapshot.chunk.size", "4")
                .sink("sink.delivery-guarantee", "exactly-once")
                .sink("properties.enable.idempotence", null);

        assertThatThrownBy(() -> pipeline.source("scan.incremental.snapshot.chunk.key-column", db + ".orders:sku")
                        .start("capture-chunk-key-typo"))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("names column 'sku' for " + db + ".orders")
                .hasMessageContaining("[tenant, code, amount]");

        JobClient job = pipeline.source(
                        "scan.incremental.snapshot.chunk.key-column", db + ".orders:code;" + db + ".\\.*_log:seq")
                .start("capture-chunk-key");
        try {
            job.getJobExecutionResult().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<CapturedChange> changes = CapturedChange.parseAll(TopicReader.readToEnd(kafka, topic, TIMEOUT));
            assertEachRowOnce(changes, mysql, db, "orders", "code", List.of("tenant", "code", "amount"));
            assertEachRowOnce(changes, mysql, db, "audit_log", "seq", List.of("seq", "note"));
        } finally {
            CapturePipeline.cancelQuietly(job);
        }
    }

    /** The topic holds one snapshot row for each of the table's 60 rows, equal to it. */
    private static void assertEachRowOnce(
            List<CapturedChange> changes,
            MySqlServer mysql,
            String db,
            String table,
            String key,
            List<String> columns) {
        List<CapturedChange> rows =
                changes.stream().filter(c -> c.table().equals(table)).collect(Collectors.toList());
        assertThat(rows)
                .as("%s: snapshot rows only", table)
                .allSatisfy(c -> assertThat(c.op()).isEqualTo("r"));
        assertThat(rows.stream().map(c -> c.value(key)).distinct().count())
                .as("%s: each row once", table)
                .isEqualTo(rows.size())
                .isEqualTo(60);
        assertThat(CapturedChange.replay(changes, table, key, columns))
                .as(table)
                .isEqualTo(SourceRows.read(mysql, db, table, key, columns));
    }

    /** A database with {@code items} (row 1, row 2 updated, row 3 deleted) and an empty {@code markers} table. */
    private static String itemsChangedBeforeTheJob(MySqlServer mysql, String name) {
        String db = mysql.createDatabase(name);
        mysql.execute(
                "CREATE TABLE " + db + ".items (id INT PRIMARY KEY, name VARCHAR(64))",
                "CREATE TABLE " + db + ".markers (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(64))",
                "INSERT INTO " + db + ".items VALUES (1, 'one'), (2, 'two'), (3, 'three')",
                "UPDATE " + db + ".items SET name = 'two v2' WHERE id = 2",
                "DELETE FROM " + db + ".items WHERE id = 3");
        return db;
    }

    /** The changes a test expects to see: c4, u1, d2. */
    private static void changeItems(MySqlServer mysql, String db) {
        mysql.execute(
                "INSERT INTO " + db + ".items (id, name) VALUES (4, 'four')",
                "UPDATE " + db + ".items SET name = 'one v2' WHERE id = 1",
                "DELETE FROM " + db + ".items WHERE id = 2");
    }

    private static CapturePipeline pipeline(MySqlServer mysql, KafkaServer kafka, String db, String topic)
            throws Exception {
        return CapturePipeline.fromExample("pipeline1-minimal.yaml", mysql, kafka)
                .source("tables", db + ".\\.*")
                .source("server-id", null)
                .sink("topic", topic);
    }

    /** The pre-flight check capture-job runs before it starts. */
    private static MySqlPreflight.Result preflight(CapturePipeline pipeline) {
        return CaptureJobBuilder.fromDefinition(pipeline.definition(), "preflight")
                .preflight();
    }

    /**
     * Returns once the source reads the binlog. In latest-offset mode whatever was committed before the source took
     * its start position is skipped, so a new marker row goes in every half second until one reaches the topic.
     */
    private static void awaitBinlogReader(MySqlServer mysql, KafkaServer kafka, String db, String topic) {
        long[] lastProbe = {System.nanoTime() - TimeUnit.SECONDS.toNanos(1)};
        TopicReader.await(kafka, topic, "a marker row (the source reads the binlog)", TIMEOUT, records -> {
            if (!markers(records).isEmpty()) {
                return true;
            }
            if (System.nanoTime() - lastProbe[0] > TimeUnit.MILLISECONDS.toNanos(500)) {
                mysql.execute("INSERT INTO " + db + ".markers (note) VALUES ('probe')");
                lastProbe[0] = System.nanoTime();
            }
            return false;
        });
    }

    /** Inserts marker {@code note} and returns the topic up to it: every change committed before it. */
    private static List<CapturedChange> untilMarker(
            MySqlServer mysql, KafkaServer kafka, String db, String topic, String note) {
        mysql.execute("INSERT INTO " + db + ".markers (note) VALUES ('" + note + "')");
        return CapturedChange.parseAll(TopicReader.await(
                kafka,
                topic,
                "marker '" + note + "'",
                TIMEOUT,
                records -> markers(records).stream().anyMatch(m -> note.equals(m.value("note")))));
    }

    private static List<CapturedChange> markers(List<ConsumerRecord<String, String>> records) {
        return CapturedChange.parseAll(records).stream()
                .filter(c -> c.table().equals("markers"))
                .collect(Collectors.toList());
    }

    private static List<String> opsAndIds(List<CapturedChange> changes, String table) {
        return changes.stream()
                .filter(c -> c.table().equals(table))
                .map(c -> c.op() + c.value("id"))
                .collect(Collectors.toList());
    }

    private static Map<String, Map<String, String>> items(MySqlServer mysql, String db) {
        return SourceRows.read(mysql, db, "items", "id", COLUMNS);
    }

    private static String topic(String test) {
        return "startup_" + test + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Makes the oldest binlog file one that starts now (the server is this test run's own). */
    private static void purgeBinlogs(MySqlServer mysql) {
        mysql.execute("FLUSH BINARY LOGS");
        String current = masterStatus(mysql)[0];
        // MariaDB keeps, with a warning only, a file that a reader or its crash recovery still needs for a moment
        Poll.until("the binlog files before " + current + " to be purged", Duration.ofSeconds(30), () -> {
            mysql.execute("PURGE BINARY LOGS TO '" + current + "'");
            return query(mysql, "SHOW BINARY LOGS").equals(current);
        });
    }

    private static long serverSeconds(MySqlServer mysql) {
        return Long.parseLong(query(mysql, "SELECT UNIX_TIMESTAMP()"));
    }

    /** SHOW MASTER STATUS: the current binlog file and position. */
    private static String[] masterStatus(MySqlServer mysql) {
        return row(mysql, "SHOW MASTER STATUS", 2);
    }

    private static String query(MySqlServer mysql, String sql) {
        return row(mysql, sql, 1)[0];
    }

    /** The first {@code columns} values of the first row {@code sql} returns. */
    private static String[] row(MySqlServer mysql, String sql, int columns) {
        try (Connection c = mysql.adminConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                throw new IllegalStateException(sql + " returned no row");
            }
            String[] values = new String[columns];
            for (int i = 0; i < columns; i++) {
                values[i] = rs.getString(i + 1);
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }
}

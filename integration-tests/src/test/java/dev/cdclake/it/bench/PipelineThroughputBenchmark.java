package dev.cdclake.it.bench;

import dev.cdclake.capture.CaptureJobBuilder;
import dev.cdclake.events.config.PipelineDefinition;
import dev.cdclake.events.config.PipelineOptions;
import dev.cdclake.ingest.IngestJobBuilder;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.paimon.PaimonWarehouse;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * A benchmark program, not a test: it is not run by {@code mvn verify} (surefire only picks {@code *Test}) and asserts
 * nothing about time. Run it with
 * {@code mvn -B -pl integration-tests verify -Dtest=PipelineThroughputBenchmark -Dbench.rows=1100000}; it prints a report and
 * writes it to {@code integration-tests/target/benchmark-report.md}.
 *
 * <p>Measures, on the reference customers row shape, everything on one machine: capture-job's snapshot into Kafka,
 * capture-job's binlog catch-up (one UPDATE of every row while the job is down, then the job started at the binlog
 * position before it), and ingest-job's ingestion of the topic's backlog into a Paimon filesystem warehouse (time until
 * the committed offsets, which move with Paimon commits, reach the end of the topic).
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class PipelineThroughputBenchmark {
    private static final String DB = "bench";
    private final int rows = Integer.getInteger("bench.rows", 300_000);
    private final StringBuilder report = new StringBuilder();

    @Test
    void measure(MySqlServer mysql, KafkaServer kafka) throws Exception {
        load(mysql);
        report.append("# cdclake pipeline throughput\n\n").append(rows).append(" rows of (id INT, name, address, ")
                .append("phone_number VARCHAR, age INT); MariaDB, Kafka and the jobs on one machine with ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores.\n\n")
                .append("| phase | records | seconds from job start | records/s from job start | records/s after the first |\n")
                .append("|---|---|---|---|---|\n");

        String snapshotTopic = "bench_snapshot";
        JobClient capture = startCapture(mysql, kafka, snapshotTopic, Map.of());
        long t0 = System.nanoTime();
        long[] first = awaitEndOffsets(kafka, snapshotTopic, rows, Duration.ofMinutes(20));
        record("capture snapshot → Kafka", rows, t0, first);
        capture.cancel().get();

        String[] position = masterStatus(mysql);
        mysql.execute("UPDATE " + DB + ".customers SET age = age + 1");
        String binlogTopic = "bench_binlog";
        capture = startCapture(mysql, kafka, binlogTopic, Map.of("scan.startup.mode", "specific-offset",
                "scan.startup.specific-offset.file", position[0], "scan.startup.specific-offset.pos", position[1]));
        t0 = System.nanoTime();
        first = awaitEndOffsets(kafka, binlogTopic, rows, Duration.ofMinutes(20));
        record("capture binlog catch-up → Kafka", rows, t0, first);
        capture.cancel().get();

        PaimonWarehouse warehouse = PaimonWarehouse.create();
        String group = "bench-ingest";
        JobClient ingest = startIngest(kafka, warehouse, snapshotTopic, group);
        t0 = System.nanoTime();
        first = awaitCommittedOffsets(kafka, snapshotTopic, group, rows, Duration.ofMinutes(20));
        record("ingest Kafka backlog → Paimon (committed)", rows, t0, first);
        ingest.cancel().get();

        System.out.println(report);
        Path out = Path.of("target", "benchmark-report.md");
        Files.writeString(out, report.toString());
    }

    /** {@code first} is when the first records were seen and how many: the rate after it leaves out job start-up. */
    private void record(String phase, long count, long startNanos, long[] first) {
        long end = System.nanoTime();
        double s = (end - startNanos) / 1e9;
        double steady = (end - first[0]) / 1e9;
        // when the first look already saw everything (one commit took it all) there is no rate after it
        String afterFirst = first[1] >= count || steady <= 0 ? "-" : String.format("%,.0f", (count - first[1]) / steady);
        report.append(String.format("| %s | %d | %.1f | %,.0f | %s |%n", phase, count, s, count / s, afterFirst));
    }

    private void load(MySqlServer mysql) throws Exception {
        mysql.createDatabase(DB);
        mysql.execute("CREATE TABLE " + DB + ".customers (id INT PRIMARY KEY, name VARCHAR(255), "
                + "address VARCHAR(1024), phone_number VARCHAR(512), age INT)");
        try (Connection c = mysql.adminConnection(); Statement st = c.createStatement()) {
            int batch = 2000;
            for (int start = 1; start <= rows; start += batch) {
                StringBuilder sql = new StringBuilder("INSERT INTO " + DB + ".customers VALUES ");
                for (int id = start; id < start + batch && id <= rows; id++) {
                    if (id > start) {
                        sql.append(',');
                    }
                    sql.append('(').append(id).append(",'John").append(id % 97).append("','New York ")
                            .append(id % 13).append("','").append(2222 + id % 1000).append("',")
                            .append(id % 90).append(')');
                }
                st.execute(sql.toString());
            }
        }
    }

    private static String[] masterStatus(MySqlServer mysql) throws Exception {
        try (Connection c = mysql.adminConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return new String[] {rs.getString(1), String.valueOf(rs.getLong(2))};
        }
    }

    private static JobClient startCapture(MySqlServer mysql, KafkaServer kafka, String topic,
            Map<String, String> extraSource) throws Exception {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("type", "mysql");
        source.put("hostname", mysql.host());
        source.put("port", String.valueOf(mysql.port()));
        source.put("username", mysql.cdcUser());
        source.put("password", mysql.cdcPassword());
        source.put("tables", DB + ".\\.*");
        source.putAll(extraSource);
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("type", "kafka");
        sink.put("properties.bootstrap.servers", kafka.bootstrapServers());
        sink.put("topic", topic);
        PipelineDefinition d = new PipelineDefinition(source, sink, java.util.List.of(), Map.of());
        CaptureJobBuilder b = CaptureJobBuilder.fromDefinition(d, "capture-bench");
        StreamExecutionEnvironment env = PipelineOptions.createEnvironment(d.pipeline());
        b.build(env, b.createSource(env.getParallelism(), "UTC"));
        return env.executeAsync("capture-bench");
    }

    private static JobClient startIngest(KafkaServer kafka, PaimonWarehouse warehouse, String topic, String group)
            throws Exception {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("type", "kafka");
        source.put("properties.bootstrap.servers", kafka.bootstrapServers());
        source.put("properties.group.id", group);
        source.put("topic", topic);
        source.put("scan.startup.mode", "earliest-offset");
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("type", "paimon");
        warehouse.catalogOptions().forEach((k, v) -> sink.put("catalog.properties." + k, v));
        PipelineDefinition d = new PipelineDefinition(source, sink,
                java.util.List.of(Map.of("source-table", "\\.*.\\.*", "primary-keys", "id")), Map.of());
        IngestJobBuilder b = IngestJobBuilder.fromDefinition(d, "ingest-bench");
        StreamExecutionEnvironment env = PipelineOptions.createEnvironment(d.pipeline());
        b.build(env);
        return env.executeAsync("ingest-bench");
    }

    private static long[] awaitEndOffsets(KafkaServer kafka, String topic, long expected, Duration timeout)
            throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            return await(() -> sum(endOffsets(admin, topic)), expected, timeout, topic + " end offsets");
        }
    }

    private static long[] awaitCommittedOffsets(KafkaServer kafka, String topic, String group, long expected,
            Duration timeout) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            return await(() -> {
                try {
                    Map<TopicPartition, OffsetAndMetadata> committed =
                            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                    return committed.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                            .mapToLong(e -> e.getValue().offset()).sum();
                } catch (Exception e) {
                    return 0L;
                }
            }, expected, timeout, group + " committed offsets on " + topic);
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) {
        try {
            var partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic)
                    .partitions();
            Map<TopicPartition, OffsetSpec> specs = partitions.stream().collect(Collectors.toMap(
                    p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r = admin.listOffsets(specs).all().get();
            return r.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return when (nanoTime) a first non-zero value was seen, and that value */
    private static long[] await(LongSupplier current, long expected, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long value = 0;
        long[] first = null;
        while (System.nanoTime() - deadline < 0) {
            value = current.getAsLong();
            if (first == null && value > 0) {
                first = new long[] {System.nanoTime(), value};
            }
            if (value >= expected) {
                return first;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + " reached " + value + " of " + expected + " within " + timeout);
    }
}

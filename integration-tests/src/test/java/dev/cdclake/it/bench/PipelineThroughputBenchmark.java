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
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.paimon.CoreOptions;
import org.apache.paimon.Snapshot;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.data.BinaryRow;
import org.apache.paimon.data.InternalRow;
import org.apache.paimon.data.serializer.InternalRowSerializer;
import org.apache.paimon.disk.IOManager;
import org.apache.paimon.index.HashBucketAssigner;
import org.apache.paimon.reader.RecordReader;
import org.apache.paimon.schema.Schema;
import org.apache.paimon.table.FileStoreTable;
import org.apache.paimon.table.Table;
import org.apache.paimon.table.sink.RowPartitionKeyExtractor;
import org.apache.paimon.table.sink.StreamTableCommit;
import org.apache.paimon.table.sink.StreamTableWrite;
import org.apache.paimon.table.sink.StreamWriteBuilder;
import org.apache.paimon.table.source.DataSplit;
import org.apache.paimon.table.source.ReadBuilder;
import org.apache.paimon.table.source.Split;
import org.apache.paimon.utils.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * A benchmark program, not a test: it is not run by {@code mvn verify} (surefire only picks {@code *Test}) and asserts
 * nothing about time. Run it with
 * {@code mvn -B -pl integration-tests -am verify -Dtest=PipelineThroughputBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dbench.rows=1100000};
 * it prints a report and writes it to {@code integration-tests/target/benchmark-report.md}.
 *
 * <p>Measures, on the reference customers row shape, everything on one machine: capture-job's snapshot into Kafka,
 * capture-job's binlog catch-up (one UPDATE of every row while the job is down, then the job started at the binlog
 * position before it), and ingest-job's ingestion of the snapshot topic's backlog into a Paimon filesystem warehouse
 * with the reference's {@code pipeline2.yaml} (only the catalog, topic and group changed): time from building and
 * submitting the job until a reader of the Paimon table sees every row (with the reference's deletion vectors, rows are
 * readable once compacted out of level 0); the table is then read back and must hold exactly the rows loaded. Each
 * phase also reports the CPU seconds of the jobs' JVM, the broker, MariaDB and anything else on the machine.
 *
 * <p>The {@code raw} phase measures the ceilings next to the jobs: a plain Kafka producer sending capture-job's records
 * from memory, and one Paimon writer writing the ingested rows from memory into a table with the same options.
 *
 * <p>Switches: {@code -Dbench.phases=ingest} skips the binlog catch-up (the snapshot still fills the topic the ingest
 * reads); {@code -Dbench.ingest.runs=N} repeats the ingest measurement N times (fresh warehouse and group each time);
 * {@code -Dbench.jfr=FILE} records a JFR profile of the ingest runs; {@code
 * -Dbench.ingest.options=sink.k=v;pipeline.k=v}
 * adds options to the ingest job's blocks (source, sink, pipeline) to compare tunings.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class PipelineThroughputBenchmark {
    private static final String DB = "bench";
    private final int rows = Integer.getInteger("bench.rows", 300_000);
    private final Set<String> phases = Set.of(
            System.getProperty("bench.phases", "snapshot,binlog,ingest,raw").split(","));
    private final int ingestRuns = Integer.getInteger("bench.ingest.runs", 1);
    private final StringBuilder report = new StringBuilder();
    private final StringBuilder timeline = new StringBuilder();

    @Test
    void measure(MySqlServer mysql, KafkaServer kafka) throws Exception {
        load(mysql);
        report.append("# cdclake pipeline throughput\n\n")
                .append(rows)
                .append(" rows of (id INT, name, address, ")
                .append("phone_number VARCHAR, age INT); MariaDB, Kafka and the jobs on one machine with ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores.")
                .append(
                        System.getProperty("bench.ingest.options", "").isBlank()
                                ? ""
                                : " Ingest options added: " + System.getProperty("bench.ingest.options") + ".")
                .append("\n\n")
                .append("| phase | records | s launch → job submitted | s job submitted → first record "
                        + "| seconds from job start | records/s from job start | records/s after the first ")
                .append("| CPU seconds |\n")
                .append("|---|---|---|---|---|---|---|---|\n");

        String snapshotTopic = "bench_snapshot";
        long launch = System.nanoTime();
        JobClient capture = startCapture(mysql, kafka, snapshotTopic, Map.of());
        CpuClock cpu = new CpuClock();
        long t0 = System.nanoTime();
        long[] first = awaitEndOffsets(kafka, snapshotTopic, rows, Duration.ofMinutes(20));
        record("capture snapshot → Kafka", rows, launch, t0, first, cpu);
        capture.cancel().get();

        if (phases.contains("binlog")) {
            String[] position = masterStatus(mysql);
            mysql.execute("UPDATE " + DB + ".customers SET age = age + 1");
            String binlogTopic = "bench_binlog";
            launch = System.nanoTime();
            capture = startCapture(
                    mysql,
                    kafka,
                    binlogTopic,
                    Map.of(
                            "scan.startup.mode",
                            "specific-offset",
                            "scan.startup.specific-offset.file",
                            position[0],
                            "scan.startup.specific-offset.pos",
                            position[1]));
            cpu = new CpuClock();
            t0 = System.nanoTime();
            first = awaitEndOffsets(kafka, binlogTopic, rows, Duration.ofMinutes(20));
            record("capture binlog catch-up → Kafka", rows, launch, t0, first, cpu);
            capture.cancel().get();
        }

        if (phases.contains("ingest")) {
            String jfr = System.getProperty("bench.jfr");
            try (Recording recording = jfr == null ? null : startRecording()) {
                for (int run = 1; run <= ingestRuns; run++) {
                    measureIngest(kafka, snapshotTopic, run);
                }
                if (recording != null) {
                    recording.dump(Path.of(jfr));
                }
            }
        }

        if (phases.contains("raw")) {
            rawProducer(kafka, snapshotTopic);
        }

        report.append(timeline).append('\n');
        System.out.println(report);
        Path out = Path.of("target", "benchmark-report.md");
        Files.writeString(out, report.toString());
    }

    private void measureIngest(KafkaServer kafka, String topic, int run) throws Exception {
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        CpuClock cpu = new CpuClock();
        long launch = System.nanoTime();
        JobClient ingest = startIngest(kafka, warehouse, topic, "bench-ingest-" + run);
        long t0 = System.nanoTime();
        long[] first;
        try (Catalog catalog = warehouse.createCatalog();
                ThreadSampler threads = new ThreadSampler()) {
            VisibleRows visible = new VisibleRows(catalog, t0);
            timeline.append("\nIngest run ")
                    .append(run)
                    .append(" (started ")
                    .append(LocalTime.now())
                    .append("): ");
            first = await(visible::get, rows, Duration.ofMinutes(5), "rows visible in Paimon");
            record(
                    "ingest Kafka backlog → Paimon (rows visible)" + (ingestRuns > 1 ? ", run " + run : ""),
                    rows,
                    launch,
                    t0,
                    first,
                    cpu);
            timeline.append("\nCores busy per second of run ")
                    .append(run)
                    .append(", ")
                    .append(threads.summary());
            ingest.cancel().get();
            long read = readRows(catalog, "customers");
            if (read != rows) {
                throw new AssertionError("Paimon table holds " + read + " rows, expected " + rows);
            }
            if (phases.contains("raw") && run == ingestRuns) {
                rawPaimonWriter(catalog);
            }
        }
    }

    /**
     * The ceiling of capture-job's Kafka side: a plain producer with capture-job's producer defaults sends the records
     * capture-job wrote (read back into memory first), from one thread, until the broker acknowledged all of them.
     */
    private void rawProducer(KafkaServer kafka, String topic) throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(rows);
        String rawTopic = "bench_raw_producer";
        Properties consumerProps = kafka.clientProperties();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (records.size() < rows && System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    records.add(new ProducerRecord<>(rawTopic, null, r.key(), r.value(), r.headers()));
                }
            }
        }
        if (records.size() < rows) {
            throw new AssertionError("read " + records.size() + " of " + rows + " records back from " + topic);
        }
        Properties producerProps = kafka.clientProperties();
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producerProps.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        producerProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        CpuClock cpu = new CpuClock();
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r);
            }
            producer.flush();
        }
        record(
                "raw Kafka producer, capture-job's records from memory → Kafka",
                rows,
                start,
                start,
                new long[] {start, 0},
                cpu);
        awaitEndOffsets(kafka, rawTopic, rows, Duration.ofMinutes(1));
    }

    /**
     * The ceiling of ingest-job's Paimon side: the ingested rows, read back into memory, written by one Paimon writer
     * into a table with the same schema and options (dynamic buckets, deletion vectors) and committed once, with the
     * compaction that makes them readable.
     */
    private void rawPaimonWriter(Catalog catalog) throws Exception {
        FileStoreTable source = (FileStoreTable) catalog.getTable(Identifier.create(DB, "customers"));
        InternalRowSerializer copier = new InternalRowSerializer(source.rowType());
        List<InternalRow> data = new ArrayList<>(rows);
        ReadBuilder rb = source.newReadBuilder();
        try (RecordReader<InternalRow> reader =
                        rb.newRead().createReader(rb.newScan().plan());
                CloseableIterator<InternalRow> it = reader.toCloseableIterator()) {
            while (it.hasNext()) {
                data.add(copier.copy(it.next()));
            }
        }
        Identifier rawId = Identifier.create(DB, "customers_raw");
        Map<String, String> options = new HashMap<>(source.schema().options());
        options.remove(CoreOptions.PATH.key());
        catalog.createTable(
                rawId,
                new Schema(
                        source.rowType().getFields(),
                        source.schema().partitionKeys(),
                        source.schema().primaryKeys(),
                        options,
                        null),
                false);
        FileStoreTable table = (FileStoreTable) catalog.getTable(rawId);
        String user = "raw-writer";
        RowPartitionKeyExtractor keys = new RowPartitionKeyExtractor(table.schema());
        HashBucketAssigner assigner = new HashBucketAssigner(
                table.snapshotManager(),
                user,
                table.store().newIndexFileHandler(),
                1,
                1,
                0,
                table.coreOptions().dynamicBucketTargetRowNum(),
                -1);
        CpuClock cpu = new CpuClock();
        long start = System.nanoTime();
        StreamWriteBuilder builder = table.newStreamWriteBuilder().withCommitUser(user);
        try (IOManager io =
                        IOManager.create(Files.createTempDirectory("raw-writer").toString());
                StreamTableWrite write = (StreamTableWrite) builder.newWrite().withIOManager(io);
                StreamTableCommit commit = builder.newCommit()) {
            for (InternalRow row : data) {
                BinaryRow partition = keys.partition(row);
                write.write(
                        row,
                        assigner.assign(partition, keys.trimmedPrimaryKey(row).hashCode()));
            }
            assigner.prepareCommit(1);
            commit.commit(1, write.prepareCommit(true, 1));
        }
        record(
                "raw Paimon writer, the same rows from memory → Paimon (readable)",
                rows,
                start,
                start,
                new long[] {start, 0},
                cpu);
        long read = readRows(catalog, "customers_raw");
        if (read != rows) {
            throw new AssertionError("customers_raw holds " + read + " rows, expected " + rows);
        }
    }

    private static Recording startRecording() throws Exception {
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.setToDisk(true);
        recording.start();
        return recording;
    }

    /**
     * Rows a reader sees in the latest snapshot of the benchmark table, from the scan plan (no data read): with
     * deletion
     * vectors a reader skips level-0 files, so rows count only once compaction has moved them up. Planned once per new
     * snapshot, and a progress line per snapshot goes into the report's timeline.
     */
    private final class VisibleRows {
        private final Catalog catalog;
        private final long startNanos;
        private FileStoreTable table;
        private long snapshotId = -1;
        private long visible;

        VisibleRows(Catalog catalog, long startNanos) {
            this.catalog = catalog;
            this.startNanos = startNanos;
        }

        long get() {
            try {
                if (table == null) {
                    table = (FileStoreTable) catalog.getTable(Identifier.create(DB, "customers"));
                }
                Snapshot latest = table.snapshotManager().latestSnapshot();
                if (latest == null || latest.id() == snapshotId) {
                    return visible;
                }
                long count = 0;
                for (Split split : table.newReadBuilder().newScan().plan().splits()) {
                    DataSplit data = (DataSplit) split;
                    // each key is written once, so a split's file rows are its rows when no merged count is known
                    count += data.mergedRowCountAvailable() ? data.mergedRowCount() : data.rowCount();
                }
                snapshotId = latest.id();
                visible = count;
                timeline.append(String.format(
                        "%.1f s: snapshot %d %s, %d rows written, %d visible; ",
                        (System.nanoTime() - startNanos) / 1e9,
                        latest.id(),
                        latest.commitKind(),
                        latest.totalRecordCount(),
                        count));
                return visible;
            } catch (Catalog.TableNotExistException e) {
                return 0;
            }
        }
    }

    private static long readRows(Catalog catalog, String name) throws Exception {
        Table table = catalog.getTable(Identifier.create(DB, name));
        ReadBuilder rb = table.newReadBuilder();
        long count = 0;
        try (RecordReader<InternalRow> reader =
                        rb.newRead().createReader(rb.newScan().plan());
                CloseableIterator<InternalRow> it = reader.toCloseableIterator()) {
            while (it.hasNext()) {
                it.next();
                count++;
            }
        }
        return count;
    }

    /**
     * Samples this JVM's threads every second from the job's submission: how many cores the pipeline's threads, the JIT
     * compiler and the rest used, which shows when the backlog was read, when checkpoints flushed and where it idled.
     */
    private static final class ThreadSampler implements AutoCloseable {
        private static final String[][] GROUPS = {
            {"source", "Source: Kafka"},
            {"fetch", "Source Data Fet"},
            {"writers", "Paimon Writer"},
            {"compaction", "paimon-compacti"},
            {"JIT", "C# CompilerThre"}
        };
        private final StringBuilder seconds = new StringBuilder();
        private final Thread thread = new Thread(this::run, "benchmark-thread-sampler");
        private volatile boolean running = true;

        ThreadSampler() {
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            Map<String, Long> previous = BenchJobs.threadTicks();
            for (int second = 1; running; second++) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                Map<String, Long> now = BenchJobs.threadTicks();
                double[] busy = new double[GROUPS.length + 1];
                for (Map.Entry<String, Long> e : now.entrySet()) {
                    double delta = (e.getValue() - previous.getOrDefault(e.getKey(), 0L)) / 100.0;
                    String name = e.getKey().substring(e.getKey().indexOf(' ') + 1);
                    int group = GROUPS.length;
                    for (int g = 0; g < GROUPS.length; g++) {
                        if (name.startsWith(GROUPS[g][1])) {
                            group = g;
                        }
                    }
                    busy[group] += delta;
                }
                previous = now;
                synchronized (seconds) {
                    seconds.append(second).append("s ");
                    for (int g = 0; g < busy.length; g++) {
                        seconds.append(g == 0 ? "" : "/").append(String.format("%.1f", busy[g]));
                    }
                    seconds.append("; ");
                }
            }
        }

        String summary() {
            synchronized (seconds) {
                StringBuilder legend = new StringBuilder();
                for (String[] g : GROUPS) {
                    legend.append(g[0]).append('/');
                }
                return legend.append("rest: ").append(seconds).toString();
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }
    }

    /**
     * CPU time per process over a phase: this JVM (the jobs run in it), the Kafka broker, MariaDB and everything else
     * on the machine (which should be close to nothing during a measurement).
     */
    private static final class CpuClock {
        private final Map<Long, Long> start = cpuNanosByPid();
        private final Map<String, Long> threadStart = BenchJobs.threadTicks();

        String describe() {
            Map<String, Long> byRole = new LinkedHashMap<>();
            for (String role : List.of("jobs", "broker", "MariaDB", "other")) {
                byRole.put(role, 0L);
            }
            ProcessHandle.allProcesses().forEach(p -> {
                long now = p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
                long delta = now - start.getOrDefault(p.pid(), 0L);
                byRole.merge(role(p), Math.max(0, delta), Long::sum);
            });
            return byRole.entrySet().stream()
                    .map(e -> String.format("%s %.1f", e.getKey(), e.getValue() / 1e9))
                    .collect(Collectors.joining(", "));
        }

        /** The busiest threads of this JVM over the phase, JIT compiler and GC threads included (Linux only). */
        String threads() {
            return BenchJobs.busiestThreads(threadStart, 10);
        }

        private static String role(ProcessHandle p) {
            if (p.pid() == ProcessHandle.current().pid()) {
                return "jobs";
            }
            String command = p.info().commandLine().orElse("");
            if (command.contains(" kafka.Kafka ")) {
                return "broker";
            }
            return command.contains("mariadbd") || command.contains("mysqld") ? "MariaDB" : "other";
        }

        private static Map<Long, Long> cpuNanosByPid() {
            return ProcessHandle.allProcesses()
                    .collect(Collectors.toMap(
                            ProcessHandle::pid,
                            p -> p.info()
                                    .totalCpuDuration()
                                    .map(Duration::toNanos)
                                    .orElse(0L)));
        }
    }

    /**
     * {@code launch} is before the job's builder ran (pre-flight, graph), {@code startNanos} when {@code executeAsync}
     * returned (MiniCluster up, job submitted); {@code first} is when the first records were seen and how many: the
     * rate after it leaves out job start-up.
     */
    private void record(String phase, long count, long launch, long startNanos, long[] first, CpuClock cpu) {
        long end = System.nanoTime();
        double s = (end - startNanos) / 1e9;
        double steady = (end - first[0]) / 1e9;
        // when the first look already saw everything (one commit took it all) there is no rate after it
        String afterFirst =
                first[1] >= count || steady <= 0 ? "-" : String.format("%,.0f", (count - first[1]) / steady);
        report.append(String.format(
                "| %s | %d | %.1f | %.1f | %.1f | %,.0f | %s | %s |%n",
                phase,
                count,
                (startNanos - launch) / 1e9,
                (first[0] - startNanos) / 1e9,
                s,
                count / s,
                afterFirst,
                cpu.describe()));
        timeline.append("\n")
                .append(phase)
                .append(", CPU seconds of the busiest threads: ")
                .append(cpu.threads());
    }

    private void load(MySqlServer mysql) throws Exception {
        mysql.createDatabase(DB);
        mysql.execute("CREATE TABLE " + DB + ".customers (id INT PRIMARY KEY, name VARCHAR(255), "
                + "address VARCHAR(1024), phone_number VARCHAR(512), age INT)");
        try (Connection c = mysql.adminConnection();
                Statement st = c.createStatement()) {
            int batch = 2000;
            for (int start = 1; start <= rows; start += batch) {
                StringBuilder sql = new StringBuilder("INSERT INTO " + DB + ".customers VALUES ");
                for (int id = start; id < start + batch && id <= rows; id++) {
                    if (id > start) {
                        sql.append(',');
                    }
                    sql.append('(')
                            .append(id)
                            .append(",'John")
                            .append(id % 97)
                            .append("','New York ")
                            .append(id % 13)
                            .append("','")
                            .append(2222 + id % 1000)
                            .append("',")
                            .append(id % 90)
                            .append(')');
                }
                st.execute(sql.toString());
            }
        }
    }

    private static String[] masterStatus(MySqlServer mysql) throws Exception {
        try (Connection c = mysql.adminConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return new String[] {rs.getString(1), String.valueOf(rs.getLong(2))};
        }
    }

    private static JobClient startCapture(
            MySqlServer mysql, KafkaServer kafka, String topic, Map<String, String> extraSource) throws Exception {
        PipelineDefinition d = BenchJobs.capture(mysql, kafka, DB, topic, extraSource, Map.of());
        CaptureJobBuilder b = CaptureJobBuilder.fromDefinition(d, "capture-bench");
        StreamExecutionEnvironment env = PipelineOptions.createEnvironment(d.pipeline());
        b.build(env, b.createSource(env.getParallelism(), "UTC"), Map.of());
        return env.executeAsync("capture-bench");
    }

    /** The reference's {@code pipeline2.yaml} as a user runs it, with only the catalog, topic and group replaced. */
    private static JobClient startIngest(KafkaServer kafka, PaimonWarehouse warehouse, String topic, String group)
            throws Exception {
        PipelineDefinition example = BenchJobs.pipeline2(kafka, warehouse, topic, Map.of(), Map.of());
        Map<String, String> source = new LinkedHashMap<>(example.source());
        source.put("properties.group.id", group);
        Map<String, String> sink = new LinkedHashMap<>(example.sink());
        Map<String, String> pipeline = new LinkedHashMap<>(example.pipeline());
        // -Dbench.ingest.options=sink.table.properties.k=v;pipeline.k=v compares tunings; unset it measures defaults
        for (String option : System.getProperty("bench.ingest.options", "").split(";")) {
            if (!option.isBlank()) {
                String[] kv = option.trim().split("=", 2);
                String block = kv[0].substring(0, kv[0].indexOf('.'));
                String key = kv[0].substring(block.length() + 1);
                Map<String, String> target = block.equals("source") ? source : block.equals("sink") ? sink : pipeline;
                target.put(key, kv[1]);
            }
        }
        PipelineDefinition d = new PipelineDefinition(source, sink, example.transforms(), pipeline);
        IngestJobBuilder b = IngestJobBuilder.fromDefinition(d, "ingest-bench");
        StreamExecutionEnvironment env = PipelineOptions.createEnvironment(d.pipeline());
        b.build(env);
        return env.executeAsync("ingest-bench");
    }

    private static long[] awaitEndOffsets(KafkaServer kafka, String topic, long expected, Duration timeout)
            throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            return await(() -> BenchJobs.endOffsetSum(admin, topic), expected, timeout, topic + " end offsets");
        }
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

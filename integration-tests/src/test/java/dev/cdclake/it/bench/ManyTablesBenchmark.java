package dev.cdclake.it.bench;

import dev.cdclake.capture.CaptureJob;
import dev.cdclake.events.config.PipelineDefinition;
import dev.cdclake.events.config.PipelineOptions;
import dev.cdclake.ingest.IngestJob;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.paimon.PaimonWarehouse;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.paimon.CoreOptions;
import org.apache.paimon.Snapshot;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.table.FileStoreTable;
import org.apache.paimon.table.source.DataSplit;
import org.apache.paimon.table.source.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A benchmark program, not a test (surefire only picks {@code *Test}; it asserts nothing about time): many tables
 * through both jobs. Run it with
 * {@code mvn -B -pl integration-tests -am verify -Dtest=ManyTablesBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbench.tables=1000 -Dbench.table-rows=1000}; it prints a report and writes it to
 * {@code integration-tests/target/many-tables-report.md}. The jobs run in this JVM (surefire's {@code -Xmx2g});
 * {@code -Dbench.ingest.runs=N} repeats the ingest N times in the same JVM (a new warehouse each time): the first run
 * pays the JIT compiler's warm-up, the later ones show the steady state.
 *
 * <p>Per job: rows/s from launch, time to the first record in Kafka / the first readable table, time until the last
 * table is complete (the first snapshot that serves every row to a reader, checked by reading it afterwards), peak
 * heap, the largest heap left after a collection (the live set), peak RSS, most open files, and for ingest the heap
 * once every table is idle (after two more checkpoints and a full collection) against the heap before the job
 * started; the number of Paimon snapshots and how long the committer's threads were busy show what per-table commits
 * cost. The JVM's CPU seconds and the collectors' time over the same span are steadier than rows/s, which moves with
 * where the checkpoints fall.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class ManyTablesBenchmark {
    private static final String DB = "many";
    private final int tables = Integer.getInteger("bench.tables", 1000);
    private final int rowsPerTable = Integer.getInteger("bench.table-rows", 1000);
    private final int columns = Integer.getInteger("bench.columns", 4);
    private final int valueBytes = Integer.getInteger("bench.value-bytes", 16);
    private final int ingestRuns = Integer.getInteger("bench.ingest.runs", 1);
    private final Duration idleTimeout = Duration.parse("PT" + System.getProperty("bench.idle-timeout", "20s"));
    private final StringBuilder report = new StringBuilder();

    @Test
    void measure(MySqlServer mysql, KafkaServer kafka) throws Exception {
        long rows = (long) tables * rowsPerTable;
        long loadStart = System.nanoTime();
        load(mysql);
        report.append("# cdclake: many tables\n\n")
                .append(String.format(
                        "%d tables x %d rows (%d rows) of %d columns (id INT, then text values of %d bytes);"
                                + " loaded in %.0f s. MariaDB, Kafka and the jobs on one machine with %d cores;"
                                + " jobs in one JVM with max heap %d MiB, the default parallelism (one subtask per"
                                + " core), checkpoints every 10 s.%n%n",
                        tables,
                        rowsPerTable,
                        rows,
                        columns,
                        valueBytes,
                        (System.nanoTime() - loadStart) / 1e9,
                        Runtime.getRuntime().availableProcessors(),
                        Runtime.getRuntime().maxMemory() >> 20))
                .append("| job | rows | MB | s to first | s to last | rows/s from launch | MB/s | peak heap MiB "
                        + "| live heap MiB | peak RSS MiB | open files | snapshots | committer CPU s "
                        + "| CPU s | GC s |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        double megabytes = rows * (4 + (columns - 1) * (double) valueBytes) / 1e6;

        String topic = "many_" + tables + "_" + rowsPerTable + "_" + columns;
        Sampler capture = new Sampler();
        JobClient captureJob = startCapture(mysql, kafka, topic);
        long firstRecord;
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            firstRecord = awaitCount(() -> BenchJobs.endOffsetSum(admin, topic), 1, Duration.ofMinutes(10));
            awaitCount(() -> BenchJobs.endOffsetSum(admin, topic), rows, Duration.ofMinutes(30));
        }
        capture.row("capture-job → Kafka", rows, megabytes, firstRecord, "-");
        captureJob.cancel().get();

        StringBuilder notes = new StringBuilder(String.format(
                "%nBusiest threads, CPU s (JIT compiler and collector included):%n%n- capture-job: %s%n",
                capture.threads));
        for (int run = 1; run <= ingestRuns; run++) {
            ingest(kafka, topic, rows, megabytes, run, notes);
        }
        report.append(notes);
        System.out.println(report);
        Files.writeString(Path.of("target", "many-tables-report.md"), report.toString());
    }

    /** One ingest of the topic into a new warehouse; the first run also measures the heap of the idle job. */
    private void ingest(KafkaServer kafka, String topic, long rows, double megabytes, int run, StringBuilder notes)
            throws Exception {
        String label = "ingest-job → Paimon (readable)" + (ingestRuns > 1 ? ", run " + run : "");
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        System.gc();
        long heapBefore = usedHeap();
        Sampler ingest = new Sampler();
        JobClient ingestJob = startIngest(kafka, warehouse, topic);
        try (Catalog catalog = warehouse.createCatalog()) {
            Complete complete = new Complete(catalog, warehouse.path());
            long firstTable = awaitCount(complete::count, 1, Duration.ofMinutes(10));
            awaitCount(complete::count, tables, Duration.ofMinutes(60));
            ingest.row(label, rows, megabytes, firstTable, String.valueOf(snapshots(warehouse.path())));
            complete.verify();
            notes.append(String.format("- %s: %s%n", label, ingest.threads));
            if (run > 1) {
                return;
            }
            System.gc();
            long heapBusy = usedHeap();
            // every table idle now: the idle timeout and two more checkpoints, then what the job keeps
            Thread.sleep(idleTimeout.toMillis() + 25_000); // an idle job: no condition to poll for
            System.gc();
            long heapIdle = usedHeap();
            notes.append(String.format(
                    "%nHeap after a full collection: %d MiB before ingest-job started, %d MiB when the last table was"
                            + " complete, %d MiB once every table was idle for writer.idle-timeout (%s).%n",
                    heapBefore >> 20, heapBusy >> 20, heapIdle >> 20, idleTimeout));
            notes.append("\nLargest classes on the heap of the idle job (jcmd GC.class_histogram):\n\n```\n")
                    .append(histogram())
                    .append("```\n");
        } finally {
            ingestJob.cancel().get();
        }
    }

    private void load(MySqlServer mysql) throws Exception {
        mysql.createDatabase(DB);
        String value = "x".repeat(valueBytes - 5);
        try (Connection c = mysql.adminConnection();
                Statement st = c.createStatement()) {
            // a row's VARCHARs share MySQL's 65,535-byte row limit: large values are MEDIUMTEXT
            String type = valueBytes > 1024 ? " MEDIUMTEXT" : " VARCHAR(" + valueBytes + ")";
            StringBuilder ddlColumns = new StringBuilder("id INT PRIMARY KEY");
            for (int col = 1; col < columns; col++) {
                ddlColumns.append(", c").append(col).append(type);
            }
            for (int t = 0; t < tables; t++) {
                String table = DB + ".t" + t;
                st.execute("CREATE TABLE " + table + " (" + ddlColumns + ")");
                int batch = Math.max(1, 200_000 / (columns * valueBytes));
                for (int start = 1; start <= rowsPerTable; start += batch) {
                    StringBuilder sql = new StringBuilder("INSERT INTO " + table + " VALUES ");
                    for (int id = start; id < start + batch && id <= rowsPerTable; id++) {
                        sql.append(id == start ? "(" : ",(").append(id);
                        for (int col = 1; col < columns; col++) {
                            sql.append(",'").append(id % 100_000).append(value).append('\'');
                        }
                        sql.append(')');
                    }
                    st.execute(sql.toString());
                }
            }
        }
    }

    private JobClient startCapture(MySqlServer mysql, KafkaServer kafka, String topic) throws Exception {
        PipelineDefinition d =
                BenchJobs.capture(mysql, kafka, DB, topic, Map.of(), Map.of("execution.checkpointing.interval", "10s"));
        StreamExecutionEnvironment env = PipelineOptions.createEnvironment(d.pipeline());
        CaptureJob.build(d, "capture-many", env);
        return env.executeAsync("capture-many");
    }

    /** The reference's {@code pipeline2.yaml} with only the catalog and topic replaced, and the idle timeout. */
    private JobClient startIngest(KafkaServer kafka, PaimonWarehouse warehouse, String topic) throws Exception {
        Map<String, String> sink = new HashMap<>();
        sink.put("writer.idle-timeout", idleTimeout.toSeconds() + "s");
        // -Dbench.ingest.sink=k=v;k=v adds sink options, e.g. table.properties.* to compare table settings
        for (String pair : System.getProperty("bench.ingest.sink", "").split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                sink.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        PipelineDefinition d =
                BenchJobs.pipeline2(kafka, warehouse, topic, sink, Map.of("execution.checkpointing.interval", "10s"));
        StreamExecutionEnvironment env = PipelineOptions.createEnvironment(d.pipeline());
        IngestJob.build(d, "ingest-many", env);
        return env.executeAsync("ingest-many");
    }

    /**
     * Tables whose every row is readable. The poller shares the two cores with the job it measures, so a poll costs
     * one file-system check per incomplete table (does its next snapshot file exist?) and reads a new snapshot's
     * metadata; a table counts as complete at the first snapshot that should serve every row - with deletion vectors
     * the COMPACT one that makes level-0 rows readable (an APPEND one only when no COMPACT follows within two seconds).
     * That it does is checked after the measurement ({@link #verify}), by reading each table at that snapshot: planning
     * those scans while the job runs took about 2.5 CPU seconds of the two measured cores with 1,000 tables. Each table
     * gets a few snapshots here, fewer than Paimon's {@code snapshot.num-retained.min}: none expires before the check.
     */
    private final class Complete {
        private static final long APPEND_GRACE_NANOS = 2_000_000_000L;
        private final Catalog catalog;
        private final Path databaseDir;
        private final Path[] nextSnapshotFile = new Path[tables];
        private final long[] seenSnapshot = new long[tables];
        private final long[] candidateSince = new long[tables];
        private final Snapshot[] candidate = new Snapshot[tables];
        private final FileStoreTable[] handles = new FileStoreTable[tables];
        /** The snapshot each complete table was counted complete at, 0 while incomplete. */
        private final long[] completeAt = new long[tables];

        private int complete;

        Complete(Catalog catalog, Path warehouse) {
            this.catalog = catalog;
            this.databaseDir = warehouse.resolve(DB + ".db");
        }

        long count() {
            for (int t = 0; t < tables; t++) {
                if (completeAt[t] > 0) {
                    continue;
                }
                long latest = seenSnapshot[t];
                while (Files.exists(nextSnapshotFile(t, latest))) {
                    latest++;
                    nextSnapshotFile[t] = null;
                }
                FileStoreTable table = latest == 0 ? null : table(t);
                if (latest > seenSnapshot[t]) {
                    seenSnapshot[t] = latest;
                    Snapshot snapshot = table.snapshotManager().snapshot(latest);
                    Long written = snapshot.totalRecordCount();
                    boolean holdsAll = written == null || written >= rowsPerTable;
                    candidate[t] = holdsAll ? snapshot : null;
                    candidateSince[t] = System.nanoTime();
                }
                Snapshot snapshot = candidate[t];
                if (snapshot == null
                        || (table.coreOptions().deletionVectorsEnabled()
                                && snapshot.commitKind() != Snapshot.CommitKind.COMPACT
                                && System.nanoTime() - candidateSince[t] < APPEND_GRACE_NANOS)) {
                    continue;
                }
                candidate[t] = null;
                completeAt[t] = snapshot.id();
                handles[t] = null;
                complete++;
            }
            return complete;
        }

        /**
         * Reads every table at the snapshot it was counted complete at.
         *
         * @throws IllegalStateException when a reader does not see every row there: the measured time would be wrong
         */
        void verify() {
            for (int t = 0; t < tables; t++) {
                FileStoreTable table =
                        table(t).copy(Map.of(CoreOptions.SCAN_SNAPSHOT_ID.key(), String.valueOf(completeAt[t])));
                handles[t] = null;
                long visible = 0;
                for (Split split : table.newReadBuilder().newScan().plan().splits()) {
                    DataSplit data = (DataSplit) split;
                    visible += data.mergedRowCountAvailable() ? data.mergedRowCount() : data.rowCount();
                }
                if (visible < rowsPerTable) {
                    throw new IllegalStateException(String.format(
                            "table t%d was counted complete at snapshot %d, where a reader sees %d of its %d rows:"
                                    + " the measured time is wrong",
                            t, completeAt[t], visible, rowsPerTable));
                }
            }
        }

        private Path nextSnapshotFile(int t, long latest) {
            if (nextSnapshotFile[t] == null) {
                nextSnapshotFile[t] = databaseDir.resolve("t" + t + "/snapshot/snapshot-" + (latest + 1));
            }
            return nextSnapshotFile[t];
        }

        private FileStoreTable table(int t) {
            if (handles[t] == null) {
                try {
                    handles[t] = (FileStoreTable) catalog.getTable(Identifier.create(DB, "t" + t));
                } catch (Catalog.TableNotExistException e) {
                    throw new IllegalStateException("a snapshot without its table", e);
                }
            }
            return handles[t];
        }
    }

    /** Heap, RSS and open files of this JVM from construction on, sampled every 200 ms on its own thread. */
    private final class Sampler {
        private final long start = System.nanoTime();
        private final long cpuStart = processCpuNanos();
        private final long gcStart = gcMillis();
        private final Map<String, Long> threadStart = BenchJobs.threadTicks();
        private String threads = "";
        private volatile long peakHeap;
        private volatile long liveHeap;
        private volatile long openFiles;
        private final Thread thread = new Thread(this::run, "benchmark-memory-sampler");
        private volatile boolean running = true;

        Sampler() {
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            resetPeakRss();
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            while (running) {
                peakHeap = Math.max(peakHeap, usedHeap());
                long afterGc = ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(p -> p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null)
                        .mapToLong(p -> p.getCollectionUsage().getUsed())
                        .sum();
                liveHeap = Math.max(liveHeap, afterGc);
                openFiles = Math.max(openFiles, openFiles());
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void row(String job, long rows, double megabytes, long firstNanos, String snapshots)
                throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
            threads = BenchJobs.busiestThreads(threadStart, 12);
            double seconds = (System.nanoTime() - start) / 1e9;
            report.append(String.format(
                    "| %s | %d | %.0f | %.1f | %.1f | %,.0f | %.1f | %d | %d | %d | %d | %s | %s | %.1f | %.1f |%n",
                    job,
                    rows,
                    megabytes,
                    (firstNanos - start) / 1e9,
                    seconds,
                    rows / seconds,
                    megabytes / seconds,
                    peakHeap >> 20,
                    liveHeap >> 20,
                    peakRssKib() >> 10,
                    openFiles,
                    snapshots,
                    snapshots.equals("-") ? "-" : String.format("%.1f", committerSeconds(threadStart)),
                    (processCpuNanos() - cpuStart) / 1e9,
                    (gcMillis() - gcStart) / 1e3));
        }
    }

    /** The top of this JVM's class histogram, live objects only. */
    private static String histogram() throws Exception {
        Process jcmd = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        String.valueOf(ProcessHandle.current().pid()),
                        "GC.class_histogram")
                .redirectErrorStream(true)
                .start();
        String out = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        jcmd.waitFor();
        return out.lines().limit(28).collect(Collectors.joining("\n", "", "\n"));
    }

    /** CPU time of this JVM, all threads (the JIT compiler's and the collector's too). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Time the collectors report (pauses, and for G1 on JDK 20+ also its concurrent cycles). */
    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .sum();
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Writing 5 to clear_refs resets VmHWM, the peak resident set (Linux). */
    private static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (Exception notLinux) {
            // the peak is then the JVM's lifetime peak
        }
    }

    private static long peakRssKib() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                    .findFirst()
                    .orElse(-1L);
        } catch (Exception notLinux) {
            return -1;
        }
    }

    private static long openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (Exception notLinux) {
            return -1;
        }
    }

    /** CPU seconds since {@code start} of this JVM's Paimon committer: operator and commit threads (Linux). */
    private static double committerSeconds(Map<String, Long> start) {
        return BenchJobs.threadTicks().entrySet().stream()
                        .filter(e -> e.getKey().contains(" Paimon Committ")
                                || e.getKey().contains(" paimon-commit-"))
                        .mapToLong(e -> e.getValue() - start.getOrDefault(e.getKey(), 0L))
                        .sum()
                / 100.0;
    }

    private static long snapshots(Path warehouse) throws Exception {
        try (Stream<Path> files = Files.walk(warehouse)) {
            return files.filter(p -> p.getFileName().toString().startsWith("snapshot-"))
                    .count();
        }
    }

    /** Polls until {@code current} reaches {@code expected}; returns when (nanoTime) it did. */
    private static long awaitCount(LongSupplier current, long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long value = 0;
        while (System.nanoTime() - deadline < 0) {
            value = current.getAsLong();
            if (value >= expected) {
                return System.nanoTime();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("reached " + value + " of " + expected + " within " + timeout);
    }
}

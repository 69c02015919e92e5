package dev.cdclake.it.bench;

import dev.cdclake.it.e2e.ExamplePipeline;
import dev.cdclake.it.fixtures.Inventory;
import dev.cdclake.it.fixtures.LakeComparison;
import dev.cdclake.it.fixtures.PrometheusScrape;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.paimon.PaimonWarehouse;
import dev.cdclake.it.process.FreePorts;
import dev.cdclake.it.process.Poll;
import org.apache.flink.core.execution.JobClient;
import org.apache.paimon.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A benchmark program, not a test: not run by {@code mvn verify} (surefire picks only {@code *Test}) and asserting
 * nothing about time. Run it with {@code mvn -B -pl integration-tests -am verify -Dtest=FreshnessBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}; it prints a report and writes it to
 * {@code integration-tests/target/freshness-report.md}.
 *
 * <p>How long after its MySQL commit a change is readable in Paimon, under a steady load, both jobs and all servers on
 * this machine: the reference's {@code customers} table takes {@code bench.rate} row changes per second (default
 * 5,000: UPDATEs of 50 rows, 100 a second) while a marker UPDATE of {@code products} commits once a second; a reader
 * polls the Paimon table every 100 ms and notes when each marker is visible. Reported per checkpoint interval ({@code
 * bench.checkpoints}, default {@code 10s,2s}, each a fresh ingest-job on a fresh warehouse after {@code
 * bench.warmup.seconds} of warm-up): p50/p90/p99/max of commit to readable over {@code bench.seconds} (default 60),
 * next to ingest-job's {@code freshnessMs} for {@code products}, sampled once a second. Deletion vectors on, as in
 * the reference's Pipeline 2.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class FreshnessBenchmark {
    private static final String DB = "freshness_bench";
    private static final int CUSTOMERS = 10_000;
    private static final int ROWS_PER_UPDATE = 50;
    private static final String REPORTER = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

    private final int rate = Integer.getInteger("bench.rate", 5_000);
    private final int seconds = Integer.getInteger("bench.seconds", 60);
    private final int warmup = Integer.getInteger("bench.warmup.seconds", 20);
    private final List<String> checkpoints =
            List.of(System.getProperty("bench.checkpoints", "10s,2s").split(","));

    @Test
    void measure(MySqlServer mysql, KafkaServer kafka) throws Exception {
        Inventory.create(mysql, DB);
        mysql.execute("INSERT INTO " + DB + ".customers SELECT seq + 10, CONCAT('c', seq), 'somewhere', '0000', 1 FROM "
                + DB + ".seq_1_to_" + CUSTOMERS);
        String topic = "freshness_bench_" + UUID.randomUUID().toString().substring(0, 8);
        StringBuilder report = new StringBuilder("# cdclake freshness: MySQL commit to readable in Paimon\n\n")
                .append(String.format(
                        "%,d row changes/s on customers (UPDATEs of %d rows), one marker UPDATE of products a second;"
                                + " MariaDB, Kafka and both jobs on one machine with %d cores; %d s measured after %d"
                                + " s of warm-up per row.%n%n",
                        rate, ROWS_PER_UPDATE, Runtime.getRuntime().availableProcessors(), seconds, warmup))
                .append("| checkpoint interval | markers | p50 | p90 | p99 | max | freshnessMs p50 / p99 / max |"
                        + " load achieved |\n|---|---|---|---|---|---|---|---|\n");
        Load load = new Load(mysql);
        JobClient capture = ExamplePipeline.capture(mysql, kafka, DB, topic).start("capture-freshness-bench");
        try {
            load.start();
            for (String interval : checkpoints) {
                report.append(measure(kafka, topic, interval.trim(), load)).append('\n');
            }
        } finally {
            load.stop();
            ExamplePipeline.cancelQuietly(capture);
        }
        System.out.println(report);
        Files.writeString(Path.of("target", "freshness-report.md"), report);
    }

    private String measure(KafkaServer kafka, String topic, String interval, Load load) throws Exception {
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        int port = FreePorts.next();
        JobClient ingest = ExamplePipeline.ingest(kafka, topic)
                .catalog(warehouse.catalogOptions())
                .pipeline("execution.checkpointing.interval", interval)
                .pipeline("parallelism", "2")
                .pipeline("metrics.reporter.prom.factory.class", REPORTER)
                .pipeline("metrics.reporter.prom.port", String.valueOf(port))
                .start("ingest-freshness-bench-" + interval);
        try (Catalog lake = LakeComparison.openLake(warehouse.catalogOptions())) {
            Poll.until("products in the lake", Duration.ofMinutes(3), () -> marker(lake) >= 0);
            long warmEnd = System.currentTimeMillis() + warmup * 1000L;
            while (System.currentTimeMillis() < warmEnd) {
                marker(lake);
                Poll.pause(Duration.ofMillis(100));
            }
            long changesBefore = load.changes.get();
            long firstMarker = load.markers.get() + 1;
            long end = System.currentTimeMillis() + seconds * 1000L;
            Map<Long, Long> visible = new ConcurrentHashMap<>();
            List<Long> freshness = new ArrayList<>();
            long nextSample = 0;
            long seen = 0;
            while (System.currentTimeMillis() < end || seen < load.markers.get()) {
                long marker = marker(lake);
                long now = System.currentTimeMillis();
                for (long m = Math.max(seen + 1, firstMarker); m <= marker; m++) {
                    visible.put(m, now);
                }
                seen = Math.max(seen, marker);
                if (now >= nextSample && now < end) {
                    long f = freshnessMs(port);
                    if (f >= 0) {
                        freshness.add(f);
                    }
                    nextSample = now + 1000;
                }
                if (now > end + 120_000) {
                    break;
                }
                Poll.pause(Duration.ofMillis(100));
            }
            double achieved = (load.changes.get() - changesBefore)
                    / (double) (seconds + (System.currentTimeMillis() - end) / 1000.0);
            List<Long> delays = new ArrayList<>();
            for (long m = firstMarker; m <= seen; m++) {
                Long committed = load.commits.get(m);
                Long shown = visible.get(m);
                if (committed != null && shown != null && committed < end) {
                    delays.add(shown - committed);
                }
            }
            Collections.sort(delays);
            Collections.sort(freshness);
            return String.format(
                    "| %s | %d | %s | %s | %s | %s | %s / %s / %s | %,.0f changes/s |",
                    interval,
                    delays.size(),
                    ms(percentile(delays, 50)),
                    ms(percentile(delays, 90)),
                    ms(percentile(delays, 99)),
                    ms(percentile(delays, 100)),
                    ms(percentile(freshness, 50)),
                    ms(percentile(freshness, 99)),
                    ms(percentile(freshness, 100)),
                    achieved);
        } finally {
            ExamplePipeline.cancelQuietly(ingest);
        }
    }

    /** The marker number the lake's products row 101 holds, -1 while the table or row cannot be read. */
    private static long marker(Catalog lake) {
        Map<String, String> row;
        try {
            row = LakeComparison.paimonRows(lake, DB, "products", "id").get("101");
        } catch (Exception e) {
            return -1;
        }
        if (row == null) {
            return -1;
        }
        String description = row.get("description");
        return description != null && description.startsWith("m") ? Long.parseLong(description.substring(1)) : 0;
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static String ms(long millis) {
        return millis < 0 ? "n/a" : String.format("%.1f s", millis / 1000.0);
    }

    /** ingest-job's freshnessMs of products, -1 when the scrape does not show it. */
    private static long freshnessMs(int port) {
        long ms = PrometheusScrape.sum(
                port, "flink_taskmanager_job_task_operator_database_table_freshnessMs", Map.of("table", "products"));
        return ms == PrometheusScrape.ABSENT ? -1 : ms;
    }

    /** The steady load on customers and the marker UPDATE of products once a second, on their own threads. */
    private final class Load {
        final AtomicLong changes = new AtomicLong();
        final AtomicLong markers = new AtomicLong();
        final Map<Long, Long> commits = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final MySqlServer mysql;
        private final List<Thread> threads = new ArrayList<>();

        Load(MySqlServer mysql) {
            this.mysql = mysql;
        }

        void start() {
            threads.add(new Thread(this::updates, "customers-load"));
            threads.add(new Thread(this::markers, "products-markers"));
            threads.forEach(Thread::start);
        }

        private void updates() {
            long statementsPerSecond = Math.max(1, rate / ROWS_PER_UPDATE);
            long periodNanos = 1_000_000_000L / statementsPerSecond;
            try (Connection c = mysql.adminConnection();
                    PreparedStatement st = c.prepareStatement(
                            "UPDATE " + DB + ".customers SET age = age + 1 WHERE id BETWEEN ? AND ?")) {
                long next = System.nanoTime();
                int from = 11;
                while (running.get()) {
                    st.setInt(1, from);
                    st.setInt(2, from + ROWS_PER_UPDATE - 1);
                    changes.addAndGet(st.executeUpdate());
                    from = from + ROWS_PER_UPDATE > CUSTOMERS ? 11 : from + ROWS_PER_UPDATE;
                    next += periodNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Poll.pause(Duration.ofNanos(wait));
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException("The load stopped", e);
            }
        }

        private void markers() {
            try (Connection c = mysql.adminConnection();
                    PreparedStatement st =
                            c.prepareStatement("UPDATE " + DB + ".products SET description = ? WHERE id = 101")) {
                while (running.get()) {
                    long m = markers.get() + 1;
                    st.setString(1, "m" + m);
                    st.executeUpdate();
                    commits.put(m, System.currentTimeMillis());
                    markers.set(m);
                    Poll.pause(Duration.ofSeconds(1));
                }
            } catch (Exception e) {
                throw new IllegalStateException("The markers stopped", e);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }
    }
}

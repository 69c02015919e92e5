package dev.cdclake.it.e2e;

import dev.cdclake.it.fixtures.PrometheusScrape;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.paimon.PaimonWarehouse;
import dev.cdclake.it.process.FreePorts;
import dev.cdclake.it.process.Poll;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-table freshness as a Prometheus scrape of ingest-job shows it, with capture-job heartbeating every second while
 * one table changes and another stays idle: the idle table stays fresh (the heartbeats carry the binlog's commit time
 * past its last change), and with checkpoints 20 s apart freshness grows between two checkpoints: it reports what a
 * reader sees in the lake, not what the job has read.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class FreshnessMetricsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String REPORTER = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

    @Test
    void anIdleTableStaysFreshAndFreshnessGrowsWhileNoCheckpointCompletes(MySqlServer mysql, KafkaServer kafka)
            throws Exception {
        String db = mysql.createDatabase("freshness");
        mysql.execute(
                "CREATE TABLE " + db + ".busy (id INT PRIMARY KEY, v INT)",
                "CREATE TABLE " + db + ".idle (id INT PRIMARY KEY, v INT)",
                "INSERT INTO " + db + ".busy VALUES (0, 0)",
                "INSERT INTO " + db + ".idle VALUES (0, 0)");
        String topic = "freshness_" + UUID.randomUUID().toString().substring(0, 8);
        int fastPort = FreePorts.next();
        int slowPort = FreePorts.next();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger rows = new AtomicInteger();
        Thread writer = new Thread(
                () -> {
                    while (writing.get()) {
                        int id = rows.incrementAndGet();
                        mysql.execute("INSERT INTO " + db + ".busy VALUES (" + id + ", " + id + ")");
                        Poll.pause(Duration.ofMillis(100));
                    }
                },
                "busy-writer");
        JobClient capture = null;
        JobClient fast = null;
        JobClient slow = null;
        try {
            capture = ExamplePipeline.capture(mysql, kafka, db, topic)
                    .source("heartbeat.interval", "1s")
                    .sink("sink.parallelism", "2")
                    .start("capture-freshness");
            fast = ingest(kafka, topic, fastPort, "1s").start("ingest-freshness-fast");
            slow = ingest(kafka, topic, slowPort, "20s").start("ingest-freshness-slow");
            writer.start();

            // the idle table has no change after the snapshot; heartbeats keep moving its watermark
            Poll.until(
                    "a watermark for the idle table",
                    TIMEOUT,
                    () -> gauge(fastPort, "watermarkTimestamp", db + ".idle") > 0);
            long idleWatermark = gauge(fastPort, "watermarkTimestamp", db + ".idle");
            Poll.until(
                    "the idle table's watermark to move on with the busy table's commits",
                    TIMEOUT,
                    () -> gauge(fastPort, "watermarkTimestamp", db + ".idle") >= idleWatermark + 3_000);
            for (int i = 0; i < 5; i++) {
                assertThat(gauge(fastPort, "freshnessMs", db + ".idle"))
                        .as("freshness of the idle table, heartbeats every 1 s, checkpoints every 1 s")
                        .isBetween(0L, 6_000L);
                Poll.pause(Duration.ofSeconds(1));
            }
            assertThat(gauge(fastPort, "rowsInserted", db + ".busy")).isPositive();

            // between two checkpoints 20 s apart nothing new becomes readable: freshness grows with the clock
            Poll.until(
                    "a first commit of the slow job", TIMEOUT, () -> gauge(slowPort, "freshnessMs", db + ".busy") >= 0);
            long commit = gauge(slowPort, "lastCommitTimestamp", db + ".busy");
            long first = gauge(slowPort, "freshnessMs", db + ".busy");
            Poll.pause(Duration.ofSeconds(4));
            long second = gauge(slowPort, "freshnessMs", db + ".busy");
            if (gauge(slowPort, "lastCommitTimestamp", db + ".busy") == commit) {
                assertThat(second - first)
                        .as("growth over 4 s without a commit")
                        .isBetween(3_000L, 6_000L);
            } else {
                // a checkpoint completed in between: the next 4 s lie within one checkpoint interval
                first = second;
                Poll.pause(Duration.ofSeconds(4));
                second = gauge(slowPort, "freshnessMs", db + ".busy");
                assertThat(second - first)
                        .as("growth over 4 s without a commit")
                        .isBetween(3_000L, 6_000L);
            }
            // the group's offsets are committed with the checkpoints; the lag shows once they are
            Poll.until(
                    "the busy table's Kafka lag: records of its partitions not yet in the lake",
                    TIMEOUT,
                    () -> gauge(slowPort, "kafkaLagRecords", db + ".busy") >= 0);
        } finally {
            writing.set(false);
            writer.join();
            ExamplePipeline.cancelQuietly(slow);
            ExamplePipeline.cancelQuietly(fast);
            ExamplePipeline.cancelQuietly(capture);
        }
    }

    private static ExamplePipeline ingest(KafkaServer kafka, String topic, int prometheusPort, String checkpoints)
            throws Exception {
        return ExamplePipeline.ingest(kafka, topic)
                .catalog(PaimonWarehouse.create().catalogOptions())
                .pipeline("execution.checkpointing.interval", checkpoints)
                .pipeline("metrics.reporter.prom.factory.class", REPORTER)
                .pipeline("metrics.reporter.prom.port", String.valueOf(prometheusPort));
    }

    /** A per-table metric of the scrape, {@link PrometheusScrape#ABSENT} while the scrape does not show it. */
    private static long gauge(int port, String metric, String table) {
        int dot = table.indexOf('.');
        return PrometheusScrape.table(port, metric, table.substring(0, dot), table.substring(dot + 1));
    }
}

package dev.cdclake.it.capture;

import dev.cdclake.it.e2e.ExamplePipeline;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.process.FreePorts;
import dev.cdclake.it.process.Poll;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * capture-job's per-table snapshot chunk metrics, scraped from the Prometheus reporter: ten rows in chunks of four are
 * three chunks, the last of them the one without an upper bound.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class SnapshotChunksMetricTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void chunksDoneArePerTable(MySqlServer mysql, KafkaServer kafka) throws Exception {
        String db = mysql.createDatabase("snapshot_chunks");
        StringBuilder rows = new StringBuilder("INSERT INTO " + db + ".t VALUES ");
        for (int id = 1; id <= 10; id++) {
            rows.append(id == 1 ? "" : ", ")
                    .append("(")
                    .append(id)
                    .append(", 'v")
                    .append(id)
                    .append("')");
        }
        mysql.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(10))", rows.toString());
        int port = FreePorts.next();
        JobClient capture = ExamplePipeline.capture(
                        mysql,
                        kafka,
                        db,
                        "chunks_" + UUID.randomUUID().toString().substring(0, 8))
                .source("scan.incremental.snapshot.chunk.size", "4")
                .pipeline(
                        "metrics.reporter.prom.factory.class",
                        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
                .pipeline("metrics.reporter.prom.port", String.valueOf(port))
                .start("capture-snapshot-chunks");
        try {
            Poll.until(
                    "the last chunk of " + db + ".t read",
                    TIMEOUT,
                    () -> metric(port, "snapshotLastChunkDone", db) == 1);
            Poll.until("three chunks counted", TIMEOUT, () -> metric(port, "snapshotChunksDone", db) == 3);
        } finally {
            ExamplePipeline.cancelQuietly(capture);
        }
    }

    /** The table's metric summed over the subtasks; -1 while the scrape does not show it. */
    private static long metric(int port, String name, String db) {
        String scrape;
        try (InputStream in =
                URI.create("http://127.0.0.1:" + port + "/metrics").toURL().openStream()) {
            scrape = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (Exception notYet) {
            return -1;
        }
        Matcher m = Pattern.compile("(?m)^flink_taskmanager_job_task_operator_database_table_" + name
                        + "\\{(?=[^}]*database=\"" + db + "\")(?=[^}]*table=\"t\")[^}]*\\} (\\S+)$")
                .matcher(scrape);
        long sum = -1;
        while (m.find()) {
            sum = Math.max(sum, 0) + (long) Double.parseDouble(m.group(1));
        }
        return sum;
    }
}

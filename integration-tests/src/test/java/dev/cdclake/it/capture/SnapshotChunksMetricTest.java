package dev.cdclake.it.capture;

import dev.cdclake.it.e2e.ExamplePipeline;
import dev.cdclake.it.fixtures.PrometheusScrape;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.process.FreePorts;
import dev.cdclake.it.process.Poll;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;

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
                    () -> PrometheusScrape.table(port, "snapshotLastChunkDone", db, "t") == 1);
            Poll.until(
                    "three chunks counted",
                    TIMEOUT,
                    () -> PrometheusScrape.table(port, "snapshotChunksDone", db, "t") == 3);
        } finally {
            ExamplePipeline.cancelQuietly(capture);
        }
    }
}

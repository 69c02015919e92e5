package dev.cdclake.it.e2e;

import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.process.FreePorts;
import dev.cdclake.it.process.Poll;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.annotation.Nullable;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job started as {@code java -jar} starts it, with {@code pipeline.rest.port}, serves Flink's web UI and REST API on
 * that port, and none of its pages shows the MySQL password.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class WebUiTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void theWebUiOpensOnTheNamedPortAndShowsNoSecret(MySqlServer mysql, KafkaServer kafka) throws Exception {
        String db = mysql.createDatabase("web_ui");
        mysql.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY)");
        int port = FreePorts.next();
        String topic = "web_ui_" + UUID.randomUUID().toString().substring(0, 8);
        JobClient job = ExamplePipeline.capture(mysql, kafka, db, topic)
                .pipeline("rest.port", String.valueOf(port))
                .start("capture-web-ui");
        try {
            String base = "http://127.0.0.1:" + port;
            Poll.until("the web UI on port " + port, TIMEOUT, () -> get(base + "/") != null);
            assertThat(get(base + "/")).contains("<html");
            String jobId = job.getJobID().toHexString();
            Poll.until("the job in the REST API", TIMEOUT, () -> {
                String overview = get(base + "/jobs/overview");
                return overview != null && overview.contains(jobId);
            });
            for (String page : List.of(
                    "/jobs/overview",
                    "/jobs/" + jobId,
                    "/jobs/" + jobId + "/config",
                    "/jobs/" + jobId + "/plan",
                    "/jobmanager/config",
                    "/taskmanagers")) {
                String body = get(base + page);
                assertThat(body).as(page).isNotNull().doesNotContain(mysql.cdcPassword());
            }
        } finally {
            ExamplePipeline.cancelQuietly(job);
        }
    }

    @Nullable
    private static String get(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(1_000);
            c.setReadTimeout(5_000);
            if (c.getResponseCode() != 200) {
                return null;
            }
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return null;
        }
    }
}

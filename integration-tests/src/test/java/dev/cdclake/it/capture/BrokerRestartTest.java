package dev.cdclake.it.capture;

import dev.cdclake.it.fixtures.RandomWorkload;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.LocalKafkaBroker;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.process.Poll;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka broker is restarted while capture-job streams a random workload: the producer's retries or a failover from
 * the last checkpoint carry every change through, and replaying the topic gives exactly the MySQL table.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class BrokerRestartTest {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerRestartTest.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @Test
    void brokerRestartLosesNoChange(MySqlServer mysql, LocalKafkaBroker kafka) throws Exception {
        String db = mysql.createDatabase("capture_broker_restart");
        RandomWorkload.createTable(mysql, db);
        String topic = "broker_restart_" + UUID.randomUUID().toString().substring(0, 8);
        long seed = new Random().nextLong();
        LOG.info("Random workload with seed {}", seed);
        RandomWorkload workload = new RandomWorkload(mysql, db + ".t", seed);
        Thread writer = new Thread(workload, "random-workload");
        JobClient job = CapturePipeline.fromExample("pipeline1-minimal.yaml", mysql, kafka)
                .source("tables", db + ".\\.*")
                .source("server-id", null)
                .sink("topic", topic)
                .pipeline("restart-strategy.type", "fixed-delay")
                .pipeline("restart-strategy.fixed-delay.attempts", "20")
                .pipeline("restart-strategy.fixed-delay.delay", "2s")
                .start("capture-broker-restart");
        try {
            TopicReader.await(kafka, topic, "the snapshot", TIMEOUT, r -> r.size() >= RandomWorkload.INITIAL_ROWS);
            writer.start();
            Poll.until(
                    "changes before the restart",
                    TIMEOUT,
                    () -> workload.committedRowChanges() >= 40,
                    workload::failure);
            long atRestart = workload.committedRowChanges();
            kafka.restart();
            LOG.info("Broker restarted after {} row changes", atRestart);
            Poll.until(
                    "changes after the restart",
                    TIMEOUT,
                    () -> workload.committedRowChanges() >= atRestart + 40,
                    workload::failure);
            workload.stop();
            writer.join(TIMEOUT.toMillis());
            assertThat(workload.failure()).isNull();

            Map<String, Map<String, String>> source = SourceRows.read(mysql, db, "t", "id", RandomWorkload.COLUMNS);
            long expected = RandomWorkload.INITIAL_ROWS + workload.committedRowChanges();
            List<ConsumerRecord<String, String>> records = TopicReader.await(
                    kafka,
                    topic,
                    "a replay equal to MySQL (seed " + seed + ")",
                    TIMEOUT,
                    r -> r.size() >= expected
                            && CapturedChange.replay(CapturedChange.parseAll(r), "t", "id", RandomWorkload.COLUMNS)
                                    .equals(source));
            LOG.info("{} records for {} row changes across a broker restart", records.size(), expected);
        } finally {
            workload.stop();
            writer.join(TIMEOUT.toMillis());
            CapturePipeline.cancelQuietly(job);
            kafka.ensureRunning();
        }
    }
}

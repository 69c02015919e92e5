package dev.cdclake.it.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A real Kafka 4 broker works with the connector's kafka-clients 3.4 and keeps its records across restarts. */
@ExtendWith(KafkaExtension.class)
class KafkaBrokerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void producedRecordIsConsumed(KafkaServer kafka) {
        kafka.createTopic("it-smoke", 2);
        kafka.produce("it-smoke", "k1", "hello");

        List<ConsumerRecord<String, String>> records = kafka.consume("it-smoke", 1, TIMEOUT);

        assertThat(records)
                .extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(tuple("k1", "hello"));
    }

    @Test
    void recordsSurviveRestartAndKill(LocalKafkaBroker broker) {
        broker.createTopic("it-restart", 1);
        broker.produce("it-restart", "k", "before-restart");
        String address = broker.bootstrapServers();

        broker.restart();
        assertThat(broker.bootstrapServers()).isEqualTo(address);
        assertThat(broker.consume("it-restart", 1, TIMEOUT))
                .extracting(ConsumerRecord::value)
                .containsExactly("before-restart");

        broker.kill();
        assertThat(broker.isRunning()).isFalse();
        broker.restart();
        broker.produce("it-restart", "k", "after-kill");

        assertThat(broker.consume("it-restart", 2, TIMEOUT))
                .extracting(ConsumerRecord::value)
                .containsExactly("before-restart", "after-kill");
    }
}

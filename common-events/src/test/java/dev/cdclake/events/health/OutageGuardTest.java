package dev.cdclake.events.health;

import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutageGuardTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final AtomicInteger asked = new AtomicInteger();

    @Test
    void aRecentCheckpointAsksNoPart() {
        OutageGuard guard = new OutageGuard(List.of(part("Kafka at b:9092", null)), TIMEOUT, INTERVAL);

        guard.onRestart(System.currentTimeMillis() - TIMEOUT.toMillis());

        assertThat(asked).hasValue(0);
    }

    @Test
    void aPartAwayLongerThanTheTimeoutPlusTheIntervalEndsTheJobNamingIt() {
        OutageGuard guard = new OutageGuard(
                List.of(
                        part("MySQL at m:3306", null),
                        part("Kafka at b:9092", new ConnectException("Connection refused"))),
                TIMEOUT,
                INTERVAL);
        long lastCheckpoint = System.currentTimeMillis()
                - TIMEOUT.plus(INTERVAL).plusSeconds(1).toMillis();

        assertThatThrownBy(() -> guard.onRestart(lastCheckpoint))
                .isInstanceOf(SuppressRestartsException.class)
                .cause()
                .hasMessageStartingWith(
                        "Kafka at b:9092 does not answer (java.net.ConnectException: Connection refused),"
                                + " and the job has completed no checkpoint since ")
                .hasMessageContaining("more than pipeline outage.timeout PT5M plus the checkpoint interval");
        assertThat(asked).hasValue(2);
    }

    @Test
    void partsThatAllAnswerLetTheJobRestart() {
        OutageGuard guard = new OutageGuard(List.of(part("MySQL at m:3306", null)), TIMEOUT, INTERVAL);

        guard.onRestart(System.currentTimeMillis() - Duration.ofHours(1).toMillis());

        assertThat(asked).hasValue(1);
    }

    @Test
    void noCheckpointYetIsNoOutage() {
        new OutageGuard(List.of(part("Kafka at b:9092", new ConnectException())), TIMEOUT, INTERVAL).onRestart(0);

        assertThat(asked).hasValue(0);
    }

    private PartProbe part(String name, Exception failure) {
        return new PartProbe() {
            @Override
            public String describe() {
                return name;
            }

            @Override
            public void probe() throws Exception {
                asked.incrementAndGet();
                if (failure != null) {
                    throw failure;
                }
            }
        };
    }
}

package dev.cdclake.ingest.paimon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Asks the source for its lag every {@link #PERIOD} on a thread of its own, hands the answers on, and keeps the
 * source's state: a source that stops answering is logged once when it goes away and once when it is back (not at
 * every retry), and {@link #check} fails the job, without restarts, when it has been away for longer than the outage
 * timeout. A reader that cannot reach its brokers never fails on its own: this is what ends such a job.
 */
final class SourceWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SourceWatch.class);
    static final Duration PERIOD = Duration.ofSeconds(5);

    private final SourceLag source;
    private final Duration outageTimeout;
    private final Consumer<Map<String, Long>> lag;
    private final ScheduledExecutorService executor;

    /** When the source stopped answering, or 0 while it answers. */
    private volatile long awaySince;

    @Nullable
    private volatile Exception lastFailure;

    SourceWatch(SourceLag source, Duration outageTimeout, Consumer<Map<String, Long>> lag, String threadName) {
        this.source = source;
        this.outageTimeout = outageTimeout;
        this.lag = lag;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::probe, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void probe() {
        try {
            Map<String, Long> byChannel = source.lag();
            if (awaySince != 0) {
                LOG.info(
                        "{} answers again after {} s",
                        source.describe(),
                        (System.currentTimeMillis() - awaySince) / 1000);
                awaySince = 0;
            }
            lag.accept(byChannel);
        } catch (Exception e) {
            lastFailure = e;
            if (awaySince == 0) {
                awaySince = System.currentTimeMillis();
                LOG.warn(
                        "{} does not answer ({}); asking every {} s, the job fails if it stays away for {}"
                                + " (pipeline outage.timeout)",
                        source.describe(),
                        e.toString(),
                        PERIOD.toSeconds(),
                        outageTimeout);
            }
        }
    }

    /**
     * @throws SourceAwayException when the source has been away for longer than the outage timeout
     */
    void check() {
        long since = awaySince;
        if (since != 0 && System.currentTimeMillis() - since > outageTimeout.toMillis()) {
            throw new SourceAwayException(
                    String.format(
                            "%s has not answered for %d s, longer than pipeline outage.timeout (%s): giving up;"
                                    + " the last error: %s",
                            source.describe(), (System.currentTimeMillis() - since) / 1000, outageTimeout, lastFailure),
                    lastFailure);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        source.close();
    }

    /** A source that stayed away. */
    static final class SourceAwayException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SourceAwayException(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }
}

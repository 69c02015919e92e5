package dev.cdclake.it.process;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for a condition with a deadline, instead of sleeping a guessed time. */
public final class Poll {

    private static final long INTERVAL_MILLIS = 50;

    private Poll() {}

    /**
     * Polls {@code condition} until it holds.
     *
     * @param failure checked before each poll; a non-null message ends the wait at once with that message (for
     *     example "the server process died")
     * @throws IllegalStateException when {@code timeout} passes first, with {@code what} and the last failure text
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String failed = failure.get();
            if (failed != null) {
                throw new IllegalStateException("Gave up waiting for " + what + ": " + failed);
            }
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("Timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(INTERVAL_MILLIS); // poll interval, not synchronisation: the deadline bounds the wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
        }
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition, () -> null);
    }

    /**
     * Lets {@code time} pass: the pace of a workload, or the interval a measurement spans. Never a wait for something
     * to happen; that is {@link #until}.
     */
    public static void pause(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while letting " + time + " pass", e);
        }
    }
}

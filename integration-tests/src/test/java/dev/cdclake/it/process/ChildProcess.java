package dev.cdclake.it.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server process (mariadbd, a Kafka JVM, ...) started by the tests that can never outlive the test JVM.
 *
 * <p>The command runs under a small {@code /bin/sh} watchdog: the watchdog keeps the read end of a pipe whose write
 * end only this JVM holds, and SIGKILLs the server when that pipe reaches EOF. The kernel closes the pipe however the
 * JVM ends (normal exit, SIGTERM, SIGKILL, crash), so no orphan survives a test run. A JVM shutdown hook additionally
 * stops live processes gracefully when it gets the chance. Output of the server goes to {@link #logFile()}.
 */
public final class ChildProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);

    /**
     * $1 is the log file, the rest the command. The server gets /dev/null as stdin and the watchdog pipe closed; a
     * builtin read loop (no extra process) waits for EOF on the pipe, then kills the server.
     */
    private static final String WATCHDOG_SCRIPT = "log=$1; shift\n"
            + "exec 3<&0\n"
            + "\"$@\" </dev/null 3<&- >>\"$log\" 2>&1 &\n"
            + "child=$!\n"
            + "echo \"$child\"\n"
            + "{ while read -r _ <&3; do :; done; kill -KILL \"$child\" 2>/dev/null; } >/dev/null 2>&1 &\n"
            + "watcher=$!\n"
            + "wait \"$child\"\n"
            + "rc=$?\n"
            + "kill \"$watcher\" 2>/dev/null\n"
            + "exit \"$rc\"\n";

    private static final Duration SHUTDOWN_HOOK_GRACE = Duration.ofSeconds(10);
    private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::stopAllLive, "it-child-process-reaper"));
    }

    private final String name;
    private final Process watchdog;
    private final long pid;
    /** Null when the command had already ended by the time its pid was read (a fast-failing tool). */
    @Nullable
    private final ProcessHandle server;

    private final Path logFile;

    private ChildProcess(String name, Process watchdog, long pid, @Nullable ProcessHandle server, Path logFile) {
        this.name = name;
        this.watchdog = watchdog;
        this.pid = pid;
        this.server = server;
        this.logFile = logFile;
    }

    private void signal(boolean force) {
        if (server != null) {
            if (force) {
                server.destroyForcibly();
            } else {
                server.destroy();
            }
        }
    }

    /** Starts {@code command} in the background; its stdout and stderr are appended to {@code logFile}. */
    public static ChildProcess start(String name, List<String> command, Path logFile) {
        List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG_SCRIPT, "watchdog", logFile.toString()));
        shell.addAll(command);
        try {
            Files.createDirectories(logFile.getParent());
            Process watchdog = new ProcessBuilder(shell)
                    .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            long pid = readServerPid(watchdog, name, logFile);
            // an absent handle means the command already ended; its exit code still arrives through the watchdog
            ProcessHandle server = ProcessHandle.of(pid).orElse(null);
            ChildProcess process = new ChildProcess(name, watchdog, pid, server, logFile);
            LIVE.add(process);
            watchdog.onExit().thenRun(() -> LIVE.remove(process));
            LOG.info("Started {} (pid {}), output in {}", name, pid, logFile);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name + ": " + command.get(0), e);
        }
    }

    /**
     * Runs a short-lived command to completion (an installer, a formatter) under the same watchdog.
     *
     * @throws IllegalStateException with the tail of the log when it fails or does not finish within {@code timeout}
     */
    public static void runToCompletion(String name, List<String> command, Path logFile, Duration timeout) {
        ChildProcess process = start(name, command, logFile);
        int exitCode;
        try {
            exitCode = process.watchdog
                    .onExit()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .exitValue();
        } catch (TimeoutException e) {
            process.kill();
            throw new IllegalStateException(
                    name + " did not finish within " + timeout + ", see " + logFile + ":\n" + process.logTail(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.kill();
            throw new IllegalStateException("Interrupted while waiting for " + name, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not wait for " + name, e);
        } finally {
            process.closeWatchdogPipe();
        }
        if (exitCode != 0) {
            throw new IllegalStateException(
                    name + " failed with exit code " + exitCode + ", see " + logFile + ":\n" + process.logTail(30));
        }
    }

    private static long readServerPid(Process watchdog, String name, Path logFile) throws IOException {
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(watchdog.getInputStream(), StandardCharsets.US_ASCII));
        String line = reader.readLine();
        if (line == null) {
            throw new IllegalStateException("The process watchdog of " + name + " ended early, see " + logFile);
        }
        return Long.parseLong(line.trim());
    }

    public String name() {
        return name;
    }

    public long pid() {
        return pid;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return watchdog.isAlive();
    }

    /** SIGTERM, then SIGKILL if the process has not ended within {@code grace}. Returns once it has ended. */
    public void stop(Duration grace) {
        if (isAlive()) {
            signal(false);
            if (!awaitExit(grace)) {
                LOG.warn("{} (pid {}) did not stop within {}: SIGKILL", name, pid(), grace);
                signal(true);
                awaitExit(Duration.ofSeconds(30));
            }
        }
        closeWatchdogPipe();
    }

    /** SIGKILL: the process gets no chance to clean up, like a crash. Returns once it has ended. */
    public void kill() {
        if (isAlive()) {
            signal(true);
            awaitExit(Duration.ofSeconds(30));
        }
        closeWatchdogPipe();
    }

    /** The last {@code lines} lines of the log, for error messages. */
    public String logTail(int lines) {
        return LogFiles.tail(logFile, lines);
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return watchdog.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Closes this JVM's end of the watchdog pipe, as the kernel does when the JVM dies: the watchdog kills the server.
     */
    void closeWatchdogPipe() {
        try {
            watchdog.getOutputStream().close();
            watchdog.getInputStream().close();
        } catch (IOException e) {
            LOG.debug("Closing the watchdog pipe of {} failed", name, e);
        }
        LIVE.remove(this);
    }

    private static void stopAllLive() {
        List<ChildProcess> live = new ArrayList<>(LIVE);
        if (live.isEmpty()) {
            return;
        }
        // Logging may already be shut down here, hence stderr.
        System.err.println("Stopping test servers left running: " + live);
        live.forEach(p -> p.signal(false));
        long deadline = System.nanoTime() + SHUTDOWN_HOOK_GRACE.toNanos();
        for (ChildProcess p : live) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!p.awaitExit(Duration.ofNanos(left))) {
                p.signal(true);
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid + ")";
    }
}

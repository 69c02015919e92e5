package dev.cdclake.it.process;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Server processes end when told to, and when the test JVM goes away. */
class ChildProcessTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void stopEndsTheServerAndKeepsItsOutput() {
        Path log = WorkDirs.newTempDir("child-process").resolve("out.log");
        ChildProcess process =
                ChildProcess.start("sleeper", List.of("/bin/sh", "-c", "echo started; exec sleep 600"), log);
        Poll.until("the sleeper's output", TIMEOUT, () -> LogFiles.contains(log, "started"));
        ProcessHandle server = ProcessHandle.of(process.pid()).orElseThrow();

        process.stop(TIMEOUT);

        assertThat(process.isAlive()).isFalse();
        assertThat(server.isAlive()).isFalse();
    }

    @Test
    void serverDiesWhenTheWatchdogPipeCloses() {
        Path log = WorkDirs.newTempDir("child-process").resolve("out.log");
        ChildProcess process = ChildProcess.start("orphan-candidate", List.of("sleep", "600"), log);
        ProcessHandle server = ProcessHandle.of(process.pid()).orElseThrow();
        assertThat(server.isAlive()).isTrue();

        // what the kernel does to the pipe when this JVM dies, however it dies
        process.closeWatchdogPipe();

        Poll.until("the server to die with its watchdog pipe", TIMEOUT, () -> !server.isAlive());
        Poll.until("the watchdog to end", TIMEOUT, () -> !process.isAlive());
    }

    @Test
    void failedCommandReportsExitCodeAndOutput() {
        Path log = WorkDirs.newTempDir("child-process").resolve("out.log");

        assertThatThrownBy(() -> ChildProcess.runToCompletion(
                        "failing-tool", List.of("/bin/sh", "-c", "echo 'bad option' >&2; exit 3"), log, TIMEOUT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failing-tool failed with exit code 3")
                .hasMessageContaining("bad option");
    }
}

package dev.cdclake.it.sandbox;

import dev.cdclake.it.kafka.LocalKafkaBroker;
import dev.cdclake.it.process.WorkDirs;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the local sandbox as users do ({@code --keep-running} in its own JVM), waits until it is ready, presses Ctrl-C
 * (SIGINT) and checks that every process it started — MariaDB, the Kafka broker and their watchdogs — is gone.
 */
class LocalSandboxTest {

    @Test
    void ctrlCStopsEverythingTheSandboxStarted() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        // the JDK module flags this JVM got, which Flink needs as much in the sandbox
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports"))
                .collect(Collectors.toList()));
        command.add("-D" + WorkDirs.WORK_DIR_PROPERTY + "=" + WorkDirs.newTempDir("sandbox"));
        command.add("-D" + LocalKafkaBroker.BROKER_LIB_PROPERTY + "="
                + System.getProperty(LocalKafkaBroker.BROKER_LIB_PROPERTY));
        command.add("-Dlog4j2.configurationFile=sandbox-log4j2.properties");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LocalSandbox.class.getName());
        command.add("--keep-running");
        Process sandbox = new ProcessBuilder(command).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(
                            new InputStreamReader(sandbox.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            lines.add(line);
                        }
                    } catch (Exception ignored) {
                        // the process ended
                    }
                },
                "sandbox-output");
        reader.setDaemon(true);
        reader.start();
        try {
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            boolean ready = false;
            while (!ready && System.nanoTime() - deadline < 0 && sandbox.isAlive()) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    seen.add(line);
                    ready = line.startsWith("[sandbox] ready");
                }
            }
            assertThat(ready)
                    .as("the sandbox got ready; it printed:\n%s", String.join("\n", seen))
                    .isTrue();
            assertThat(seen).anyMatch(l -> l.contains("\"phone_number\":\"1234\"") && l.contains("\"op\":\"u\""));
            assertThat(seen).anyMatch(l -> l.contains("\"type\":\"UPDATE\""));
            assertThat(seen).anyMatch(l -> l.contains("id=4") && l.contains("phone_number=1234"));

            List<ProcessHandle> started = sandbox.descendants().collect(Collectors.toList());
            assertThat(started).as("MariaDB, Kafka and their watchdogs").hasSizeGreaterThanOrEqualTo(2);
            new ProcessBuilder("kill", "-INT", String.valueOf(sandbox.pid()))
                    .start()
                    .waitFor();
            assertThat(sandbox.waitFor(90, TimeUnit.SECONDS))
                    .as("the sandbox ended after Ctrl-C")
                    .isTrue();
            long orphansDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (started.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() - orphansDeadline < 0) {
                Thread.sleep(200);
            }
            assertThat(started.stream()
                            .filter(ProcessHandle::isAlive)
                            .map(p -> p.pid() + " " + p.info().command().orElse("?"))
                            .collect(Collectors.toList()))
                    .as("processes left behind by the sandbox")
                    .isEmpty();
        } finally {
            sandbox.descendants().forEach(ProcessHandle::destroyForcibly);
            sandbox.destroyForcibly();
        }
    }
}

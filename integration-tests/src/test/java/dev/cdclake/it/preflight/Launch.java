package dev.cdclake.it.preflight;

import dev.cdclake.capture.CaptureJob;
import dev.cdclake.events.config.JobLauncher;
import dev.cdclake.ingest.IngestJob;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code --dry-run} of a job's command line, as {@code java -jar} runs it, with a configuration written to a file:
 * the exit code, what it printed to stderr and how long it took.
 */
final class Launch {
    final int exitCode;
    final String stderr;
    final Duration took;

    private Launch(int exitCode, String stderr, Duration took) {
        this.exitCode = exitCode;
        this.stderr = stderr;
        this.took = took;
    }

    /** A configuration: blocks of options, written as YAML. */
    static final class Config {
        private final Map<String, Map<String, String>> blocks = new LinkedHashMap<>();
        private String transform = "";

        Config set(String block, String key, String value) {
            blocks.computeIfAbsent(block, b -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        Config remove(String block, String key) {
            blocks.getOrDefault(block, new LinkedHashMap<>()).remove(key);
            return this;
        }

        Config setAll(String block, String prefix, Map<String, String> options) {
            options.forEach((k, v) -> set(block, prefix + k, v));
            return this;
        }

        /** One transform rule with primary keys. */
        Config transform(String sourceTable, String primaryKeys) {
            transform = "transform:\n  - source-table: '" + sourceTable + "'\n    primary-keys: " + primaryKeys + "\n";
            return this;
        }

        String yaml() {
            StringBuilder sb = new StringBuilder();
            blocks.forEach((block, options) -> {
                sb.append(block).append(":\n");
                options.forEach((k, v) -> sb.append("  ")
                        .append(k)
                        .append(": '")
                        .append(v.replace("'", "''"))
                        .append("'\n"));
            });
            return sb.append(transform).toString();
        }
    }

    static Launch capture(Config config, Path dir) throws Exception {
        return run(CaptureJob.launcher(), config, dir);
    }

    static Launch ingest(Config config, Path dir) throws Exception {
        return run(IngestJob.launcher(), config, dir);
    }

    private static Launch run(JobLauncher launcher, Config config, Path dir) throws Exception {
        Path file = Files.createTempFile(dir, "pipeline", ".yaml");
        Files.writeString(file, config.yaml());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int code;
        try (PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = launcher.execute(new String[] {"--config", file.toString(), "--dry-run"}, stream);
        }
        return new Launch(code, err.toString(StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + " after " + took.toMillis() + " ms: " + stderr;
    }
}

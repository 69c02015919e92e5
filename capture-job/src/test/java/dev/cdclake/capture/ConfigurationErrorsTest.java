package dev.cdclake.capture;

import dev.cdclake.events.config.JobLauncher;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A misspelt option of any block or format of capture-job ends the program the same way, before anything connects:
 * one line naming the key and its closest valid spelling, exit code 2, no stack trace.
 */
class ConfigurationErrorsTest {
    private static final String SOURCE =
            "source:\n  type: mysql\n  hostname: localhost\n  username: u\n" + "  password: p\n  tables: db.t\n";
    private static final String SINK = "sink:\n  type: kafka\n  properties.bootstrap.servers: localhost:9092\n";

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "source|scan.startup.mod: initial|Unknown option 'source.scan.startup.mod': did you mean "
                        + "'scan.startup.mode'?",
                "sink|partition.strategy: hash_by_key|sink.partition.strategy = 'hash_by_key' is not one of"
                        + " [all-to-zero, hash-by-key]: did you mean 'hash-by-key'?",
                "sink|debezium-json.include-schema.enable: true|Unknown option "
                        + "'sink.debezium-json.include-schema.enable':"
                        + " did you mean 'debezium-json.include-schema.enabled'?",
                "sink|canal-json.encode.ignore-null-fields: true|Option 'sink.canal-json.encode.ignore-null-fields'"
                        + " configures the 'canal-json' format, which this block does not use",
                "pipeline|parallelizm: 2|Unknown option 'pipeline.parallelizm': did you mean 'parallelism'?",
                "pipeline|execution.checkpointing.unaligned.enabled: true|pipeline.execution.checkpointing.unaligned"
                        + ".enabled is true, but capture-job needs aligned checkpoints (the binlog is read once"
            })
    void oneLineNamingTheKeyAndExitCode2(String block, String line, String expected, @TempDir Path dir)
            throws Exception {
        String yaml = SOURCE + SINK;
        yaml = block.equals("pipeline")
                ? yaml + "pipeline:\n  " + line + "\n"
                : yaml.replace(block + ":\n", block + ":\n  " + line + "\n");
        Path config = Files.writeString(dir.resolve("pipeline.yaml"), yaml);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CaptureJob.launcher()
                .execute(
                        new String[] {"--config", config.toString()},
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(JobLauncher.CONFIGURATION_ERROR);
        assertThat(printed)
                .startsWith("capture-job: ")
                .contains(expected)
                .doesNotContain("Exception")
                .hasLineCount(1);
    }
}

package dev.cdclake.ingest;

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
 * A misspelt option of any block or format of ingest-job ends the program the same way, before anything connects:
 * one line naming the key and its closest valid spelling, exit code 2, no stack trace.
 */
class ConfigurationErrorsTest {
    private static final String SOURCE =
            "source:\n  type: kafka\n  properties.bootstrap.servers: localhost:9092\n" + "  topic: inventory\n";
    private static final String TRANSFORM = "transform:\n  - source-table: \\.*.\\.*\n";
    private static final String SINK = "sink:\n  type: paimon\n  catalog.properties.warehouse: /tmp/lake\n";

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "source|scan.startup.mod: earliest-offset|Unknown option 'source.scan.startup.mod': did you mean"
                        + " 'scan.startup.mode'?",
                "source|debezium-json.distributed-table: true|Unknown option 'source.debezium-json.distributed-table':"
                        + " did you mean 'debezium-json.distributed-tables'?",
                "source|value.format: canal_json|source.value.format = 'canal_json' is not one of [debezium-json,"
                        + " canal-json, json]: did you mean 'canal-json'?",
                "transform|primary-key: id|Unknown option 'transform[1].primary-key': did you mean 'primary-keys'?",
                "transform|filter: age >|cannot parse filter 'age >'",
                "transform|projection: 'id, UPPER(name)'|Projection item 'UPPER(`name`)' of 'id, UPPER(name)' has no",
                "sink|commit.usr: me|Unknown option 'sink.commit.usr': did you mean 'commit.user'?",
                "sink|type-mapping.time: clock|sink.type-mapping.time = 'clock' is not one of [bigint-micros, time]",
                "sink|commit.threads: 0|sink.commit.threads is 0; write how many tables commit at once, 1 or more",
                "sink|writer.idle-timeout: soon|sink.writer.idle-timeout",
                "route|sink-tabel: ods.orders|Unknown option 'route[1].sink-tabel': did you mean 'sink-table'?",
                "route|sink-table: ods|Invalid route rule #1",
                "pipeline|schema.change.behavior: evolv|pipeline.schema.change.behavior",
                "pipeline|parallelizm: 2|Unknown option 'pipeline.parallelizm': did you mean 'parallelism'?",
                "pipeline|outage.timeout: 0s|pipeline.outage.timeout is 0s; write a positive duration",
                "pipeline|outage.timeout: soon|pipeline.outage.timeout",
                "pipeline|execution.checkpointing.unaligned.enabled: true|pipeline.execution.checkpointing.unaligned"
                        + ".enabled is true, but the Paimon sink needs aligned checkpoints",
                "pipeline|execution.checkpointing.mode: AT_LEAST_ONCE|pipeline.execution.checkpointing.mode is"
                        + " AT_LEAST_ONCE, but the Paimon sink needs exactly-once checkpoints"
            })
    void oneLineNamingTheKeyAndExitCode2(String block, String line, String expected, @TempDir Path dir)
            throws Exception {
        String yaml = SOURCE + TRANSFORM + SINK;
        if (block.equals("pipeline")) {
            yaml = yaml + "pipeline:\n  " + line + "\n";
        } else if (block.equals("transform")) {
            yaml = yaml.replace(TRANSFORM, TRANSFORM + "    " + line + "\n");
        } else if (block.equals("route")) {
            yaml = yaml + "route:\n  - source-table: a.b\n    " + line + "\n";
        } else {
            yaml = yaml.replace(block + ":\n", block + ":\n  " + line + "\n");
        }
        Path config = Files.writeString(dir.resolve("pipeline.yaml"), yaml);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = IngestJob.launcher()
                .execute(
                        new String[] {"--config", config.toString()},
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(JobLauncher.CONFIGURATION_ERROR);
        assertThat(printed)
                .startsWith("ingest-job: ")
                .contains(expected)
                .doesNotContain("Exception")
                .hasLineCount(1);
    }
}

package dev.cdclake.events.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineDefinitionLoaderTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    private static final Map<String, String> PIPELINE1_VALUES = Map.of(
            "secret_values.mysql.hostname", "127.0.0.1",
            "mysql.port", "3306",
            "secret_values.mysql.username", "cdc",
            "secret_values.mysql.password", "s3cret",
            "kafka.bootstraps.server", "127.0.0.1:9092");

    @Test
    void referencePipeline1MinimalLoadsUnchanged() throws Exception {
        PipelineDefinition d = load("pipeline1-minimal.yaml", PIPELINE1_VALUES);
        assertThat(d.source())
                .containsEntry("type", "mysql")
                .containsEntry("hostname", "127.0.0.1")
                .containsEntry("port", "3306")
                .containsEntry("password", "s3cret")
                .containsEntry("tables", "kafka_test\\.\\*")
                .containsEntry("server-id", "8601-8604");
        assertThat(d.sink())
                .containsEntry("properties.enable.idempotence", "false")
                .containsEntry("properties.bootstrap.servers", "127.0.0.1:9092");
        assertThat(d.transforms()).isEmpty();
        assertThat(d.describe()).doesNotContain("s3cret").contains("source.password = ******");
    }

    @Test
    void referencePipeline1FullLoadsUnchanged() throws Exception {
        PipelineDefinition d = load("pipeline1-full.yaml", PIPELINE1_VALUES);
        assertThat(d.source())
                .containsEntry("metadata-column.include-list", "op_ts")
                .containsEntry("scan.newly-added-table.enabled", "true");
        assertThat(d.sink())
                .containsEntry(
                        "sink.tableId-to-topic.mapping", "kafka_test.customers:customers;kafka_test.products:products");
    }

    @Test
    void referencePipeline2LoadsWithItsTransform() throws Exception {
        PipelineDefinition d = load("pipeline2.yaml", Map.of("kafka.bootstrap.servers", "k:9092"));
        assertThat(d.transforms()).hasSize(1);
        assertThat(d.transforms().get(0))
                .containsEntry("source-table", "\\.*.\\.*")
                .containsEntry("projection", "\\*")
                .containsEntry("primary-keys", "id");
        assertThat(d.sink())
                .containsEntry("catalog.properties.token.provider", "dlf")
                .containsEntry("table.properties.deletion-vectors.enabled", "true");
    }

    @Test
    void secretsFileYamlAndProperties(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("secrets.yaml");
        Files.writeString(yaml, "secret_values:\n  mysql:\n    password: pw1\n");
        assertThat(PipelineDefinitionLoader.loadSecrets(yaml)).containsEntry("secret_values.mysql.password", "pw1");
        Path props = dir.resolve("secrets.properties");
        Files.writeString(props, "secret_values.mysql.password=pw2\n");
        assertThat(PipelineDefinitionLoader.loadSecrets(props)).containsEntry("secret_values.mysql.password", "pw2");

        Path config = dir.resolve("p.yaml");
        Files.writeString(config, "source:\n  password: ${secret_values.mysql.password}\nsink:\n  type: kafka\n");
        PipelineDefinition d = PipelineDefinitionLoader.load(
                JobArguments.parse("--config", config.toString(), "--secrets", yaml.toString()), Map.of());
        assertThat(d.source()).containsEntry("password", "pw1");
        d = PipelineDefinitionLoader.load(
                JobArguments.parse(
                        "--config",
                        config.toString(),
                        "--secrets",
                        yaml.toString(),
                        "--set",
                        "secret_values.mysql.password=pw3"),
                Map.of());
        assertThat(d.source()).containsEntry("password", "pw3");
    }

    @Test
    void malformedSecretsFileDoesNotEchoItsContent(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("secrets.yaml");
        Files.writeString(yaml, "password: [topsecret\n");
        assertThatThrownBy(() -> PipelineDefinitionLoader.loadSecrets(yaml))
                .hasMessageContaining("not valid YAML")
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void unresolvedPlaceholderFailsBeforeAnythingRuns() {
        assertThatThrownBy(() -> load("pipeline1-minimal.yaml", Map.of()))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("${secret_values.mysql.hostname}")
                .hasMessageContaining("source.hostname");
    }

    @Test
    void structuralErrors() {
        PlaceholderResolver none = new PlaceholderResolver(Map.of(), Map.of(), Map.of());
        assertThatThrownBy(() -> PipelineDefinitionLoader.parse("sourc:\n  a: b\nsink:\n  c: d\n", "p.yaml", none))
                .hasMessageContaining("Unknown top-level block 'sourc'")
                .hasMessageContaining("did you mean 'source'");
        assertThatThrownBy(() -> PipelineDefinitionLoader.parse("sink:\n  c: d\n", "p.yaml", none))
                .hasMessageContaining("no 'source' block");
        assertThatThrownBy(() -> PipelineDefinitionLoader.parse("source: [a\n", "p.yaml", none))
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> PipelineDefinitionLoader.parse(
                        "source:\n  a: b\nsink:\n  c: d\ntransform:\n  source-table: x\n", "p.yaml", none))
                .hasMessageContaining("must be a list of rules");
    }

    @Test
    void nestedMapsFlattenWithDots() {
        PlaceholderResolver none = new PlaceholderResolver(Map.of(), Map.of(), Map.of());
        PipelineDefinition d = PipelineDefinitionLoader.parse(
                "source:\n  properties:\n    bootstrap.servers: x:1\nsink:\n  type: kafka\n", "p.yaml", none);
        assertThat(d.source()).containsEntry("properties.bootstrap.servers", "x:1");
    }

    private static PipelineDefinition load(String example, Map<String, String> sets) throws Exception {
        String yaml = Files.readString(EXAMPLES.resolve(example));
        return PipelineDefinitionLoader.parse(yaml, example, new PlaceholderResolver(sets, Map.of(), Map.of()));
    }
}

package dev.cdclake.events.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobArgumentsTest {
    @Test
    void parsesAllFlags() {
        JobArguments a = JobArguments.parse(
                "--config", "p.yaml", "--secrets", "s.yaml", "--set", "a=b=c", "--set", "x=", "--dry-run");
        assertThat(a.configFile().toString()).isEqualTo("p.yaml");
        assertThat(a.secretsFile().toString()).isEqualTo("s.yaml");
        assertThat(a.sets()).containsEntry("a", "b=c").containsEntry("x", "");
        assertThat(a.dryRun()).isTrue();
        assertThat(JobArguments.parse("--help").help()).isTrue();
    }

    @Test
    void errorsExplainUsageAndNeverEchoSetValues() {
        assertThatThrownBy(JobArguments::parse).hasMessageContaining("--config FILE is required");
        assertThatThrownBy(() -> JobArguments.parse("--confg", "x")).hasMessageContaining("Unknown argument '--confg'");
        assertThatThrownBy(() -> JobArguments.parse("--config")).hasMessageContaining("--config needs a value");
        assertThatThrownBy(() -> JobArguments.parse("--config", "p", "--set", "=secret"))
                .hasMessageContaining("name=value");
    }
}

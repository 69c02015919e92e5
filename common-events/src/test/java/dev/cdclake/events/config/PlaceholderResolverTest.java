package dev.cdclake.events.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaceholderResolverTest {

    @Test
    void setWinsOverSecretsWinsOverEnvironment() {
        PlaceholderResolver r = new PlaceholderResolver(
                Map.of("a", "from-set"),
                Map.of("a", "from-secrets", "b", "from-secrets"),
                Map.of("A", "from-env", "B", "from-env", "C", "from-env"));
        assertThat(r.resolve("x", "${a}/${b}/${c}")).isEqualTo("from-set/from-secrets/from-env");
    }

    @Test
    void environmentNameUpperCasesAndReplacesDots() {
        assertThat(PlaceholderResolver.environmentName("secret_values.mysql.password"))
                .isEqualTo("SECRET_VALUES_MYSQL_PASSWORD");
        PlaceholderResolver r =
                new PlaceholderResolver(Map.of(), Map.of(), Map.of("SECRET_VALUES_MYSQL_PASSWORD", "pw"));
        assertThat(r.resolve("source.password", "${secret_values.mysql.password}"))
                .isEqualTo("pw");
    }

    @Test
    void textAroundPlaceholdersAndEscapesAreKept() {
        PlaceholderResolver r = new PlaceholderResolver(Map.of("h", "host", "p", "9092"), Map.of(), Map.of());
        assertThat(r.resolve("x", "${h}:${p},other:1")).isEqualTo("host:9092,other:1");
        assertThat(r.resolve("x", "literal $${h}")).isEqualTo("literal ${h}");
        assertThat(r.resolve("x", "no placeholder")).isEqualTo("no placeholder");
    }

    @Test
    void unresolvedPlaceholderNamesItAndTheThreeWaysToSupplyIt() {
        PlaceholderResolver r = new PlaceholderResolver(Map.of(), Map.of(), Map.of());
        assertThatThrownBy(() -> r.resolve("source.password", "${secret_values.mysql.password}"))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("${secret_values.mysql.password}")
                .hasMessageContaining("source.password")
                .hasMessageContaining("--set secret_values.mysql.password=VALUE")
                .hasMessageContaining("--secrets")
                .hasMessageContaining("SECRET_VALUES_MYSQL_PASSWORD");
        assertThatThrownBy(() -> r.resolve("x", "${unterminated")).hasMessageContaining("Unterminated");
    }
}

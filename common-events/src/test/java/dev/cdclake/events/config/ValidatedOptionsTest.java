package dev.cdclake.events.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.ExecutionCheckpointingOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidatedOptionsTest {
    enum Strategy {
        ALL_TO_ZERO("all-to-zero"),
        HASH_BY_KEY("hash-by-key");

        private final String spelling;

        Strategy(String spelling) {
            this.spelling = spelling;
        }

        @Override
        public String toString() {
            return spelling;
        }
    }

    static final ConfigOption<Integer> PORT = ConfigOptions.key("port").intType().defaultValue(3306);
    static final ConfigOption<String> PASSWORD = ConfigOptions.key("password").stringType().noDefaultValue();
    static final ConfigOption<Boolean> NEWLY = ConfigOptions.key("scan.newly-added-table.enabled")
            .booleanType().defaultValue(false);
    static final ConfigOption<Strategy> STRATEGY = ConfigOptions.key("partition.strategy")
            .enumType(Strategy.class).defaultValue(Strategy.ALL_TO_ZERO);
    static final ConfigOption<Duration> HEARTBEAT = ConfigOptions.key("heartbeat.interval")
            .durationType().defaultValue(Duration.ofSeconds(30));
    static final List<ConfigOption<?>> ALL = List.of(PORT, PASSWORD, NEWLY, STRATEGY, HEARTBEAT);

    @Test
    void typedValuesAndDefaults() {
        ValidatedOptions o = ValidatedOptions.validate("source",
                Map.of("port", "3307", "partition.strategy", "hash-by-key", "heartbeat.interval", "5s",
                        "properties.acks", "all"),
                ALL, List.of("properties."));
        assertThat(o.get(PORT)).isEqualTo(3307);
        assertThat(o.get(STRATEGY)).isEqualTo(Strategy.HASH_BY_KEY);
        assertThat(o.get(HEARTBEAT)).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.get(NEWLY)).isFalse();
        assertThat(o.withPrefix("properties.")).containsEntry("acks", "all");
    }

    @Test
    void enumSpellingIsCaseInsensitive() {
        ValidatedOptions o = ValidatedOptions.validate("sink", Map.of("partition.strategy", "HASH-BY-KEY"), ALL,
                List.of());
        assertThat(o.get(STRATEGY)).isEqualTo(Strategy.HASH_BY_KEY);
    }

    @Test
    void unknownKeySuggestsTheClosestAndListsValidKeys() {
        assertThatThrownBy(() -> ValidatedOptions.validate("source",
                Map.of("scan.newly-added-tables.enabled", "true"), ALL, List.of("properties.")))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("Unknown option 'source.scan.newly-added-tables.enabled'")
                .hasMessageContaining("did you mean 'scan.newly-added-table.enabled'?")
                .hasMessageContaining("heartbeat.interval")
                .hasMessageContaining("[properties.]");
    }

    @Test
    void wrongTypeNamesKeyValueAndWhatIsAccepted() {
        assertThatThrownBy(() -> ValidatedOptions.validate("source", Map.of("port", "abc"), ALL, List.of()))
                .hasMessageContaining("source.port = 'abc' is not an integer");
        assertThatThrownBy(() -> ValidatedOptions.validate("source",
                Map.of("scan.newly-added-table.enabled", "yes please"), ALL, List.of()))
                .hasMessageContaining("is not a boolean");
        assertThatThrownBy(() -> ValidatedOptions.validate("sink", Map.of("partition.strategy", "round-robin"), ALL,
                List.of()))
                .hasMessageContaining("sink.partition.strategy = 'round-robin' is not one of [all-to-zero, hash-by-key]");
        assertThatThrownBy(() -> ValidatedOptions.validate("source", Map.of("heartbeat.interval", "often"), ALL,
                List.of()))
                .hasMessageContaining("a duration");
    }

    @Test
    void missingRequiredOptionIsNamed() {
        ValidatedOptions o = ValidatedOptions.validate("source", Map.of(), ALL, List.of());
        assertThatThrownBy(() -> o.getRequired(PASSWORD)).hasMessageContaining("Missing required option 'source.password'");
    }

    @Test
    void secretsAreMasked() {
        assertThat(SecretMasker.isSensitive("password")).isTrue();
        assertThat(SecretMasker.isSensitive("catalog.properties.dlf.access-key-secret")).isTrue();
        assertThat(SecretMasker.isSensitive("catalog.properties.dlf.access-key-id")).isTrue();
        assertThat(SecretMasker.isSensitive("catalog.properties.token")).isTrue();
        assertThat(SecretMasker.isSensitive("properties.sasl.jaas.config")).isTrue();
        assertThat(SecretMasker.isSensitive("hostname")).isFalse();
        assertThat(SecretMasker.isSensitive("catalog.properties.token.provider")).isFalse();
        assertThat(SecretMasker.isSensitive("catalog.properties.dlf.security-token")).isTrue();
        assertThat(SecretMasker.mask(Map.of("password", "pw", "port", "1")))
                .containsEntry("password", SecretMasker.MASK).containsEntry("port", "1");
    }

    @Test
    void pipelineBlockAppliesFlinkKeysAndDefaultsCheckpointing() {
        Configuration conf = PipelineOptions.toFlinkConfiguration(Map.of("name", "x", "parallelism", "2"));
        assertThat(conf.get(ExecutionCheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
        assertThat(conf.get(org.apache.flink.configuration.CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(2);
        conf = PipelineOptions.toFlinkConfiguration(Map.of("execution.checkpointing.interval", "5s"));
        assertThat(conf.get(ExecutionCheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> PipelineOptions.toFlinkConfiguration(Map.of("execution.checkpointing.intervall", "5s")))
                .hasMessageContaining("did you mean 'execution.checkpointing.interval'");
        assertThatThrownBy(() -> PipelineOptions.toFlinkConfiguration(Map.of("parallelizm", "2")))
                .hasMessageContaining("did you mean 'parallelism'");
        assertThatThrownBy(() -> PipelineOptions.toFlinkConfiguration(Map.of("parallelism", "two")))
                .hasMessageContaining("pipeline.parallelism = 'two' is not an integer");
    }

    @Test
    void suggestionsIgnoreFarAwayWords() {
        assertThat(Suggestions.closest("zzzzzzzzzzzz", List.of("port", "hostname"))).isNull();
        assertThat(Suggestions.closest("hostnme", List.of("port", "hostname"))).isEqualTo("hostname");
    }
}

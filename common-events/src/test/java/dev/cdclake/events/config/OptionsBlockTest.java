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

/** Validation through a block's one declaration: every error one line naming key, value, what is accepted, a hint. */
class OptionsBlockTest {
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

    static final ConfigOption<Integer> PORT =
            ConfigOptions.key("port").intType().defaultValue(3306);
    static final ConfigOption<String> PASSWORD =
            ConfigOptions.key("password").stringType().noDefaultValue();
    static final ConfigOption<Boolean> NEWLY =
            ConfigOptions.key("scan.newly-added-table.enabled").booleanType().defaultValue(false);
    static final ConfigOption<Strategy> STRATEGY =
            ConfigOptions.key("partition.strategy").enumType(Strategy.class).defaultValue(Strategy.ALL_TO_ZERO);
    static final ConfigOption<Duration> HEARTBEAT =
            ConfigOptions.key("heartbeat.interval").durationType().defaultValue(Duration.ofSeconds(30));
    static final List<ConfigOption<?>> ALL = List.of(PORT, PASSWORD, NEWLY, STRATEGY, HEARTBEAT);
    static final ConfigOption<Boolean> INCLUDE_SCHEMA =
            ConfigOptions.key("include-schema.enabled").booleanType().defaultValue(false);
    static final ConfigOption<Boolean> IGNORE_NULLS =
            ConfigOptions.key("encode.ignore-null-fields").booleanType().defaultValue(false);
    static final ConfigOption<String> FORMAT =
            ConfigOptions.key("value.format").stringType().defaultValue("a-json");
    static final OptionsBlock SOURCE = OptionsBlock.builder("source", "source")
            .options(ALL)
            .passThrough("properties.", "client settings")
            .build();
    /** Two formats with prefixed options; the block uses the one value.format names. */
    static final OptionsBlock SINK = OptionsBlock.builder("sink", "sink")
            .options(List.of(STRATEGY, FORMAT))
            .group(new OptionsBlock.OptionGroup("a-json.", List.of(INCLUDE_SCHEMA, IGNORE_NULLS)))
            .group(new OptionsBlock.OptionGroup("b-json.", List.of(IGNORE_NULLS)))
            .groupsInUse(o -> java.util.Set.of(o.get(FORMAT) + "."))
            .build();

    @Test
    void typedValuesAndDefaults() {
        ValidatedOptions o = SOURCE.validate(Map.of(
                "port",
                "3307",
                "partition.strategy",
                "hash-by-key",
                "heartbeat.interval",
                "5s",
                "properties.acks",
                "all"));
        assertThat(o.get(PORT)).isEqualTo(3307);
        assertThat(o.get(STRATEGY)).isEqualTo(Strategy.HASH_BY_KEY);
        assertThat(o.get(HEARTBEAT)).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.get(NEWLY)).isFalse();
        assertThat(o.withPrefix("properties.")).containsEntry("acks", "all");
    }

    @Test
    void enumSpellingIsCaseInsensitive() {
        ValidatedOptions o = SINK.validate(Map.of("partition.strategy", "HASH-BY-KEY"));
        assertThat(o.get(STRATEGY)).isEqualTo(Strategy.HASH_BY_KEY);
    }

    @Test
    void unknownKeySuggestsTheClosestAndListsValidKeys() {
        assertThatThrownBy(() -> SOURCE.validate(Map.of("scan.newly-added-tables.enabled", "true")))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("Unknown option 'source.scan.newly-added-tables.enabled'")
                .hasMessageContaining("did you mean 'scan.newly-added-table.enabled'?")
                .hasMessageContaining("heartbeat.interval")
                .hasMessageContaining("[properties.]")
                .hasMessageNotContaining("\n");
    }

    @Test
    void wrongTypeNamesKeyValueAndWhatIsAccepted() {
        assertThatThrownBy(() -> SOURCE.validate(Map.of("port", "abc")))
                .hasMessage("source.port = 'abc' is not an integer");
        assertThatThrownBy(() -> SOURCE.validate(Map.of("scan.newly-added-table.enabled", "yes please")))
                .hasMessageContaining("is not a boolean");
        assertThatThrownBy(() -> SINK.validate(Map.of("partition.strategy", "round-robin")))
                .hasMessage("sink.partition.strategy = 'round-robin' is not one of [all-to-zero, hash-by-key]");
        // the accepted spellings once, and the closest one
        assertThatThrownBy(() -> SINK.validate(Map.of("partition.strategy", "hash_by_key")))
                .hasMessage("sink.partition.strategy = 'hash_by_key' is not one of [all-to-zero, hash-by-key]: did you"
                        + " mean 'hash-by-key'?");
        assertThatThrownBy(() -> SOURCE.validate(Map.of("heartbeat.interval", "often")))
                .hasMessageContaining("a duration");
    }

    @Test
    void formatOptionsAreCheckedUnderTheirPrefix() {
        ValidatedOptions o = SINK.validate(Map.of("a-json.include-schema.enabled", "true"));
        assertThat(o.group("a-json.").get(INCLUDE_SCHEMA)).isTrue();
        assertThatThrownBy(() -> SINK.validate(Map.of("a-json.include-schema.enable", "true")))
                .hasMessage("Unknown option 'sink.a-json.include-schema.enable': did you mean"
                        + " 'a-json.include-schema.enabled'? Valid 'a-json.' options: "
                        + "[a-json.encode.ignore-null-fields,"
                        + " a-json.include-schema.enabled]");
        assertThatThrownBy(() -> SINK.validate(Map.of("a-json.include-schema.enabled", "yes")))
                .hasMessage("sink.a-json.include-schema.enabled = 'yes' is not a boolean (true or false)");
        assertThatThrownBy(() -> SINK.validate(Map.of("b-json.encode.ignore-null-fields", "true")))
                .hasMessageContaining("Option 'sink.b-json.encode.ignore-null-fields' configures the 'b-json' format,"
                        + " which this block does not use (value.format: a-json)");
        assertThat(SINK.validKeys())
                .contains("a-json.include-schema.enabled", "b-json.encode.ignore-null-fields")
                .doesNotContain("b-json.include-schema.enabled");
    }

    @Test
    void missingRequiredOptionIsNamed() {
        ValidatedOptions o = SOURCE.validate(Map.of());
        assertThatThrownBy(() -> o.getRequired(PASSWORD))
                .hasMessageContaining("Missing required option 'source.password'");
    }

    @Test
    void helpListsOptionsGroupsAndPrefixes() {
        assertThat(SINK.help())
                .contains("  partition.strategy (default all-to-zero)")
                .contains("  a-json.include-schema.enabled (default false)")
                .contains("  b-json.encode.ignore-null-fields (default false)");
        assertThat(SOURCE.help()).contains("  properties.*\n      client settings");
    }

    @Test
    void secretsAreMasked() {
        assertThat(SecretMasker.isSensitive("password")).isTrue();
        assertThat(SecretMasker.isSensitive("catalog.properties.dlf.access-key-secret"))
                .isTrue();
        assertThat(SecretMasker.isSensitive("catalog.properties.dlf.access-key-id"))
                .isTrue();
        assertThat(SecretMasker.isSensitive("catalog.properties.token")).isTrue();
        assertThat(SecretMasker.isSensitive("properties.sasl.jaas.config")).isTrue();
        assertThat(SecretMasker.isSensitive("hostname")).isFalse();
        assertThat(SecretMasker.isSensitive("catalog.properties.token.provider"))
                .isFalse();
        assertThat(SecretMasker.isSensitive("catalog.properties.dlf.security-token"))
                .isTrue();
        assertThat(SecretMasker.mask(Map.of("password", "pw", "port", "1")))
                .containsEntry("password", SecretMasker.MASK)
                .containsEntry("port", "1");
    }

    @Test
    void pipelineBlockAppliesFlinkKeysAndDefaultsCheckpointing() {
        Configuration conf = PipelineOptions.toFlinkConfiguration(Map.of("name", "x", "parallelism", "2"));
        assertThat(conf.get(ExecutionCheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(conf.get(org.apache.flink.configuration.CoreOptions.DEFAULT_PARALLELISM))
                .isEqualTo(2);
        conf = PipelineOptions.toFlinkConfiguration(Map.of("execution.checkpointing.interval", "5s"));
        assertThat(conf.get(ExecutionCheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(
                        () -> PipelineOptions.toFlinkConfiguration(Map.of("execution.checkpointing.intervall", "5s")))
                .hasMessageContaining("did you mean 'execution.checkpointing.interval'");
        assertThatThrownBy(() -> PipelineOptions.toFlinkConfiguration(Map.of("parallelizm", "2")))
                .hasMessageContaining("did you mean 'parallelism'");
        assertThatThrownBy(() -> PipelineOptions.toFlinkConfiguration(Map.of("parallelism", "two")))
                .hasMessageContaining("pipeline.parallelism = 'two' is not an integer");
    }

    @Test
    void suggestionsIgnoreFarAwayWords() {
        assertThat(Suggestions.closest("zzzzzzzzzzzz", List.of("port", "hostname")))
                .isNull();
        assertThat(Suggestions.closest("hostnme", List.of("port", "hostname"))).isEqualTo("hostname");
    }
}

package dev.cdclake.ingest.format;

import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.events.config.PipelineDefinition;
import dev.cdclake.events.config.PipelineDefinitionLoader;
import dev.cdclake.events.config.PlaceholderResolver;
import dev.cdclake.events.config.ValidatedOptions;
import dev.cdclake.events.wire.ValueFormat;
import dev.cdclake.ingest.KafkaSourceOptions;
import dev.cdclake.ingest.schema.SchemaInferenceStrategy;
import dev.cdclake.ingest.transform.TransformRules;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceFormatOptionsTest {

    @Test
    void referencePipelineTwoRunsAsWritten() throws Exception {
        PipelineDefinition definition = PipelineDefinitionLoader.parse(
                Golden.text("reference/pipeline2.yaml"),
                "pipeline2.yaml",
                new PlaceholderResolver(Map.of("kafka.bootstrap.servers", "localhost:9092"), Map.of(), Map.of()));
        ParserSettings settings = ParserSettings.from(
                KafkaSourceOptions.BLOCK.validate(definition.source()), TransformRules.parse(definition.transforms()));

        assertThat(settings.format()).isEqualTo(ValueFormat.DEBEZIUM_JSON);
        assertThat(settings.distributedTables()).isTrue();
        assertThat(settings.inference().strategy()).isEqualTo(SchemaInferenceStrategy.CONTINUOUS);

        ChangeRecordParser parser = settings.createParser();
        Golden.Events out = new Golden.Events();
        parser.parse("inventory", 0, 0, 0L, null, Golden.bytes("reference/debezium-update.json"), null, out);
        parser.parse(
                "inventory",
                1,
                0,
                0L,
                null,
                Golden.lines("debezium/flink-cdc-products.jsonl").get(0),
                null,
                out);
        assertThat(out.list)
                .extracting(e -> e.tableId() + " " + e.schema().primaryKeys())
                .containsExactly("kafka_test.customers [id]", "inventory.products [id]");
    }

    @Test
    void enumsUseTheUserSpelling() {
        ValidatedOptions c = KafkaSourceOptions.BLOCK.validate(Map.of(
                "value.format", "canal-json",
                "schema.inference.strategy", "static",
                "canal-json.distributed-tables", "true",
                "schema.inference.static.sample-records", "3",
                "topic.default-database", "shop",
                "schema.topic", "schemas_of_shop",
                "schema.fallback-to-inference.enabled", "true",
                "schema.wait.timeout", "2 s"));
        ParserSettings s = ParserSettings.from(c, TransformRules.none());
        assertThat(s.format()).isEqualTo(ValueFormat.CANAL_JSON);
        assertThat(s.format().toString()).isEqualTo("canal-json");
        assertThat(s.distributedTables()).isTrue();
        assertThat(s.inference().strategy()).isEqualTo(SchemaInferenceStrategy.STATIC);
        assertThat(s.inference().staticSampleRecords()).isEqualTo(3);
        assertThat(s.defaultDatabase()).isEqualTo("shop");
        assertThat(s.schemaTopic().topic()).isEqualTo("schemas_of_shop");
        assertThat(s.schemaTopic().fallbackToInference()).isTrue();
        assertThat(s.schemaTopic().waitTimeout()).hasSeconds(2);
        assertThat(KafkaSourceOptions.BLOCK.validKeys())
                .contains(
                        "debezium-json.distributed-tables",
                        "canal-json.distributed-tables",
                        "canal-json.mysql.treat-tinyint1-as-boolean.enabled")
                .doesNotContain("json.distributed-tables", "debezium-json.mysql.treat-tinyint1-as-boolean.enabled");
    }

    @Test
    void badValuesAreRejected() {
        assertThatThrownBy(() -> KafkaSourceOptions.BLOCK.validate(Map.of("value.format", "avro")))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessage("source.value.format = 'avro' is not one of [debezium-json, canal-json, json]");
        assertThatThrownBy(() -> ParserSettings.from(
                        KafkaSourceOptions.BLOCK.validate(Map.of("schema.inference.static.sample-records", "0")),
                        TransformRules.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
        // an option of another format than the one read, as when pipeline2.yaml's value.format is changed alone
        assertThatThrownBy(() -> KafkaSourceOptions.BLOCK.validate(
                        Map.of("value.format", "canal-json", "debezium-json.distributed-tables", "true")))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("'source.debezium-json.distributed-tables' configures the 'debezium-json' format,"
                        + " which this block does not use (value.format: canal-json)");
    }
}

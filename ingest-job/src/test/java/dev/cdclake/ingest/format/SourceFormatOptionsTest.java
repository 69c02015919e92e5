package dev.cdclake.ingest.format;

import dev.cdclake.events.config.PipelineDefinition;
import dev.cdclake.events.config.PipelineDefinitionLoader;
import dev.cdclake.events.config.PlaceholderResolver;
import dev.cdclake.ingest.schema.SchemaInferenceStrategy;
import dev.cdclake.ingest.transform.TransformRules;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceFormatOptionsTest {

    @Test
    void referencePipelineTwoRunsAsWritten() throws Exception {
        PipelineDefinition definition = PipelineDefinitionLoader.parse(Golden.text("reference/pipeline2.yaml"),
                "pipeline2.yaml", new PlaceholderResolver(Map.of("kafka.bootstrap.servers", "localhost:9092"),
                        Map.of(), Map.of()));
        ParserSettings settings = ParserSettings.from(
                Configuration.fromMap(definition.source()), TransformRules.parse(definition.transforms()));

        assertThat(settings.format()).isEqualTo(SourceValueFormat.DEBEZIUM_JSON);
        assertThat(settings.distributedTables()).isTrue();
        assertThat(settings.inference().strategy()).isEqualTo(SchemaInferenceStrategy.CONTINUOUS);

        ChangeRecordParser parser = settings.createParser();
        Golden.Events out = new Golden.Events();
        parser.parse("inventory", 0, 0, 0L, null, Golden.bytes("reference/debezium-update.json"), null, out);
        parser.parse("inventory", 1, 0, 0L, null, Golden.lines("debezium/flink-cdc-products.jsonl").get(0), null, out);
        assertThat(out.list).extracting(e -> e.tableId() + " " + e.schema().primaryKeys())
                .containsExactly("kafka_test.customers [id]", "inventory.products [id]");
    }

    @Test
    void enumsUseTheUserSpelling() {
        Configuration c = Configuration.fromMap(Map.of(
                "value.format", "canal-json",
                "schema.inference.strategy", "static",
                "canal-json.distributed-tables", "true",
                "schema.inference.static.sample-records", "3",
                "topic.default-database", "shop",
                "schema.topic", "schemas_of_shop",
                "schema.fallback-to-inference.enabled", "true",
                "schema.wait.timeout", "2 s"));
        ParserSettings s = ParserSettings.from(c, TransformRules.none());
        assertThat(s.format()).isEqualTo(SourceValueFormat.CANAL_JSON);
        assertThat(s.format().toString()).isEqualTo("canal-json");
        assertThat(s.distributedTables()).isTrue();
        assertThat(s.inference().strategy()).isEqualTo(SchemaInferenceStrategy.STATIC);
        assertThat(s.inference().staticSampleRecords()).isEqualTo(3);
        assertThat(s.defaultDatabase()).isEqualTo("shop");
        assertThat(s.schemaTopic().topic()).isEqualTo("schemas_of_shop");
        assertThat(s.schemaTopic().fallbackToInference()).isTrue();
        assertThat(s.schemaTopic().waitTimeout()).hasSeconds(2);
        assertThat(SourceFormatOptions.all()).hasSize(11);
    }

    @Test
    void badValuesAreRejected() {
        assertThatThrownBy(() -> ParserSettings.from(
                        Configuration.fromMap(Map.of("value.format", "avro")), TransformRules.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value.format");
        assertThatThrownBy(() -> ParserSettings.from(Configuration.fromMap(
                        Map.of("schema.inference.static.sample-records", "0")), TransformRules.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}

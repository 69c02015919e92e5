package dev.cdclake.capture.format;

import dev.cdclake.capture.KafkaSinkOptions;
import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.events.wire.ValueFormat;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static dev.cdclake.capture.format.FormatTestData.allTypesEvent;
import static dev.cdclake.capture.format.FormatTestData.customerFourPhoneUpdate;
import static dev.cdclake.capture.format.JsonAssertions.assertMatchesGolden;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Building serializers from the sink block's options. */
class RecordSerializersTest {

    @Test
    void defaultsAreDebeziumJsonValueAndJsonKey() {
        RecordSerializer serializer = RecordSerializers.create(Map.of("properties.bootstrap.servers", "k:9092"));
        assertThat(serializer.valueSerializer()).isInstanceOf(DebeziumJsonSerializer.class);
        assertThat(((DebeziumJsonSerializer) serializer.valueSerializer()).includeSchema())
                .isFalse();
        assertThat(((DebeziumJsonSerializer) serializer.valueSerializer()).config())
                .isEqualTo(JsonFormatConfig.DEFAULT);
        assertThat(serializer.keySerializer()).isInstanceOf(JsonKeySerializer.class);
        assertMatchesGolden(
                serializer.serializeValue(customerFourPhoneUpdate()), "reference/customers-update.debezium-json.json");
    }

    @Test
    void formatsAndTheirPrefixedOptions() {
        RecordSerializer canal = RecordSerializers.create(Map.of(
                "value.format", "canal-json",
                "key.format", "CSV",
                "canal-json.encode.decimal-as-plain-number", "true"));
        assertThat(canal.keySerializer()).isInstanceOf(CsvKeySerializer.class);
        assertMatchesGolden(
                canal.serializeValue(allTypesEvent("insert")), "options/canal-json-plain-decimals.insert.json");

        RecordSerializer debezium = RecordSerializers.create(Map.of(
                "debezium-json.include-schema.enabled", "true",
                "debezium-json.timestamp-format.standard", "iso-8601",
                "json.encode.ignore-null-fields", "true"));
        DebeziumJsonSerializer value = (DebeziumJsonSerializer) debezium.valueSerializer();
        assertThat(value.includeSchema()).isTrue();
        assertThat(value.config()).isEqualTo(JsonFormatConfig.DEFAULT.withTimestampFormat(TimestampFormat.ISO_8601));
        assertThat(((JsonKeySerializer) debezium.keySerializer()).config())
                .isEqualTo(JsonFormatConfig.DEFAULT.withIgnoreNullFields(true));

        RecordSerializer json = RecordSerializers.create(Map.of("value.format", "json"));
        assertThat(json.serializeValue(allTypesEvent("delete"))).isNull();
        assertThat(new String(json.serializeKey(allTypesEvent("delete")), StandardCharsets.UTF_8))
                .isEqualTo("{\"TableId\":\"kafka_test.all_types\",\"id\":1}");
    }

    @Test
    void unknownFormatSaysWhichOnesExist() {
        assertThatThrownBy(() -> RecordSerializers.create(Map.of("value.format", "avro")))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessage("sink.value.format = 'avro' is not one of [debezium-json, canal-json, json]");
        assertThatThrownBy(() -> RecordSerializers.create(Map.of("value.format", "canal_json")))
                .hasMessageEndingWith("did you mean 'canal-json'?");
    }

    @Test
    void badOptionValueNamesTheKeyAsWritten() {
        assertThatThrownBy(() -> RecordSerializers.create(
                        Map.of("value.format", "canal-json", "canal-json.timestamp-format.standard", "RFC")))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessage("sink.canal-json.timestamp-format.standard = 'RFC' is not one of [SQL, ISO-8601]");
        assertThatThrownBy(() -> RecordSerializers.create(Map.of("json.encode.ignore-null-fields", "yes")))
                .hasMessage("sink.json.encode.ignore-null-fields = 'yes' is not a boolean (true or false)");
    }

    /** The case: a misspelt format option gets the same one-line error as any other misspelt option. */
    @Test
    void misspeltAndForeignFormatOptionsAreRejected() {
        assertThatThrownBy(() -> RecordSerializers.create(Map.of("debezium-json.include-schema.enable", "true")))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageStartingWith("Unknown option 'sink.debezium-json.include-schema.enable': did you mean"
                        + " 'debezium-json.include-schema.enabled'?")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> RecordSerializers.create(Map.of("canal-json.encode.ignore-null-fields", "true")))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("configures the 'canal-json' format, which this block does not use"
                        + " (value.format: debezium-json, key.format: json)");
        assertThatThrownBy(() ->
                        RecordSerializers.create(Map.of("key.format", "csv", "json.encode.ignore-null-fields", "true")))
                .hasMessageContaining("configures the 'json' format");
        assertThatThrownBy(() -> RecordSerializers.create(
                        Map.of("value.format", "canal-json", "canal-json.include-schema.enabled", "true")))
                .hasMessageContaining("Unknown option 'sink.canal-json.include-schema.enabled'");
    }

    @Test
    void eachFormatTakesItsOwnOptions() {
        assertThat(KafkaSinkOptions.BLOCK.validKeys())
                .contains(
                        "debezium-json.timestamp-format.standard",
                        "debezium-json.encode.decimal-as-plain-number",
                        "debezium-json.encode.ignore-null-fields",
                        "debezium-json.include-schema.enabled",
                        "canal-json.timestamp-format.standard",
                        "json.encode.ignore-null-fields")
                .doesNotContain("canal-json.include-schema.enabled", "json.include-schema.enabled");
        Configuration conf = Configuration.fromMap(Map.of("value.format", "Canal-JSON", "key.format", "csv"));
        assertThat(conf.get(FormatOptions.VALUE_FORMAT)).isEqualTo(ValueFormat.CANAL_JSON);
        assertThat(conf.get(FormatOptions.KEY_FORMAT)).isEqualTo(KeyFormat.CSV);
        assertThat(FormatOptions.VALUE_FORMAT.description().toString()).isNotBlank();
    }
}

package dev.cdclake.capture.format;

import dev.cdclake.events.ChangeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static dev.cdclake.capture.format.FormatTestData.allTypesEvent;
import static dev.cdclake.capture.format.FormatTestData.customerFourPhoneUpdate;
import static dev.cdclake.capture.format.JsonAssertions.assertMatchesGolden;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every format for every operation on a table with every MySQL type, against hand-written golden files under
 * {@code src/test/resources/golden/}, and the reference's expected output.
 */
class GoldenFilesTest {

    @ParameterizedTest
    @ValueSource(strings = {"read", "insert", "update", "delete"})
    void debeziumJson(String op) {
        assertMatchesGolden(new DebeziumJsonSerializer().serialize(allTypesEvent(op)), "debezium-json/" + op + ".json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"read", "insert", "update", "delete"})
    void canalJson(String op) {
        assertMatchesGolden(new CanalJsonSerializer().serialize(allTypesEvent(op)), "canal-json/" + op + ".json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"read", "insert", "update"})
    void json(String op) {
        assertMatchesGolden(new JsonSerializer().serialize(allTypesEvent(op)), "json/" + op + ".json");
    }

    @Test
    void jsonDeleteIsTombstone() {
        assertThat(new JsonSerializer().serialize(allTypesEvent("delete"))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"read", "insert", "update", "delete"})
    void jsonKey(String op) {
        assertMatchesGolden(new JsonKeySerializer().serialize(allTypesEvent(op)), "key-json/" + op + ".json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"read", "insert", "update", "delete"})
    void csvKey(String op) {
        assertThat(new String(new CsvKeySerializer().serialize(allTypesEvent(op)), StandardCharsets.UTF_8))
                .isEqualTo("\"kafka_test.all_types\",1");
    }

    @Test
    void debeziumJsonWithSchema() {
        assertMatchesGolden(
                new DebeziumJsonSerializer(JsonFormatConfig.DEFAULT, true).serialize(allTypesEvent("update")),
                "options/debezium-json-include-schema.update.json");
    }

    @Test
    void iso8601Timestamps() {
        JsonFormatConfig iso = JsonFormatConfig.DEFAULT.withTimestampFormat(TimestampFormat.ISO_8601);
        assertMatchesGolden(
                new DebeziumJsonSerializer(iso, false).serialize(allTypesEvent("insert")),
                "options/debezium-json-iso-8601.insert.json");
    }

    @Test
    void plainDecimals() {
        JsonFormatConfig plain = JsonFormatConfig.DEFAULT.withDecimalAsPlainNumber(true);
        assertMatchesGolden(
                new CanalJsonSerializer(plain).serialize(allTypesEvent("insert")),
                "options/canal-json-plain-decimals.insert.json");
    }

    @Test
    void ignoreNullFields() {
        JsonFormatConfig ignore = JsonFormatConfig.DEFAULT.withIgnoreNullFields(true);
        assertMatchesGolden(
                new DebeziumJsonSerializer(ignore, false).serialize(allTypesEvent("insert")),
                "options/debezium-json-ignore-null-fields.insert.json");
        assertMatchesGolden(
                new DebeziumJsonSerializer(ignore, false).serialize(allTypesEvent("delete")),
                "options/debezium-json-ignore-null-fields.delete.json");
        assertMatchesGolden(
                new CanalJsonSerializer(ignore).serialize(allTypesEvent("insert")),
                "options/canal-json-ignore-null-fields.insert.json");
        assertMatchesGolden(
                new JsonSerializer(ignore).serialize(allTypesEvent("insert")),
                "options/json-ignore-null-fields.insert.json");
    }

    /** The reference's "Expected output", timestamps included since the event carries the reference's commit time. */
    @Test
    void referenceUpdateOfCustomerFour() {
        ChangeEvent update = customerFourPhoneUpdate();
        assertMatchesGolden(
                new DebeziumJsonSerializer().serialize(update), "reference/customers-update.debezium-json.json");
        assertMatchesGolden(new CanalJsonSerializer().serialize(update), "reference/customers-update.canal-json.json");
        assertThat(new String(new JsonKeySerializer().serialize(update), StandardCharsets.UTF_8))
                .isEqualTo("{\"TableId\":\"kafka_test.customers\",\"id\":4}");
    }
}

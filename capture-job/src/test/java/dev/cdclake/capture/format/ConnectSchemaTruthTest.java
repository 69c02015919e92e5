package dev.cdclake.capture.format;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.cdclake.capture.format.FormatTestData.allTypesEvent;
import static dev.cdclake.capture.format.JsonAssertions.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The include-schema output describes its own payload: every payload member is declared, with a type (and logical
 * name) its JSON value conforms to, as Kafka Connect's JsonConverter would read it; defaults conform as well.
 */
class ConnectSchemaTruthTest {
    private static final Map<String, Pattern> TEXT_FORMS = Map.of(
            "dev.cdclake.time.Date", Pattern.compile("\\d{4}-\\d{2}-\\d{2}"),
            "dev.cdclake.time.Time", Pattern.compile("\\d{2}:\\d{2}:\\d{2}(\\.\\d*[1-9])?"),
            "dev.cdclake.time.SqlTimestamp",
                    Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d*[1-9])?"),
            "dev.cdclake.time.IsoTimestamp",
                    Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d*[1-9])?"),
            "dev.cdclake.time.SqlUtcTimestamp",
                    Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d*[1-9])?Z"),
            "io.debezium.time.ZonedTimestamp",
                    Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d*[1-9])?Z"));

    @ParameterizedTest
    @EnumSource(TimestampFormat.class)
    void schemaDescribesEveryPayloadValue(TimestampFormat timestampFormat) throws Exception {
        DebeziumJsonSerializer serializer =
                new DebeziumJsonSerializer(JsonFormatConfig.DEFAULT.withTimestampFormat(timestampFormat), true);
        for (String op : List.of("read", "insert", "update", "delete")) {
            JsonNode message = MAPPER.readTree(serializer.serialize(allTypesEvent(op)));
            assertThat(fieldNames(message)).containsExactly("schema", "payload");
            assertConforms(message.get("schema"), message.get("payload"), op);
        }
    }

    private static void assertConforms(JsonNode schema, JsonNode value, String path) {
        if (value == null || value.isNull()) {
            assertThat(schema.get("optional").asBoolean())
                    .as("%s is null, so its schema must be optional", path)
                    .isTrue();
            return;
        }
        String type = schema.get("type").asText();
        String name = schema.path("name").asText(null);
        switch (type) {
            case "struct":
                assertThat(value.isObject()).as(path).isTrue();
                List<String> declared = new ArrayList<>();
                for (JsonNode field : schema.get("fields")) {
                    String fieldName = field.get("field").asText();
                    declared.add(fieldName);
                    assertConforms(field, value.get(fieldName), path + "." + fieldName);
                    if (field.has("default")) {
                        assertConforms(field, field.get("default"), path + "." + fieldName + " (default)");
                    }
                }
                assertThat(declared)
                        .as("%s: every payload member is declared", path)
                        .containsAll(fieldNames(value));
                break;
            case "boolean":
                assertThat(value.isBoolean()).as(path).isTrue();
                break;
            case "int8":
                assertIntegral(value, 8, path);
                break;
            case "int16":
                assertIntegral(value, 16, path);
                break;
            case "int32":
                assertIntegral(value, 32, path);
                break;
            case "int64":
                assertIntegral(value, 64, path);
                break;
            case "float":
            case "double":
                assertThat(value.isNumber()).as(path).isTrue();
                break;
            case "bytes":
                if ("org.apache.kafka.connect.data.Decimal".equals(name)) {
                    assertThat(value.isNumber())
                            .as("%s: Decimal in NUMERIC form", path)
                            .isTrue();
                    int scale = Integer.parseInt(
                            schema.get("parameters").get("scale").asText());
                    assertThat(new BigDecimal(value.asText()).scale())
                            .as("%s: scale", path)
                            .isEqualTo(scale);
                } else {
                    assertThat(value.isTextual()).as(path).isTrue();
                    Base64.getDecoder().decode(value.asText());
                }
                break;
            case "string":
                assertThat(value.isTextual()).as(path).isTrue();
                assertStringForm(schema, name, value.asText(), path);
                break;
            default:
                throw new AssertionError(path + ": unexpected Connect type " + type);
        }
    }

    private static void assertStringForm(JsonNode schema, String name, String text, String path) {
        if (name == null) {
            return;
        }
        if (TEXT_FORMS.containsKey(name)) {
            assertThat(text).as(path).matches(TEXT_FORMS.get(name));
        } else if (name.equals("io.debezium.data.Json")) {
            try {
                MAPPER.readTree(text);
            } catch (Exception e) {
                throw new AssertionError(path + ": not JSON text: " + text, e);
            }
        } else if (name.equals("io.debezium.data.Enum")) {
            assertThat(allowed(schema)).as(path).contains(text);
        } else if (name.equals("io.debezium.data.EnumSet")) {
            assertThat(allowed(schema)).as(path).containsAll(Arrays.asList(text.split(",")));
        } else {
            throw new AssertionError(path + ": unexpected logical name " + name);
        }
    }

    private static List<String> allowed(JsonNode schema) {
        return Arrays.asList(schema.get("parameters").get("allowed").asText().split(","));
    }

    private static void assertIntegral(JsonNode value, int bits, String path) {
        assertThat(value.isIntegralNumber()).as(path).isTrue();
        BigInteger v = value.bigIntegerValue();
        assertThat(v.bitLength()).as("%s fits int%d", path, bits).isLessThan(bits);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}

package dev.cdclake.capture.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Compares serializer output with golden files: as JSON trees, token by token (field order and the exact text of
 * numbers: 100.00 is not 100.0 nor 1E+2), and checks the output is compact.
 */
final class JsonAssertions {
    /** Keeps number text: 100.00 stays 100.00 (no double, no stripped zeros). */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private JsonAssertions() {}

    static String golden(String path) {
        try (InputStream in = JsonAssertions.class.getResourceAsStream("/golden/" + path)) {
            if (in == null) {
                throw new IllegalStateException("No golden file src/test/resources/golden/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertMatchesGolden(byte[] actual, String goldenPath) {
        assertJsonEquals(golden(goldenPath), actual, goldenPath);
    }

    static void assertJsonEquals(String expectedJson, byte[] actual, String description) {
        assertThat(actual).as("%s: serializer returned no bytes", description).isNotNull();
        String actualJson = new String(actual, StandardCharsets.UTF_8);
        try {
            assertThat(MAPPER.readTree(actualJson))
                    .as("%s: JSON tree", description)
                    .isEqualTo(MAPPER.readTree(expectedJson));
            assertSameTokens(expectedJson, actualJson, description);
        } catch (IOException e) {
            fail(description + ": not JSON: " + actualJson, e);
        }
        assertThat(whitespaceOutsideStrings(actualJson))
                .as("%s: compact JSON expected: %s", description, actualJson)
                .isEqualTo(-1);
    }

    /** Same tokens in the same order, scalars and field names with the same text. */
    private static void assertSameTokens(String expected, String actual, String description) throws IOException {
        try (JsonParser e = MAPPER.createParser(expected);
                JsonParser a = MAPPER.createParser(actual)) {
            JsonToken et;
            while ((et = e.nextToken()) != null) {
                JsonToken at = a.nextToken();
                String where = description + " at " + e.getParsingContext().pathAsPointer();
                assertThat(at).as(where).isEqualTo(et);
                if (et == JsonToken.FIELD_NAME || et.isScalarValue()) {
                    assertThat(a.getText()).as(where).isEqualTo(e.getText());
                }
            }
            assertThat(a.nextToken()).as(description + ": trailing content").isNull();
        }
    }

    /** Position of the first whitespace character outside a JSON string, or -1. */
    private static int whitespaceOutsideStrings(String json) {
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (Character.isWhitespace(c)) {
                return i;
            }
        }
        return -1;
    }
}

package dev.cdclake.capture;

import dev.cdclake.events.wire.ValueFormat;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code capture-job --help} lists every option a pipeline may write, format options with their prefixes. */
class CaptureJobHelpTest {

    /** The option keys of the help text: the lines indented by two spaces, up to the default. */
    private static List<String> keys(String help) {
        return Arrays.stream(help.split("\n"))
                .filter(l -> l.startsWith("  ") && !l.startsWith("   "))
                .map(l -> l.trim().split(" ")[0])
                .collect(Collectors.toList());
    }

    @Test
    void formatOptionsAreListedWithTheirPrefixes() {
        String help = CaptureJob.launcher().help();
        assertThat(help)
                .contains("debezium-json.include-schema.enabled (default false)")
                .contains("canal-json.timestamp-format.standard (default SQL)")
                .contains("json.encode.ignore-null-fields (default false)");
        List<String> keys = keys(help);
        assertThat(keys)
                .contains("scan.startup.mode", "value.format", "key.format")
                .doesNotContain(
                        "include-schema.enabled", "canal-json.include-schema.enabled", "json.include-schema.enabled");
        // the help lists exactly the keys the blocks accept
        assertThat(keys)
                .containsAll(KafkaSinkOptions.BLOCK.validKeys())
                .containsAll(MySqlSourceOptions.BLOCK.validKeys());
        for (ValueFormat f : ValueFormat.values()) {
            assertThat(keys.stream().filter(k -> k.startsWith(f.optionPrefix())).collect(Collectors.toSet()))
                    .as(f.toString())
                    .isSubsetOf(KafkaSinkOptions.BLOCK.validKeys());
        }
    }
}

package dev.cdclake.capture;

import dev.cdclake.capture.format.FormatOptions;
import dev.cdclake.events.config.OptionsMarkdown;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's option tables of capture-job are generated from the options classes and must match them. */
class ReadmeOptionsTest {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void sourceOptions() throws Exception {
        assertThat(OptionsMarkdown.checkReadme(README, "capture-source",
                OptionsMarkdown.table(MySqlSourceOptions.all()))).isNull();
    }

    @Test
    void sinkOptions() throws Exception {
        List<ConfigOption<?>> sink = new ArrayList<>(KafkaSinkOptions.all());
        sink.add(FormatOptions.VALUE_FORMAT);
        sink.add(FormatOptions.KEY_FORMAT);
        assertThat(OptionsMarkdown.checkReadme(README, "capture-sink", OptionsMarkdown.table(sink))).isNull();
    }

    @Test
    void formatOptions() throws Exception {
        List<ConfigOption<?>> format = new ArrayList<>(FormatOptions.JSON_FORMAT_OPTIONS);
        format.add(FormatOptions.INCLUDE_SCHEMA);
        assertThat(OptionsMarkdown.checkReadme(README, "capture-format", OptionsMarkdown.table(format))).isNull();
    }
}

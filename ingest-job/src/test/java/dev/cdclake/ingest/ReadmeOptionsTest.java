package dev.cdclake.ingest;

import dev.cdclake.events.config.OptionsMarkdown;
import dev.cdclake.ingest.format.SourceFormatOptions;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's option tables of ingest-job are generated from the options classes and must match them. */
class ReadmeOptionsTest {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void sourceOptions() throws Exception {
        List<ConfigOption<?>> source = new ArrayList<>(KafkaSourceOptions.all());
        source.addAll(SourceFormatOptions.all());
        assertThat(OptionsMarkdown.checkReadme(README, "ingest-source", OptionsMarkdown.table(source))).isNull();
    }

    @Test
    void sinkOptions() throws Exception {
        assertThat(OptionsMarkdown.checkReadme(README, "ingest-sink",
                OptionsMarkdown.table(PaimonSinkOptions.all()))).isNull();
    }
}

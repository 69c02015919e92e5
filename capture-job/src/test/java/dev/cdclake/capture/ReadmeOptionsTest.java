package dev.cdclake.capture;

import dev.cdclake.events.config.OptionsMarkdown;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's option tables of capture-job are generated from the blocks' declarations and must match them. */
class ReadmeOptionsTest {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void sourceOptions() throws Exception {
        assertThat(OptionsMarkdown.checkReadme(
                        README, "capture-source", OptionsMarkdown.table(MySqlSourceOptions.BLOCK.options())))
                .isNull();
    }

    @Test
    void sinkOptions() throws Exception {
        assertThat(OptionsMarkdown.checkReadme(
                        README, "capture-sink", OptionsMarkdown.table(KafkaSinkOptions.BLOCK.options())))
                .isNull();
    }

    @Test
    void formatOptions() throws Exception {
        assertThat(OptionsMarkdown.checkReadme(
                        README, "capture-format", OptionsMarkdown.groupTable(KafkaSinkOptions.BLOCK)))
                .isNull();
    }
}

package dev.cdclake.ingest;

import dev.cdclake.events.config.OptionsMarkdown;
import dev.cdclake.ingest.route.RouteOptions;
import dev.cdclake.ingest.transform.TransformOptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's option tables of ingest-job are generated from the blocks' declarations and must match them. */
class ReadmeOptionsTest {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void sourceOptions() throws Exception {
        assertThat(OptionsMarkdown.checkReadme(
                        README, "ingest-source", OptionsMarkdown.table(KafkaSourceOptions.BLOCK.options())))
                .isNull();
        assertThat(OptionsMarkdown.checkReadme(
                        README, "ingest-format", OptionsMarkdown.groupTable(KafkaSourceOptions.BLOCK)))
                .isNull();
    }

    @Test
    void transformOptions() throws Exception {
        assertThat(OptionsMarkdown.checkReadme(
                        README, "ingest-transform", OptionsMarkdown.table(TransformOptions.BLOCK.options())))
                .isNull();
    }

    @Test
    void routeOptions() throws Exception {
        assertThat(OptionsMarkdown.checkReadme(
                        README, "ingest-route", OptionsMarkdown.table(RouteOptions.BLOCK.options())))
                .isNull();
    }

    @Test
    void sinkOptions() throws Exception {
        assertThat(OptionsMarkdown.checkReadme(
                        README, "ingest-sink", OptionsMarkdown.table(PaimonSinkOptions.BLOCK.options())))
                .isNull();
    }
}

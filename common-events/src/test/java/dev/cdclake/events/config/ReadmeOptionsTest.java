package dev.cdclake.events.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's table of the {@code pipeline} block, which both jobs read, is generated from its declaration. */
class ReadmeOptionsTest {
    @Test
    void pipelineOptions() throws Exception {
        assertThat(OptionsMarkdown.checkReadme(
                        Path.of("..", "README.md"), "pipeline", OptionsMarkdown.table(PipelineOptions.BLOCK.options())))
                .isNull();
    }
}

package dev.cdclake.ingest.format;

import dev.cdclake.events.config.PipelineConfigException;

/**
 * The data shows that the pipeline configuration cannot work (a topic carries several tables while
 * {@code *.distributed-tables} is false, a table has no primary key from any source). Not a bad record: skipping
 * would skip every later record of the table too, so the job must fail and the message says what to configure.
 */
public final class SourceConfigurationException extends PipelineConfigException {
    private static final long serialVersionUID = 1L;

    public SourceConfigurationException(String message) {
        super(message);
    }
}

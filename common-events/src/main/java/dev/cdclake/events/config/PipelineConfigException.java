package dev.cdclake.events.config;

/**
 * A configuration the job cannot run with. The message says what is wrong and how to fix it; it never holds secrets.
 */
public class PipelineConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PipelineConfigException(String message) {
        super(message);
    }

    public PipelineConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.cdclake.ingest.schema;

import java.time.Duration;
import java.util.function.BiConsumer;

/** The topic capture-job publishes table schemas to, as {@link PublishedSchemas} reads it. */
public interface SchemaTopic extends AutoCloseable {
    /**
     * Hands every record appended since the last call to {@code records} (schema id, document), reading until the
     * end the topic had when the call started, or until {@code timeout}.
     *
     * @throws IllegalStateException when the topic cannot be read (missing, not authorised), with the reason
     */
    void readNew(BiConsumer<String, byte[]> records, Duration timeout);

    /** The topic's name, for messages. */
    String name();

    @Override
    void close();
}

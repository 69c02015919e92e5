package dev.cdclake.ingest.paimon;

import java.io.Serializable;
import java.util.Map;

/**
 * The records each source channel (a Kafka topic partition, {@code topic-partition}) holds that the lake does not have
 * yet. The committer asks it every few seconds, off the task thread: the answer is each table's lag, and a source that
 * cannot answer is away (an outage the job fails on once it lasts).
 */
public interface SourceLag extends Serializable, AutoCloseable {
    /**
     * @return the lag in records by channel, for the channels the source knows
     * @throws Exception when the source cannot be reached
     */
    Map<String, Long> lag() throws Exception;

    /** The source as messages name it, e.g. {@code Kafka at broker:9092}. */
    String describe();

    @Override
    void close();
}

package dev.cdclake.events.health;

import java.io.Serializable;

/** A part a job depends on (MySQL, Kafka, a Paimon catalog), asked whether it answers. */
public interface PartProbe extends Serializable {
    /** The part as messages name it, e.g. {@code Kafka at broker:9092}; never a secret. */
    String describe();

    /**
     * Asks the part once, bounded by a few seconds.
     *
     * @throws Exception why the part does not answer
     */
    void probe() throws Exception;
}

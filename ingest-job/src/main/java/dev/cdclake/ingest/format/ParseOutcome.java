package dev.cdclake.ingest.format;

/** What became of one Kafka record; every outcome but {@link #EMITTED} is a record skipped on purpose. */
public enum ParseOutcome {
    EMITTED("emitted change events"),
    TOMBSTONE("null value (Kafka tombstone after a delete)"),
    TRUNCATE("truncate event (op 't'): Paimon tables are not truncated from the change stream"),
    MESSAGE("logical decoding message (op 'm')"),
    DDL("DDL message: schemas evolve from the data");

    private final String reason;

    ParseOutcome(String reason) {
        this.reason = reason;
    }

    public boolean skipped() {
        return this != EMITTED;
    }

    /** Why the record was skipped, for logs and metric descriptions. */
    public String reason() {
        return reason;
    }
}

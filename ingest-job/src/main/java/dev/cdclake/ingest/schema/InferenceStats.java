package dev.cdclake.ingest.schema;

/** Counters of one parser instance's schema inference, read by the job's metrics. Single-threaded like the parser. */
public final class InferenceStats {
    private long ignoredFields;
    private long schemaChanges;

    void fieldIgnored() {
        ignoredFields++;
    }

    void schemaChanged() {
        schemaChanges++;
    }

    /** Field values dropped because a static schema has no column for them. */
    public long ignoredFields() {
        return ignoredFields;
    }

    /** Column additions, widenings and nullability changes, all tables together. */
    public long schemaChanges() {
        return schemaChanges;
    }
}

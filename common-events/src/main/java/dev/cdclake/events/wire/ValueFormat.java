package dev.cdclake.events.wire;

/**
 * The encodings of Kafka record values that capture-job writes and ingest-job reads ({@code value.format}), with the
 * prefix of each format's options ({@code debezium-json.include-schema.enabled}); {@link #toString()} is the user
 * spelling. Each job keeps its own serializers and readers.
 */
public enum ValueFormat {
    /** {@code {"before":…,"after":…,"op":…,"source":{…}}}, optionally wrapped with a Kafka Connect schema. */
    DEBEZIUM_JSON("debezium-json"),
    /** {@code {"old":[…],"data":[…],"type":…,"database":…,"table":…,"pkNames":[…],"ts":…,"es":…}}. */
    CANAL_JSON("canal-json"),
    /** The row image as a flat object; a delete is a tombstone (null value), the upsert-kafka convention. */
    JSON("json");

    private final String spelling;
    private final String optionPrefix;

    ValueFormat(String spelling) {
        this.spelling = spelling;
        this.optionPrefix = spelling + '.';
    }

    /** Prefix of this format's options, for example {@code debezium-json.}. */
    public String optionPrefix() {
        return optionPrefix;
    }

    @Override
    public String toString() {
        return spelling;
    }
}

package dev.cdclake.capture.format;

/**
 * Encoding of the Kafka record key ({@code key.format}): the table identifier followed by the primary-key values.
 * {@link #toString()} is the user spelling.
 */
public enum KeyFormat {
    /** {@code {"TableId":"db.table","id":1}}; options come from the {@code json.} prefix. */
    JSON("json"),
    /** {@code "db.table",1}; takes no options. */
    CSV("csv");

    private final String spelling;

    KeyFormat(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String toString() {
        return spelling;
    }
}

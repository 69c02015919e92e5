package dev.cdclake.capture.format;

/**
 * Text form of DATETIME and TIMESTAMP values ({@code <format>.timestamp-format.standard}), as in flink-json.
 * {@link #toString()} is the user spelling.
 */
public enum TimestampFormat {
    /** {@code 2020-07-17 18:00:22.123456}; a MySQL TIMESTAMP in UTC as {@code 2020-07-17 10:00:22Z}. */
    SQL("SQL", ' '),
    /** {@code 2020-07-17T18:00:22.123456}; a MySQL TIMESTAMP in UTC as {@code 2020-07-17T10:00:22Z}. */
    ISO_8601("ISO-8601", 'T');

    private final String spelling;
    private final char dateTimeSeparator;

    TimestampFormat(String spelling, char dateTimeSeparator) {
        this.spelling = spelling;
        this.dateTimeSeparator = dateTimeSeparator;
    }

    /** The character between the date and the time of day. */
    public char dateTimeSeparator() {
        return dateTimeSeparator;
    }

    @Override
    public String toString() {
        return spelling;
    }
}

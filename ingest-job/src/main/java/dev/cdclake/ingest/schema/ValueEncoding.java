package dev.cdclake.ingest.schema;

/**
 * How a JSON value encodes its column's logical value, as declared by a schema envelope or a MySQL type. Values whose
 * token does not match the encoding (for example a date rendered as text although the schema says epoch days, as
 * Flink CDC's include-schema output does) are read in their rendered form instead.
 */
public enum ValueEncoding {
    /** The JSON value is the value: numbers, booleans, text (dates and times in ISO or SQL spelling). */
    PLAIN,
    /** int32 days since 1970-01-01 ({@code io.debezium.time.Date}). */
    EPOCH_DAYS,
    /** int64 milliseconds since the epoch as wall-clock UTC ({@code io.debezium.time.Timestamp}). */
    EPOCH_MILLIS,
    /** int64 microseconds since the epoch ({@code io.debezium.time.MicroTimestamp}). */
    EPOCH_MICROS,
    /** int64 nanoseconds since the epoch ({@code io.debezium.time.NanoTimestamp}). */
    EPOCH_NANOS,
    /** int32 milliseconds of a TIME, a signed duration ({@code io.debezium.time.Time}). */
    DURATION_MILLIS,
    /** int64 microseconds of a TIME, a signed duration ({@code io.debezium.time.MicroTime}). */
    DURATION_MICROS,
    /** int64 nanoseconds of a TIME, a signed duration ({@code io.debezium.time.NanoTime}). */
    DURATION_NANOS,
    /** base64 of a two's-complement unscaled value ({@code org.apache.kafka.connect.data.Decimal}). */
    BASE64_DECIMAL,
    /** base64 bytes (Kafka Connect {@code bytes}). */
    BASE64,
    /**
     * base64 of a bit string in Debezium's order ({@code io.debezium.data.Bits}): little-endian and without leading
     * zero bytes, read into MySQL's big-endian (n+7)/8 bytes.
     */
    BASE64_BITS,
    /** bytes carried as ISO-8859-1 text, as Canal writes binary columns. */
    LATIN1,
    /** A bit string as an unsigned number or text of digits (Canal's BIT(n)). */
    BIT_NUMBER
}

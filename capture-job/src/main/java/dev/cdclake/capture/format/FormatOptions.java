package dev.cdclake.capture.format;

import dev.cdclake.events.wire.ValueFormat;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.util.List;

/**
 * Options of the Kafka record formats. {@link #VALUE_FORMAT} and {@link #KEY_FORMAT} are sink options; the others are
 * per-format options, written in the sink block with the format's prefix: {@code debezium-json.}, {@code canal-json.}
 * or {@code json.} (the JSON key and the {@code json} value format share {@code json.}). Their keys here carry no
 * prefix; {@link dev.cdclake.capture.KafkaSinkOptions#BLOCK} declares which prefix takes which.
 */
public final class FormatOptions {

    public static final ConfigOption<ValueFormat> VALUE_FORMAT = ConfigOptions.key("value.format")
            .enumType(ValueFormat.class)
            .defaultValue(ValueFormat.DEBEZIUM_JSON)
            .withDescription("Encoding of the Kafka record value: 'debezium-json' (before/after/op/source envelope), "
                    + "'canal-json' (old/data/type/database/table/pkNames/ts/es) or 'json' (the row "
                    + "image as a flat object, deletes as tombstones).");

    public static final ConfigOption<KeyFormat> KEY_FORMAT = ConfigOptions.key("key.format")
            .enumType(KeyFormat.class)
            .defaultValue(KeyFormat.JSON)
            .withDescription("Encoding of the Kafka record key, the table identifier followed by the primary-key "
                    + "values: 'json' ({\"TableId\":\"db.table\",\"id\":1}) or 'csv' (\"db.table\",1).");

    /** Per-format option, prefixed with the format name. */
    public static final ConfigOption<TimestampFormat> TIMESTAMP_FORMAT_STANDARD = ConfigOptions.key(
                    "timestamp-format.standard")
            .enumType(TimestampFormat.class)
            .defaultValue(TimestampFormat.SQL)
            .withDescription("Text form of DATETIME and TIMESTAMP values: 'SQL' (2020-07-17 18:00:22.123456, a "
                    + "TIMESTAMP in UTC as 2020-07-17 10:00:22Z) or 'ISO-8601' "
                    + "(2020-07-17T18:00:22.123456, 2020-07-17T10:00:22Z).");

    /** Per-format option, prefixed with the format name. */
    public static final ConfigOption<Boolean> ENCODE_DECIMAL_AS_PLAIN_NUMBER = ConfigOptions.key(
                    "encode.decimal-as-plain-number")
            .booleanType()
            .defaultValue(false)
            .withDescription("Write DECIMAL values without an exponent (0.00000001 instead of 1E-8). Either way the "
                    + "value is a JSON number that keeps the column's scale.");

    /** Per-format option, prefixed with the format name. */
    public static final ConfigOption<Boolean> ENCODE_IGNORE_NULL_FIELDS = ConfigOptions.key("encode.ignore-null-fields")
            .booleanType()
            .defaultValue(false)
            .withDescription("Leave out fields whose value is null (columns and envelope members such as "
                    + "\"before\":null) instead of writing them as null.");

    /** Option of {@code debezium-json} only, prefixed {@code debezium-json.}. */
    public static final ConfigOption<Boolean> INCLUDE_SCHEMA = ConfigOptions.key("include-schema.enabled")
            .booleanType()
            .defaultValue(false)
            .withDescription("Wrap each debezium-json message as {\"schema\":…,\"payload\":…} with a Kafka Connect "
                    + "JSON schema describing the payload as written: column types, nullability, "
                    + "comments (doc), defaults, the primary key and each column's MySQL type with "
                    + "its length and scale (Debezium's __debezium.source.column.* parameters).");

    /** The options every JSON format takes, without prefix. */
    public static final List<ConfigOption<?>> JSON_FORMAT_OPTIONS =
            List.of(TIMESTAMP_FORMAT_STANDARD, ENCODE_DECIMAL_AS_PLAIN_NUMBER, ENCODE_IGNORE_NULL_FIELDS);

    private FormatOptions() {}

    /** The options of one value format, without prefix. */
    public static List<ConfigOption<?>> valueFormatOptions(ValueFormat format) {
        if (format == ValueFormat.DEBEZIUM_JSON) {
            return List.of(
                    TIMESTAMP_FORMAT_STANDARD,
                    ENCODE_DECIMAL_AS_PLAIN_NUMBER,
                    ENCODE_IGNORE_NULL_FIELDS,
                    INCLUDE_SCHEMA);
        }
        return JSON_FORMAT_OPTIONS;
    }
}

package dev.cdclake.capture.format;

import dev.cdclake.events.ChangeEvent;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DelegatingConfiguration;
import org.apache.flink.configuration.ReadableConfig;

import javax.annotation.Nullable;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the key and value serializers from sink options: {@code value.format}, {@code key.format} and the prefixed
 * format options ({@code debezium-json.*}, {@code canal-json.*}, {@code json.*}). Keys without a format prefix are
 * ignored, so the whole sink block may be passed.
 */
public final class RecordSerializers {

    private RecordSerializers() {}

    /** Serializers for the formats named by {@code value.format} and {@code key.format} in the sink options. */
    public static RecordSerializer create(Map<String, String> sinkOptions) {
        Configuration conf = Configuration.fromMap(sinkOptions);
        return create(
                parse(conf, FormatOptions.VALUE_FORMAT, FormatOptions.VALUE_FORMAT.key(), ValueFormat.values()),
                parse(conf, FormatOptions.KEY_FORMAT, FormatOptions.KEY_FORMAT.key(), KeyFormat.values()),
                sinkOptions);
    }

    public static RecordSerializer create(ValueFormat valueFormat, KeyFormat keyFormat, Map<String, String> sinkOptions) {
        validateFormatOptions(valueFormat, keyFormat, sinkOptions);
        return new RecordSerializer(keySerializer(keyFormat, sinkOptions), valueSerializer(valueFormat, sinkOptions));
    }

    /** The value serializer of a format, configured by the options under its prefix. */
    public static JsonChangeEventSerializer valueSerializer(ValueFormat format, Map<String, String> sinkOptions) {
        DelegatingConfiguration options =
                new DelegatingConfiguration(Configuration.fromMap(sinkOptions), format.optionPrefix());
        JsonFormatConfig config = jsonFormatConfig(options, format.optionPrefix());
        switch (format) {
            case DEBEZIUM_JSON:
                return new DebeziumJsonSerializer(config, parse(options, FormatOptions.INCLUDE_SCHEMA,
                        format.optionPrefix() + FormatOptions.INCLUDE_SCHEMA.key(), "true", "false"));
            case CANAL_JSON:
                return new CanalJsonSerializer(config);
            case JSON:
                return new JsonSerializer(config);
            default:
                throw new IllegalArgumentException("Unknown value format " + format);
        }
    }

    /** The key serializer of a format; a JSON key takes the {@code json.*} options. */
    public static SerializationSchema<ChangeEvent> keySerializer(KeyFormat format, Map<String, String> sinkOptions) {
        if (format == KeyFormat.CSV) {
            return new CsvKeySerializer();
        }
        String prefix = FormatOptions.keyOptionPrefix(format);
        DelegatingConfiguration options = new DelegatingConfiguration(Configuration.fromMap(sinkOptions), prefix);
        return new JsonKeySerializer(jsonFormatConfig(options, prefix));
    }

    /**
     * Rejects format options that the chosen formats do not take: misspelt keys and options of formats not in use
     * (for example {@code canal-json.*} while {@code value.format} is {@code debezium-json}).
     */
    public static void validateFormatOptions(ValueFormat valueFormat, KeyFormat keyFormat, Map<String, String> sinkOptions) {
        Set<String> supported = FormatOptions.supportedKeys(valueFormat, keyFormat);
        for (String key : sinkOptions.keySet()) {
            ValueFormat owner = formatOfPrefix(key);
            if (owner == null || supported.contains(key)) {
                continue;
            }
            boolean formatInUse = owner == valueFormat || (owner == ValueFormat.JSON && keyFormat == KeyFormat.JSON);
            if (!formatInUse) {
                throw new IllegalArgumentException(String.format(
                        "Option '%s' configures the '%s' format, which this sink does not use (value.format: %s, "
                                + "key.format: %s). Remove it, or change value.format to '%s'.",
                        key, owner, valueFormat, keyFormat, owner));
            }
            throw new IllegalArgumentException(String.format(
                    "Unknown option '%s'. The formats in use (value.format: %s, key.format: %s) take: %s.",
                    key, valueFormat, keyFormat, String.join(", ", supported)));
        }
    }

    @Nullable
    private static ValueFormat formatOfPrefix(String key) {
        for (ValueFormat format : ValueFormat.values()) {
            if (key.startsWith(format.optionPrefix())) {
                return format;
            }
        }
        return null;
    }

    private static JsonFormatConfig jsonFormatConfig(DelegatingConfiguration options, String prefix) {
        return new JsonFormatConfig(
                parse(options, FormatOptions.TIMESTAMP_FORMAT_STANDARD, prefix + FormatOptions.TIMESTAMP_FORMAT_STANDARD.key(),
                        TimestampFormat.values()),
                parse(options, FormatOptions.ENCODE_DECIMAL_AS_PLAIN_NUMBER,
                        prefix + FormatOptions.ENCODE_DECIMAL_AS_PLAIN_NUMBER.key(), "true", "false"),
                parse(options, FormatOptions.ENCODE_IGNORE_NULL_FIELDS,
                        prefix + FormatOptions.ENCODE_IGNORE_NULL_FIELDS.key(), "true", "false"));
    }

    /** Reads an option, turning Flink's parse error into one naming the key as the user wrote it. */
    private static <T> T parse(ReadableConfig conf, ConfigOption<T> option, String userKey, Object... allowed) {
        try {
            return conf.get(option);
        } catch (IllegalArgumentException e) {
            String written = conf.getOptional(ConfigOptions.key(option.key()).stringType().noDefaultValue()).orElse("");
            throw new IllegalArgumentException(String.format(
                    "Invalid value '%s' for '%s'. Use one of: %s.",
                    written, userKey, Arrays.stream(allowed).map(String::valueOf).collect(Collectors.joining(", "))),
                    e);
        }
    }
}

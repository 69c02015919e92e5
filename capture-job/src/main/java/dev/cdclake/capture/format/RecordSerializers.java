package dev.cdclake.capture.format;

import dev.cdclake.capture.KafkaSinkOptions;
import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.config.ValidatedOptions;
import dev.cdclake.events.wire.ValueFormat;
import org.apache.flink.api.common.serialization.SerializationSchema;

import java.util.Map;

/**
 * Builds the key and value serializers from a sink block: {@code value.format}, {@code key.format} and the prefixed
 * format options ({@code debezium-json.*}, {@code canal-json.*}, {@code json.*}), checked by
 * {@link KafkaSinkOptions#BLOCK}.
 */
public final class RecordSerializers {

    private RecordSerializers() {}

    /**
     * Serializers for the formats named by {@code value.format} and {@code key.format} in the sink options.
     *
     * @throws dev.cdclake.events.config.PipelineConfigException for an option the sink block does not take
     */
    public static RecordSerializer create(Map<String, String> sinkOptions) {
        return create(KafkaSinkOptions.BLOCK.validate(sinkOptions));
    }

    public static RecordSerializer create(ValidatedOptions sink) {
        return new RecordSerializer(keySerializer(sink), valueSerializer(sink));
    }

    /** The value serializer of the sink's format, configured by the options under the format's prefix. */
    public static JsonChangeEventSerializer valueSerializer(ValidatedOptions sink) {
        ValueFormat format = sink.get(FormatOptions.VALUE_FORMAT);
        ValidatedOptions options = sink.group(format.optionPrefix());
        JsonFormatConfig config = jsonFormatConfig(options);
        switch (format) {
            case DEBEZIUM_JSON:
                return new DebeziumJsonSerializer(config, options.get(FormatOptions.INCLUDE_SCHEMA));
            case CANAL_JSON:
                return new CanalJsonSerializer(config);
            case JSON:
                return new JsonSerializer(config);
            default:
                throw new IllegalArgumentException("Unknown value format " + format);
        }
    }

    /** The key serializer of the sink's key format; a JSON key takes the {@code json.*} options. */
    public static SerializationSchema<ChangeEvent> keySerializer(ValidatedOptions sink) {
        if (sink.get(FormatOptions.KEY_FORMAT) == KeyFormat.CSV) {
            return new CsvKeySerializer();
        }
        return new JsonKeySerializer(jsonFormatConfig(sink.group(ValueFormat.JSON.optionPrefix())));
    }

    private static JsonFormatConfig jsonFormatConfig(ValidatedOptions options) {
        return new JsonFormatConfig(
                options.get(FormatOptions.TIMESTAMP_FORMAT_STANDARD),
                options.get(FormatOptions.ENCODE_DECIMAL_AS_PLAIN_NUMBER),
                options.get(FormatOptions.ENCODE_IGNORE_NULL_FIELDS));
    }
}

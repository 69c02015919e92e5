package dev.cdclake.capture.format;

import dev.cdclake.events.ChangeEvent;
import org.apache.flink.api.common.serialization.SerializationSchema;

import javax.annotation.Nullable;
import java.io.Serializable;
import java.util.Objects;

/**
 * The Kafka key and value serializers of a sink, as {@link RecordSerializers} builds them from the sink options.
 * Serializable; one instance serves one thread. {@link #open} is optional: state is created on first use otherwise.
 */
public final class RecordSerializer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SerializationSchema<ChangeEvent> keySerializer;
    private final SerializationSchema<ChangeEvent> valueSerializer;

    public RecordSerializer(
            SerializationSchema<ChangeEvent> keySerializer, SerializationSchema<ChangeEvent> valueSerializer) {
        this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer");
        this.valueSerializer = Objects.requireNonNull(valueSerializer, "valueSerializer");
    }

    public void open(SerializationSchema.InitializationContext context) throws Exception {
        keySerializer.open(context);
        valueSerializer.open(context);
    }

    /** The record key: table identifier and primary-key values. */
    public byte[] serializeKey(ChangeEvent event) {
        return keySerializer.serialize(event);
    }

    /** The record value, or null for a tombstone (a delete in the {@code json} value format). */
    @Nullable
    public byte[] serializeValue(ChangeEvent event) {
        return valueSerializer.serialize(event);
    }

    public SerializationSchema<ChangeEvent> keySerializer() {
        return keySerializer;
    }

    public SerializationSchema<ChangeEvent> valueSerializer() {
        return valueSerializer;
    }
}

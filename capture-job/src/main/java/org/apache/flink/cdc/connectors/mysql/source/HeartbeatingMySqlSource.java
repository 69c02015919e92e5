package org.apache.flink.cdc.connectors.mysql.source;

import dev.cdclake.capture.source.HeartbeatRecordEmitter;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;

/**
 * The one door into Flink CDC's package: {@link MySqlSource}'s constructor that takes the record emitter is
 * package-private, and its own emitter drops Debezium's heartbeat records after advancing the split's offset. cdclake
 * needs them ({@link HeartbeatRecordEmitter}), so it builds the source here, from the configuration the public builder
 * made. The connector ships inside the job's jar, so this class and the connector share a class loader.
 */
public final class HeartbeatingMySqlSource {
    private HeartbeatingMySqlSource() {}

    /** {@code built}, emitting heartbeats to {@code deserializer} as well as row changes. */
    public static <T> MySqlSource<T> of(MySqlSource<T> built, DebeziumDeserializationSchema<T> deserializer) {
        return new MySqlSource<>(
                built.getConfigFactory(),
                deserializer,
                (metrics, config) ->
                        new HeartbeatRecordEmitter<>(deserializer, metrics, config.isIncludeSchemaChanges()));
    }
}

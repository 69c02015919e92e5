package org.apache.flink.cdc.connectors.mysql.source;

import dev.cdclake.capture.source.HeartbeatRecordEmitter;
import dev.cdclake.capture.source.SnapshotChunks;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.cdc.connectors.mysql.source.config.MySqlSourceConfig;
import org.apache.flink.cdc.connectors.mysql.source.config.MySqlSourceConfigFactory;
import org.apache.flink.cdc.connectors.mysql.source.metrics.MySqlSourceReaderMetrics;
import org.apache.flink.cdc.connectors.mysql.source.reader.MySqlRecordEmitter;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplit;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.metrics.MetricGroup;

import java.io.Serializable;

/**
 * The one door into Flink CDC's package: {@link MySqlSource}'s constructor that takes the record emitter is
 * package-private, and its own emitter drops Debezium's heartbeat records after advancing the split's offset. cdclake
 * needs them ({@link HeartbeatRecordEmitter}), so it builds the source here, from the configuration the public builder
 * made; the emitter also counts each table's finished snapshot chunks in the reader's metric group
 * ({@link SnapshotChunks}). The connector ships inside the job's jar, so this class and the connector share a class
 * loader.
 */
public final class HeartbeatingMySqlSource<T> extends MySqlSource<T> {
    private static final long serialVersionUID = 1L;

    private final ReaderGroup readerGroup;

    private HeartbeatingMySqlSource(
            MySqlSourceConfigFactory factory,
            DebeziumDeserializationSchema<T> deserializer,
            boolean heartbeats,
            ReaderGroup readerGroup) {
        super(factory, deserializer, new Emitters<>(deserializer, heartbeats, readerGroup));
        this.readerGroup = readerGroup;
    }

    /** {@code built}, emitting heartbeats to {@code deserializer} as well as row changes when {@code heartbeats}. */
    public static <T> MySqlSource<T> of(
            MySqlSource<T> built, DebeziumDeserializationSchema<T> deserializer, boolean heartbeats) {
        return new HeartbeatingMySqlSource<>(built.getConfigFactory(), deserializer, heartbeats, new ReaderGroup());
    }

    @Override
    public SourceReader<T, MySqlSplit> createReader(SourceReaderContext context) throws Exception {
        // the emitter is made inside, and gets no context of its own
        readerGroup.group = context.metricGroup();
        return super.createReader(context);
    }

    /** The metric group of this copy of the source's reader; the source and its emitter supplier share it. */
    private static final class ReaderGroup implements Serializable {
        private static final long serialVersionUID = 1L;
        private transient MetricGroup group;
    }

    private static final class Emitters<T> implements RecordEmitterSupplier<T> {
        private static final long serialVersionUID = 1L;
        private final DebeziumDeserializationSchema<T> deserializer;
        private final boolean heartbeats;
        private final ReaderGroup readerGroup;

        Emitters(DebeziumDeserializationSchema<T> deserializer, boolean heartbeats, ReaderGroup readerGroup) {
            this.deserializer = deserializer;
            this.heartbeats = heartbeats;
            this.readerGroup = readerGroup;
        }

        @Override
        public MySqlRecordEmitter<T> get(MySqlSourceReaderMetrics metrics, MySqlSourceConfig config) {
            return new HeartbeatRecordEmitter<>(
                    deserializer,
                    metrics,
                    config.isIncludeSchemaChanges(),
                    heartbeats,
                    new SnapshotChunks(readerGroup.group));
        }
    }
}

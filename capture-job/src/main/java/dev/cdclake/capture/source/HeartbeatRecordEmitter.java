package dev.cdclake.capture.source;

import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.cdc.connectors.mysql.source.metrics.MySqlSourceReaderMetrics;
import org.apache.flink.cdc.connectors.mysql.source.reader.MySqlRecordEmitter;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSnapshotSplit;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplitState;
import org.apache.flink.cdc.connectors.mysql.source.utils.RecordUtils;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.util.Collector;

/**
 * Flink CDC's record emitter, which also hands Debezium's heartbeat records to the deserializer (Flink CDC only moves
 * the split's offset with them). Their offset holds the commit time of the last binlog event read, of any table: a
 * watermark that keeps the lake's freshness true for tables that stay idle ({@link ChangeEventDeserializer}). It also
 * counts each table's finished snapshot chunks ({@link SnapshotChunks}).
 */
public final class HeartbeatRecordEmitter<T> extends MySqlRecordEmitter<T> {
    private final DebeziumDeserializationSchema<T> deserializer;
    private final boolean heartbeats;
    private final SnapshotChunks chunks;
    private final ToSourceOutput<T> toOutput = new ToSourceOutput<>();

    public HeartbeatRecordEmitter(
            DebeziumDeserializationSchema<T> deserializer,
            MySqlSourceReaderMetrics metrics,
            boolean includeSchemaChanges,
            boolean heartbeats,
            SnapshotChunks chunks) {
        super(deserializer, metrics, includeSchemaChanges);
        this.deserializer = deserializer;
        this.heartbeats = heartbeats;
        this.chunks = chunks;
    }

    @Override
    protected void processElement(SourceRecord element, SourceOutput<T> output, MySqlSplitState splitState)
            throws Exception {
        super.processElement(element, output, splitState);
        if (heartbeats && RecordUtils.isHeartbeatEvent(element)) {
            toOutput.output = output;
            deserializer.deserialize(element, toOutput);
        } else if (splitState.isSnapshotSplitState() && RecordUtils.isHighWatermarkEvent(element)) {
            // a snapshot split's high watermark closes its chunk
            MySqlSnapshotSplit split = splitState.asSnapshotSplitState().toMySqlSplit();
            chunks.done(split.getTableId(), split.getSplitEnd() == null);
        }
    }

    /** The deserializer's collector, writing to the current split's output. */
    private static final class ToSourceOutput<T> implements Collector<T> {
        private SourceOutput<T> output;

        @Override
        public void collect(T record) {
            output.collect(record);
        }

        @Override
        public void close() {}
    }
}

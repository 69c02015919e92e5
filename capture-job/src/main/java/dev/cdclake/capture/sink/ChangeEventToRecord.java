package dev.cdclake.capture.sink;

import dev.cdclake.capture.KafkaSinkOptions.PartitionStrategy;
import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Op;
import dev.cdclake.events.SourceDdl;
import dev.cdclake.events.TableId;
import dev.cdclake.events.health.CheckpointClock;
import dev.cdclake.events.health.OutageGuard;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.common.utils.Utils;

import javax.annotation.Nullable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Renders a change into its Kafka key and value bytes, chooses topic, partition and Kafka writer (by table under
 * all-to-zero; under hash-by-key the partition by key and the writer by partition: either keeps one primary key on one
 * writer, and each partition one writer's sequence), and names the change's published
 * schema ({@link SchemaPublisher}); turns a binlog
 * heartbeat into heartbeat records for every partition and writer ({@link HeartbeatFanOut}). Runs chained to the
 * source, so events never cross the network as objects. Keeps the time of the last checkpoint, so that a restart after
 * a long outage can end the job ({@link OutageGuard}).
 */
public final class ChangeEventToRecord extends RichFlatMapFunction<ChangeEvent, SerializedRecord>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final SerializationSchema<ChangeEvent> keySerializer;
    private final SerializationSchema<ChangeEvent> valueSerializer;
    private final TopicRouter router;
    private final PartitionStrategy partitionStrategy;

    @Nullable
    private final TopicCreator topicCreator;

    @Nullable
    private final SchemaPublisher schemaPublisher;

    @Nullable
    private final TopicPartitions partitions;

    @Nullable
    private final HeartbeatFanOut heartbeats;

    @Nullable
    private final OutageGuard outageGuard;

    private final Map<TableId, Long> estimatedRows;

    private transient CaptureMetrics metrics;

    private transient CheckpointClock checkpointClock;

    private transient Set<String> knownTopics;

    public ChangeEventToRecord(
            SerializationSchema<ChangeEvent> keySerializer,
            SerializationSchema<ChangeEvent> valueSerializer,
            TopicRouter router,
            PartitionStrategy partitionStrategy,
            @Nullable TopicCreator topicCreator,
            @Nullable SchemaPublisher schemaPublisher,
            @Nullable TopicPartitions partitions,
            @Nullable HeartbeatFanOut heartbeats,
            @Nullable OutageGuard outageGuard,
            Map<TableId, Long> estimatedRows) {
        this.keySerializer = keySerializer;
        this.valueSerializer = valueSerializer;
        this.router = router;
        this.partitionStrategy = partitionStrategy;
        this.topicCreator = topicCreator;
        this.schemaPublisher = schemaPublisher;
        this.partitions = partitions;
        this.heartbeats = heartbeats;
        if ((heartbeats != null || partitionStrategy == PartitionStrategy.HASH_BY_KEY) && partitions == null) {
            throw new IllegalArgumentException("heartbeats and hash-by-key need the topics' partition counts");
        }
        this.outageGuard = outageGuard;
        this.estimatedRows = new HashMap<>(estimatedRows);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointClock = CheckpointClock.restore(
                context.getOperatorStateStore(),
                context.isRestored(),
                getRuntimeContext().getTaskInfo().getAttemptNumber(),
                outageGuard);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointClock.checkpointed(context.getCheckpointTimestamp());
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        SerializationSchema.InitializationContext ctx = new SerializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return getRuntimeContext().getMetricGroup();
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return SimpleUserCodeClassLoader.create(getRuntimeContext().getUserCodeClassLoader());
            }
        };
        keySerializer.open(ctx);
        valueSerializer.open(ctx);
        knownTopics = new HashSet<>();
        metrics = new CaptureMetrics(getRuntimeContext().getMetricGroup(), estimatedRows);
    }

    @Override
    public void flatMap(ChangeEvent event, Collector<SerializedRecord> out) {
        if (event.isHeartbeat()) {
            if (heartbeats != null) {
                heartbeats.emit(event.opTs(), partitions, out);
            }
            return;
        }
        if (event.op() == Op.SCHEMA_CHANGE) {
            markers(event, out);
            return;
        }
        out.collect(map(event));
    }

    /**
     * The markers of a DDL statement. Under all-to-zero: one record in partition 0 of the table's topic, through the
     * writer of the table's changes, which takes every change of the table too. Under hash-by-key: a copy in every
     * partition of the topic, each through the writer of that partition's changes ({@link #map}). Either way every
     * partition that carries the table holds the statement's marker between the changes before it and those after it.
     */
    public void markers(ChangeEvent event, Collector<SerializedRecord> out) {
        String topic = topicOf(event);
        if (partitionStrategy == PartitionStrategy.ALL_TO_ZERO) {
            out.collect(SerializedRecord.ddlMarker(
                    topic, 0, event.ddl().inSequence(1), event.opTs(), writerHashOfTable(event)));
            return;
        }
        int count = partitions.of(topic);
        SourceDdl copy = event.ddl().inSequence(count);
        for (int partition = 0; partition < count; partition++) {
            out.collect(SerializedRecord.ddlMarker(topic, partition, copy, event.opTs(), partition));
        }
    }

    /** The record of a row change. */
    public SerializedRecord map(ChangeEvent event) {
        if (metrics != null) {
            metrics.record(event);
        }
        String topic = topicOf(event);
        byte[] schemaId = schemaPublisher == null ? null : schemaPublisher.idOf(event.tableId(), event.schema());
        byte[] key = keySerializer.serialize(event);
        byte[] value = valueSerializer.serialize(event);
        int partition;
        int writerHash;
        if (partitionStrategy == PartitionStrategy.ALL_TO_ZERO) {
            partition = 0;
            writerHash = writerHashOfTable(event);
        } else {
            // the partition Kafka's own partitioner picks for the key, chosen here so that the partition's writer is
            // chosen with it: one writer per partition keeps the partition one sequence for the DDL markers
            partition = Utils.toPositive(Utils.murmur2(key)) % partitions.of(topic);
            writerHash = partition;
        }
        return new SerializedRecord(
                topic,
                partition,
                key,
                value,
                event.tableId().database(),
                event.tableId().table(),
                writerHash,
                schemaId,
                event.opTs());
    }

    /**
     * The writer of a table's changes under all-to-zero, and of its DDL markers: the same on every subtask and after a
     * restart (String hashes are specified), so one table is one sequence in partition 0 at any number of writers.
     */
    private static int writerHashOfTable(ChangeEvent event) {
        return event.tableId().hashCode();
    }

    private String topicOf(ChangeEvent event) {
        String topic = router.topicOf(event.tableId());
        if (knownTopics.add(topic)) {
            if (topicCreator != null) {
                topicCreator.ensureExists(topic);
            }
            if (partitions != null) {
                partitions.add(topic);
            }
        }
        return topic;
    }

    @Override
    public void close() throws Exception {
        if (topicCreator != null) {
            topicCreator.close();
        }
        if (schemaPublisher != null) {
            schemaPublisher.close();
        }
        if (partitions != null) {
            partitions.close();
        }
    }
}

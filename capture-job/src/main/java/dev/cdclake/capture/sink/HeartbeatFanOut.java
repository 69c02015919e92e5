package dev.cdclake.capture.sink;

import org.apache.flink.util.Collector;

import java.io.Serializable;
import java.util.Map;

/**
 * Turns one binlog heartbeat into heartbeat records for every partition of every topic the job writes, once per Kafka
 * writer: a writer's records reach a partition in order, so each writer's heartbeat says that everything that writer
 * sent there before is committed at or before the watermark; a reader takes the smallest of the writers'.
 */
public final class HeartbeatFanOut implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int writers;

    /** @param writers the Kafka writers' parallelism */
    public HeartbeatFanOut(int writers) {
        this.writers = writers;
    }

    void emit(long watermark, TopicPartitions partitions, Collector<SerializedRecord> out) {
        for (Map.Entry<String, Integer> topic : partitions.all().entrySet()) {
            for (int partition = 0; partition < topic.getValue(); partition++) {
                for (int writer = 0; writer < writers; writer++) {
                    out.collect(SerializedRecord.heartbeat(topic.getKey(), partition, watermark, writer, writers));
                }
            }
        }
    }
}

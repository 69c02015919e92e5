package dev.cdclake.capture.sink;

import org.apache.flink.util.Collector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one binlog heartbeat into heartbeat records for every partition of every topic the job writes, once per Kafka
 * writer: a writer's records reach a partition in order, so each writer's heartbeat says that everything that writer
 * sent there before is committed at or before the watermark; a reader takes the smallest of the writers'. Partition
 * counts come from the cluster and are re-read every {@link #REFRESH_MILLIS}; while Kafka cannot say, the known counts
 * are used.
 */
public final class HeartbeatFanOut implements Serializable, AutoCloseable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatFanOut.class);
    private static final long REFRESH_MILLIS = 300_000;
    private static final int TIMEOUT_MILLIS = 5_000;

    private final Map<String, String> adminProperties;
    private final int writers;
    private final Set<String> topics;

    private transient Admin admin;
    private transient Map<String, Integer> partitions;
    private transient long refreshedAt;
    private transient boolean failing;

    /**
     * @param topics the topics the job writes that are known before it runs (those of the captured tables); topics
     *     first written later are added with {@link #add}
     * @param writers the Kafka writers' parallelism
     */
    public HeartbeatFanOut(Map<String, String> adminProperties, Set<String> topics, int writers) {
        this.adminProperties = new HashMap<>(adminProperties);
        this.topics = new LinkedHashSet<>(topics);
        this.writers = writers;
    }

    void add(String topic) {
        if (topics.add(topic) && partitions != null) {
            refreshedAt = 0;
        }
    }

    void emit(long watermark, Collector<SerializedRecord> out) {
        refreshIfDue();
        for (Map.Entry<String, Integer> topic : partitions.entrySet()) {
            for (int partition = 0; partition < topic.getValue(); partition++) {
                for (int writer = 0; writer < writers; writer++) {
                    out.collect(SerializedRecord.heartbeat(topic.getKey(), partition, watermark, writer, writers));
                }
            }
        }
    }

    private void refreshIfDue() {
        if (partitions == null) {
            partitions = new HashMap<>();
        }
        long now = System.currentTimeMillis();
        if (now - refreshedAt < REFRESH_MILLIS || topics.isEmpty()) {
            return;
        }
        refreshedAt = now;
        try {
            Map<String, TopicDescription> described = admin().describeTopics(
                            new ArrayList<>(topics), new DescribeTopicsOptions().timeoutMs(TIMEOUT_MILLIS))
                    .allTopicNames()
                    .get();
            described.forEach((name, d) -> partitions.put(name, d.partitions().size()));
            if (failing) {
                LOG.info("Heartbeats go to {} topics again", partitions.size());
                failing = false;
            }
        } catch (Exception e) {
            if (!failing) {
                LOG.warn(
                        "Cannot read the partitions of {} for heartbeats ({}); using the {} known",
                        topics,
                        e.toString(),
                        partitions.size());
                failing = true;
            }
            refreshedAt = now - REFRESH_MILLIS + 30_000;
        }
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> p = new HashMap<>(adminProperties);
            p.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "cdclake-heartbeats");
            admin = Admin.create(p);
        }
        return admin;
    }

    /** For tests: the topics heartbeats go to. */
    List<String> topics() {
        return new ArrayList<>(topics);
    }

    @Override
    public void close() {
        if (admin != null) {
            // a pending query would otherwise hold the task's shutdown while the brokers are away
            admin.close(Duration.ZERO);
            admin = null;
        }
    }
}

package dev.cdclake.capture.sink;

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
 * The partition counts of the topics capture-job writes, read from the cluster and re-read every
 * {@link #REFRESH_MILLIS}; while Kafka cannot say, the known counts are kept. Heartbeats go to every partition with it
 * ({@link HeartbeatFanOut}), and {@code partition.strategy: hash-by-key} chooses each change's partition and writer and
 * copies DDL markers into every partition with it ({@link ChangeEventToRecord}).
 */
public final class TopicPartitions implements Serializable, AutoCloseable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TopicPartitions.class);
    private static final long REFRESH_MILLIS = 300_000;
    private static final int TIMEOUT_MILLIS = 5_000;

    private final Map<String, String> adminProperties;
    private final Set<String> topics;

    private transient Admin admin;
    private transient Map<String, Integer> partitions;
    private transient long refreshedAt;
    private transient boolean failing;

    /**
     * @param topics the topics the job writes that are known before it runs (those of the captured tables); topics
     *     first written later are added with {@link #add}
     */
    public TopicPartitions(Map<String, String> adminProperties, Set<String> topics) {
        this.adminProperties = new HashMap<>(adminProperties);
        this.topics = new LinkedHashSet<>(topics);
    }

    void add(String topic) {
        if (topics.add(topic) && partitions != null) {
            refreshedAt = 0;
        }
    }

    /** The known partition counts by topic, refreshed when due. */
    Map<String, Integer> all() {
        refreshIfDue();
        return partitions;
    }

    /**
     * The partition count of a topic the job writes ({@link #add}ed before).
     *
     * @throws IllegalStateException when Kafka has not told it yet
     */
    int of(String topic) {
        Integer count = all().get(topic);
        if (count == null) {
            // a topic added since the last refresh
            refreshedAt = 0;
            count = all().get(topic);
        }
        if (count == null || count <= 0) {
            throw new IllegalStateException("Cannot read the partition count of Kafka topic " + topic
                    + ", which partition.strategy hash-by-key needs to keep each partition one writer's sequence;"
                    + " check that the brokers answer and that the client may DESCRIBE the topic");
        }
        return count;
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
                LOG.info("The partition counts of {} topics are known again", partitions.size());
                failing = false;
            }
        } catch (Exception e) {
            if (!failing) {
                LOG.warn(
                        "Cannot read the partitions of {} ({}); using the {} known",
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
            p.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "cdclake-partitions");
            admin = Admin.create(p);
        }
        return admin;
    }

    /** For tests: the topics whose partitions are read. */
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

package dev.cdclake.capture.sink;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates missing topics before the first record is written to them, with the configured partitions and replication
 * factor (the broker's defaults when unset). Topics that exist are left as they are. Needs the CREATE ACL on a
 * secured cluster; without it, set {@code sink.topic.create.enabled: false} and rely on the broker.
 */
public final class TopicCreator implements Serializable, AutoCloseable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);

    private final Map<String, String> clientProperties;

    @Nullable
    private final Integer partitions;

    @Nullable
    private final Integer replicationFactor;

    private transient Admin admin;

    public TopicCreator(
            Map<String, String> clientProperties, @Nullable Integer partitions, @Nullable Integer replicationFactor) {
        this.clientProperties = new HashMap<>(clientProperties);
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    /** Creates a data topic with the configured partitions when it is missing. */
    public void ensureExists(String topic) {
        ensureExists(topic, partitions, Map.of());
    }

    /**
     * Creates a compacted topic of one partition when it is missing: the schema topic, whose records (one per schema
     * id) must be kept as long as any data record may name them.
     */
    public void ensureCompacted(String topic) {
        ensureExists(topic, 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    private void ensureExists(String topic, @Nullable Integer topicPartitions, Map<String, String> configs) {
        try {
            Set<String> existing = admin().listTopics().names().get(60, TimeUnit.SECONDS);
            if (existing.contains(topic)) {
                return;
            }
            NewTopic t = new NewTopic(
                            topic,
                            Optional.ofNullable(topicPartitions),
                            Optional.ofNullable(replicationFactor == null ? null : replicationFactor.shortValue()))
                    .configs(configs);
            admin().createTopics(List.of(t)).all().get(60, TimeUnit.SECONDS);
            LOG.info(
                    "Created topic {} (partitions {}, replication factor {}{})",
                    topic,
                    topicPartitions == null ? "broker default" : topicPartitions,
                    replicationFactor == null ? "broker default" : replicationFactor,
                    configs.isEmpty() ? "" : ", " + configs);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "Cannot create Kafka topic '" + topic + "': " + e.getCause()
                                + ". Create it yourself, or set sink.topic.create.enabled: false to rely on the "
                                + "broker's "
                                + "auto.create.topics.enable",
                        e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + topic, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka did not answer within 60 s while checking topic '" + topic + "' at "
                            + clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG),
                    e);
        }
    }

    private Admin admin() {
        if (admin == null) {
            Properties p = new Properties();
            p.putAll(clientProperties);
            admin = Admin.create(p);
        }
        return admin;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}

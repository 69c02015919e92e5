package dev.cdclake.capture.sink;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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
    @Nullable private final Integer partitions;
    @Nullable private final Integer replicationFactor;
    private transient Admin admin;

    public TopicCreator(Map<String, String> clientProperties, @Nullable Integer partitions,
            @Nullable Integer replicationFactor) {
        this.clientProperties = new HashMap<>(clientProperties);
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    public void ensureExists(String topic) {
        try {
            Set<String> existing = admin().listTopics().names().get(60, TimeUnit.SECONDS);
            if (existing.contains(topic)) {
                return;
            }
            NewTopic t = new NewTopic(topic, Optional.ofNullable(partitions),
                    Optional.ofNullable(replicationFactor == null ? null : replicationFactor.shortValue()));
            admin().createTopics(List.of(t)).all().get(60, TimeUnit.SECONDS);
            LOG.info("Created topic {} (partitions {}, replication factor {})", topic,
                    partitions == null ? "broker default" : partitions,
                    replicationFactor == null ? "broker default" : replicationFactor);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create Kafka topic '" + topic + "': " + e.getCause()
                        + ". Create it yourself, or set sink.topic.create.enabled: false to rely on the broker's "
                        + "auto.create.topics.enable", e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + topic, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within 60 s while checking topic '" + topic
                    + "' at " + clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG), e);
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

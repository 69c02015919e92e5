package dev.cdclake.events.preflight;

import dev.cdclake.events.config.PipelineConfigException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * Checks, before a job starts, that the Kafka cluster a block names answers, accepts the client's credentials and
 * holds (or lets the job create) the topics the job needs: a wrong address, password, topic or ACL then ends the launch
 * with one line naming the setting, instead of a job that retries forever. Every call is bounded by the client's
 * {@code default.api.timeout.ms}, {@value #DEFAULT_TIMEOUT_MS} ms unless the block sets it under {@code properties.*}.
 * Messages never hold a secret.
 */
public final class KafkaPreflight implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaPreflight.class);

    /** How long the pre-flight check waits for the cluster unless {@code properties.default.api.timeout.ms} is set. */
    public static final long DEFAULT_TIMEOUT_MS = 15_000;

    private static final String TIMEOUT_KEY = AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG;

    private final String block;
    private final String bootstrapServers;
    private final long timeoutMs;
    private final Admin admin;

    private KafkaPreflight(String block, String bootstrapServers, long timeoutMs, Admin admin) {
        this.block = block;
        this.bootstrapServers = bootstrapServers;
        this.timeoutMs = timeoutMs;
        this.admin = admin;
    }

    /**
     * Connects to the cluster and authenticates.
     *
     * @param block the configuration block, {@code source} or {@code sink}, that messages name the settings of
     * @param clientProperties the block's {@code properties.*}, {@code bootstrap.servers} included
     * @throws PipelineConfigException when no broker answers in time or the credentials are refused
     */
    public static KafkaPreflight connect(String block, Map<String, String> clientProperties) {
        Map<String, Object> admin = new HashMap<>();
        Set<String> known = AdminClientConfig.configNames();
        // only what an admin client understands: the producer's or consumer's tuning would be logged as unknown
        clientProperties.forEach((k, v) -> {
            if (known.contains(k)) {
                admin.put(k, v);
            }
        });
        String bootstrap = String.valueOf(admin.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        long timeoutMs = timeout(block, clientProperties.get(TIMEOUT_KEY));
        admin.put(TIMEOUT_KEY, String.valueOf(timeoutMs));
        admin.merge(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                String.valueOf(timeoutMs),
                (set, bound) -> String.valueOf(Math.min(Long.parseLong((String) set), Long.parseLong((String) bound))));
        admin.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "cdclake-preflight");
        Admin client;
        try {
            client = Admin.create(admin);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof ConfigException) {
                throw new PipelineConfigException(String.format(
                        "%s.properties.bootstrap.servers '%s' cannot be used: %s; write host:port[,host:port...] of "
                                + "brokers this machine can resolve and reach",
                        block, bootstrap, e.getCause().getMessage()));
            }
            throw new PipelineConfigException(String.format(
                    "The Kafka client settings under %s.properties.* are not usable: %s", block, rootMessage(e)));
        }
        KafkaPreflight preflight = new KafkaPreflight(block, bootstrap, timeoutMs, client);
        try {
            String clusterId = preflight.await(
                    client.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs))
                            .clusterId(),
                    "connecting");
            LOG.info("Kafka cluster {} at {} answers", clusterId, bootstrap);
            return preflight;
        } catch (RuntimeException e) {
            client.close(Duration.ZERO);
            throw e;
        }
    }

    private static long timeout(String block, @Nullable String configured) {
        if (configured == null) {
            return DEFAULT_TIMEOUT_MS;
        }
        try {
            long ms = Long.parseLong(configured.trim());
            if (ms > 0 && ms <= Integer.MAX_VALUE) {
                return ms;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new PipelineConfigException(String.format(
                "%s.properties.%s is '%s'; write milliseconds, e.g. 15000", block, TIMEOUT_KEY, configured));
    }

    /**
     * Requires every topic to exist and to allow {@code operation} (where the broker reports ACLs).
     *
     * @param option the setting that named the topics, e.g. {@code source.topic}
     * @param fix what the user can do about a missing topic
     */
    public void requireTopics(Collection<String> topics, AclOperation operation, String option, String fix) {
        Set<String> missing = missingTopics(topics, operation);
        if (!missing.isEmpty()) {
            throw new PipelineConfigException(String.format(
                    "%s names %s %s, which the Kafka cluster at %s does not have: %s",
                    option, missing.size() == 1 ? "topic" : "topics", quoted(missing), bootstrapServers, fix));
        }
    }

    /** What the client may do with a topic. */
    public enum Access {
        /** The topic exists and allows the operation (or the broker does not report ACLs). */
        ALLOWED,
        MISSING,
        /** Denied; Kafka also answers so for a topic the client may not describe, whether it exists or not. */
        FORBIDDEN
    }

    /**
     * The topics of {@code topics} that do not exist; those that exist must allow {@code operation} (where the broker
     * reports ACLs).
     */
    public Set<String> missingTopics(Collection<String> topics, AclOperation operation) {
        Set<String> missing = new TreeSet<>();
        Set<String> forbidden = new TreeSet<>();
        access(topics, operation).forEach((topic, access) -> {
            if (access == Access.MISSING) {
                missing.add(topic);
            } else if (access == Access.FORBIDDEN) {
                forbidden.add(topic);
            }
        });
        if (!forbidden.isEmpty()) {
            throw new PipelineConfigException(String.format(
                    "The Kafka cluster at %s does not allow this client to %s %s %s (ACLs): grant the principal of "
                            + "%s.properties.sasl.jaas.config %s and DESCRIBE on them",
                    bootstrapServers,
                    operation.name(),
                    forbidden.size() == 1 ? "topic" : "topics",
                    quoted(forbidden),
                    block,
                    operation.name()));
        }
        return missing;
    }

    /** Whether each topic exists and allows {@code operation}, where the broker reports ACLs. */
    public Map<String, Access> access(Collection<String> topics, AclOperation operation) {
        Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(
                        topics,
                        new DescribeTopicsOptions()
                                .includeAuthorizedOperations(true)
                                .timeoutMs((int) timeoutMs))
                .topicNameValues();
        Map<String, Access> access = new TreeMap<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> e : described.entrySet()) {
            try {
                access.put(
                        e.getKey(),
                        allows(e.getValue().get().authorizedOperations(), operation)
                                ? Access.ALLOWED
                                : Access.FORBIDDEN);
            } catch (ExecutionException ex) {
                if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
                    access.put(e.getKey(), Access.MISSING);
                } else if (ex.getCause() instanceof TopicAuthorizationException) {
                    access.put(e.getKey(), Access.FORBIDDEN);
                } else {
                    throw failure("describing topic '" + e.getKey() + "'", ex.getCause());
                }
            } catch (InterruptedException ex) {
                throw interrupted(ex);
            }
        }
        return access;
    }

    /**
     * Whether the brokers create a topic on its first write ({@code auto.create.topics.enable}), or null when the
     * client may not read the broker configuration.
     */
    @Nullable
    public Boolean brokersCreateTopics() {
        try {
            Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs))
                    .nodes()
                    .get();
            if (nodes.isEmpty()) {
                return null;
            }
            ConfigResource broker = new ConfigResource(
                    ConfigResource.Type.BROKER, nodes.iterator().next().idString());
            Config config = admin.describeConfigs(
                            List.of(broker), new DescribeConfigsOptions().timeoutMs((int) timeoutMs))
                    .all()
                    .get()
                    .get(broker);
            ConfigEntry entry = config == null ? null : config.get("auto.create.topics.enable");
            return entry == null || entry.value() == null ? null : Boolean.valueOf(entry.value());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                return null;
            }
            throw failure("reading the broker configuration", e.getCause());
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    /** The names of the topics the client may see that match {@code pattern} as a whole. */
    public List<String> topicsMatching(Pattern pattern) {
        Set<String> names = await(
                admin.listTopics(new ListTopicsOptions().timeoutMs((int) timeoutMs))
                        .names(),
                "listing topics");
        List<String> matching = new ArrayList<>();
        for (String name : new TreeSet<>(names)) {
            if (pattern.matcher(name).matches()) {
                matching.add(name);
            }
        }
        return matching;
    }

    /**
     * Checks that the topics of {@code topics} that do not exist yet could be created as the job would create them
     * (Kafka's validate-only creation: permissions, partitions, replication factor).
     *
     * @param option the setting whose value the job creates topics with, for messages
     */
    public void requireCreatable(
            Collection<String> topics, Optional<Integer> partitions, Optional<Short> replicationFactor, String option) {
        List<NewTopic> creations = new ArrayList<>();
        for (String t : topics) {
            creations.add(new NewTopic(t, partitions, replicationFactor));
        }
        Map<String, KafkaFuture<Void>> results = admin.createTopics(
                        creations, new CreateTopicsOptions().validateOnly(true).timeoutMs((int) timeoutMs))
                .values();
        for (Map.Entry<String, KafkaFuture<Void>> e : results.entrySet()) {
            try {
                e.getValue().get();
            } catch (ExecutionException ex) {
                Throwable cause = ex.getCause();
                if (cause instanceof TopicExistsException) {
                    continue;
                }
                if (cause instanceof AuthorizationException) {
                    throw new PipelineConfigException(String.format(
                            "The Kafka cluster at %s does not allow this client to create topic '%s' (ACLs: %s): "
                                    + "grant CREATE on the cluster or the topic, or create the topics yourself and "
                                    + "set %s.topic.create.enabled: false",
                            bootstrapServers, e.getKey(), cause.getMessage(), block));
                }
                if (cause instanceof InvalidReplicationFactorException) {
                    throw new PipelineConfigException(String.format(
                            "The Kafka cluster at %s cannot create topic '%s' with the replication factor of %s: %s; "
                                    + "set it to at most the number of brokers",
                            bootstrapServers, e.getKey(), option, cause.getMessage()));
                }
                throw new PipelineConfigException(String.format(
                        "The Kafka cluster at %s would not create topic '%s': %s",
                        bootstrapServers, e.getKey(), cause.getMessage()));
            } catch (InterruptedException ex) {
                throw interrupted(ex);
            }
        }
    }

    private static boolean allows(@Nullable Set<AclOperation> granted, AclOperation operation) {
        // null: the broker has no authorizer, or does not report operations
        return granted == null || granted.contains(operation) || granted.contains(AclOperation.ALL);
    }

    private <T> T await(KafkaFuture<T> future, String doing) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw failure(doing, e.getCause());
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    private IllegalStateException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new IllegalStateException("Interrupted while checking Kafka at " + bootstrapServers, e);
    }

    private RuntimeException failure(String doing, Throwable cause) {
        if (cause instanceof TimeoutException) {
            return new PipelineConfigException(String.format(
                    "No Kafka broker at %s answered within %d ms while %s: check %s.properties.bootstrap.servers (is "
                            + "a broker listening on that host and port?) and that %s.properties.security.protocol "
                            + "matches the broker's listener; the wait is %s.properties.%s",
                    bootstrapServers, timeoutMs, doing, block, block, block, TIMEOUT_KEY));
        }
        if (cause instanceof AuthenticationException) {
            return new PipelineConfigException(String.format(
                    "The Kafka cluster at %s refused the client's credentials (%s): check %s.properties.sasl.mechanism"
                            + " and %s.properties.sasl.jaas.config (or the ssl.* settings)",
                    bootstrapServers, cause.getMessage(), block, block));
        }
        if (cause instanceof AuthorizationException) {
            return new PipelineConfigException(String.format(
                    "The Kafka cluster at %s does not allow this client %s (ACLs: %s): grant the principal of "
                            + "%s.properties.sasl.jaas.config the operations the job needs",
                    bootstrapServers, doing, cause.getMessage(), block));
        }
        return new PipelineConfigException(String.format(
                "The Kafka cluster at %s failed while %s: %s", bootstrapServers, doing, rootMessage(cause)));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }

    private static String quoted(Collection<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            sb.append(sb.length() == 0 ? "" : ", ").append('\'').append(n).append('\'');
        }
        return sb.toString();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }
}

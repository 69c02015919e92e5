package dev.cdclake.it.preflight;

import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.kafka.LocalKafkaBroker;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.process.FreePorts;
import dev.cdclake.it.process.WorkDirs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both jobs' {@code --dry-run} against Kafka clusters that are not there, refuse the login, lack a topic or deny it by
 * ACL: each ends before any job starts with exit code 2 and one line naming the setting and the fix, within a bound of
 * seconds, and never prints the password. The secured cluster is a broker of its own with a SASL/PLAIN listener, ACLs
 * enforced and no topic created on first write.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class KafkaPreflightTest {
    private static final String ALICE_PASSWORD = "alice-secret-4711";

    private static LocalKafkaBroker secured;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSecuredBroker() {
        secured = LocalKafkaBroker.startSecured(WorkDirs.freshDir("kafka-secured"), Map.of("alice", ALICE_PASSWORD));
    }

    @AfterAll
    static void stopSecuredBroker() {
        if (secured != null) {
            secured.close();
        }
    }

    @Test
    void ingestWithNoBrokerListeningFailsWithinTheDefaultTimeout() throws Exception {
        String nobody = "127.0.0.1:" + FreePorts.next();

        Launch launch = Launch.ingest(ingest(nobody, "orders"), dir);

        assertThat(launch.exitCode).as(launch.toString()).isEqualTo(2);
        assertThat(launch.stderr)
                .startsWith("ingest-job: No Kafka broker at " + nobody + " answered within 15000 ms while connecting:")
                .contains("check source.properties.bootstrap.servers")
                .contains("source.properties.default.api.timeout.ms")
                .hasLineCount(1);
        assertThat(launch.took).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void captureWithNoBrokerListeningFailsWithinTheConfiguredTimeout(MySqlServer mysql) throws Exception {
        String nobody = "127.0.0.1:" + FreePorts.next();
        Launch.Config config = capture(mysql, tables(mysql, "preflight_nobody"), nobody)
                .set("sink", "properties.default.api.timeout.ms", "3000");

        Launch launch = Launch.capture(config, dir);

        assertThat(launch.exitCode).as(launch.toString()).isEqualTo(2);
        assertThat(launch.stderr)
                .startsWith("capture-job: No Kafka broker at " + nobody + " answered within 3000 ms")
                .contains("check sink.properties.bootstrap.servers")
                .hasLineCount(1);
        assertThat(launch.took).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void anUnresolvableHostIsNamed() throws Exception {
        Launch launch = Launch.ingest(ingest("no-such-broker.invalid:9092", "orders"), dir);

        assertThat(launch.exitCode).as(launch.toString()).isEqualTo(2);
        assertThat(launch.stderr)
                .startsWith("ingest-job: source.properties.bootstrap.servers 'no-such-broker.invalid:9092' cannot be"
                        + " used:")
                .hasLineCount(1);
    }

    @Test
    void aMissingTopicIsNamedAndAPatternMatchingNothingIsOnlyAWarning(KafkaServer kafka) throws Exception {
        String missing = "preflight_missing_" + UUID.randomUUID().toString().substring(0, 8);

        Launch launch = Launch.ingest(ingest(kafka.bootstrapServers(), missing), dir);

        assertThat(launch.exitCode).as(launch.toString()).isEqualTo(2);
        assertThat(launch.stderr)
                .isEqualTo("ingest-job: source.topic names topic '" + missing + "', which the Kafka cluster at "
                        + kafka.bootstrapServers() + " does not have: create it, start capture-job first (it creates"
                        + " the topics it writes), or fix source.topic\n");

        Launch.Config pattern = ingest(kafka.bootstrapServers(), missing)
                .remove("source", "topic")
                .set("source", "topic-pattern", missing + "_.*");
        Launch patternLaunch = Launch.ingest(pattern, dir);
        assertThat(patternLaunch.exitCode).as(patternLaunch.toString()).isZero();
    }

    @Test
    void aRefusedPasswordIsReportedWithoutIt() throws Exception {
        Launch.Config config = ingest(secured.saslBootstrapServers(), "orders")
                .setAll(
                        "source",
                        "properties.",
                        LocalKafkaBroker.saslClientProperties("alice", "wrong-" + ALICE_PASSWORD));

        Launch launch = Launch.ingest(config, dir);

        assertThat(launch.exitCode).as(launch.toString()).isEqualTo(2);
        assertThat(launch.stderr)
                .startsWith("ingest-job: The Kafka cluster at " + secured.saslBootstrapServers()
                        + " refused the client's credentials")
                .contains("check source.properties.sasl.mechanism and source.properties.sasl.jaas.config")
                .doesNotContain(ALICE_PASSWORD)
                .hasLineCount(1);
    }

    @Test
    void aTopicTheUserMayNotReadIsNamedUntilReadIsGranted() throws Exception {
        String topic = "preflight_acl_" + UUID.randomUUID().toString().substring(0, 8);
        createTopic(topic);
        Launch.Config config = ingest(secured.saslBootstrapServers(), topic)
                .setAll("source", "properties.", LocalKafkaBroker.saslClientProperties("alice", ALICE_PASSWORD));

        Launch denied = Launch.ingest(config, dir);

        assertThat(denied.exitCode).as(denied.toString()).isEqualTo(2);
        assertThat(denied.stderr)
                .isEqualTo("ingest-job: The Kafka cluster at " + secured.saslBootstrapServers() + " does not allow"
                        + " this client to READ topic '" + topic + "' (ACLs): grant the principal of"
                        + " source.properties.sasl.jaas.config READ and DESCRIBE on them\n");

        allow("alice", ResourceType.TOPIC, topic, AclOperation.READ);
        Launch granted = Launch.ingest(config, dir);
        assertThat(granted.exitCode).as(granted.toString()).isZero();
    }

    @Test
    void captureNeedsTheRightToDescribeWriteAndCreateItsTopics(MySqlServer mysql) throws Exception {
        String db = tables(mysql, "preflight_create");
        String prefix = "preflight_create_" + UUID.randomUUID().toString().substring(0, 8);
        Launch.Config config = capture(mysql, db, secured.saslBootstrapServers())
                .setAll("sink", "properties.", LocalKafkaBroker.saslClientProperties("alice", ALICE_PASSWORD))
                .set("sink", "topic", prefix + "_changes")
                .set("sink", "schema.topic", prefix + "_schemas");

        // without DESCRIBE, Kafka does not even say whether the topics exist
        Launch blind = Launch.capture(config, dir);
        assertThat(blind.exitCode).as(blind.toString()).isEqualTo(2);
        assertThat(blind.stderr)
                .isEqualTo("capture-job: The Kafka cluster at " + secured.saslBootstrapServers() + " does not allow"
                        + " this client to WRITE topics '" + prefix + "_changes', '" + prefix + "_schemas' (ACLs):"
                        + " grant the principal of sink.properties.sasl.jaas.config WRITE and DESCRIBE on them\n");

        allowPrefixed("alice", prefix, AclOperation.DESCRIBE);
        allowPrefixed("alice", prefix, AclOperation.WRITE);
        Launch noCreate = Launch.capture(config, dir);
        assertThat(noCreate.exitCode).as(noCreate.toString()).isEqualTo(2);
        assertThat(noCreate.stderr)
                .startsWith("capture-job: The Kafka cluster at " + secured.saslBootstrapServers() + " does not allow"
                        + " this client to create topic '" + prefix)
                .endsWith("grant CREATE on the cluster or the topic, or create the topics yourself and set"
                        + " sink.topic.create.enabled: false\n")
                .hasLineCount(1);

        allowPrefixed("alice", prefix, AclOperation.CREATE);
        Launch allowed = Launch.capture(config, dir);
        assertThat(allowed.exitCode).as(allowed.toString()).isZero();
    }

    @Test
    void captureWithoutTopicCreationNeedsItsTopicsWhereBrokersDoNotCreateThem(MySqlServer mysql) throws Exception {
        String db = tables(mysql, "preflight_nocreate");
        String topic = "preflight_nocreate_" + UUID.randomUUID().toString().substring(0, 8);
        Launch.Config config = capture(mysql, db, secured.bootstrapServers())
                .set("sink", "topic", topic)
                .set("sink", "sink.topic.create.enabled", "false")
                .set("sink", "schema.publish.enabled", "false");

        Launch missing = Launch.capture(config, dir);

        assertThat(missing.exitCode).as(missing.toString()).isEqualTo(2);
        assertThat(missing.stderr)
                .isEqualTo("capture-job: sink.topic.create.enabled is false, but the Kafka cluster at "
                        + secured.bootstrapServers() + " has no topic " + topic + " and its brokers do not create"
                        + " topics on first write (auto.create.topics.enable): create the topics, or set"
                        + " sink.topic.create.enabled: true\n");

        createTopic(topic);
        Launch present = Launch.capture(config, dir);
        assertThat(present.exitCode).as(present.toString()).isZero();
    }

    private static Launch.Config ingest(String bootstrap, String topic) {
        return new Launch.Config()
                .set("source", "type", "kafka")
                .set("source", "properties.bootstrap.servers", bootstrap)
                .set("source", "topic", topic)
                .set("source", "value.format", "debezium-json")
                .set("sink", "type", "paimon")
                .set(
                        "sink",
                        "catalog.properties.warehouse",
                        WorkDirs.newTempDir("preflight-lake").toUri().toString());
    }

    private static Launch.Config capture(MySqlServer mysql, String db, String bootstrap) {
        return new Launch.Config()
                .set("source", "type", "mysql")
                .set("source", "hostname", mysql.host())
                .set("source", "port", String.valueOf(mysql.port()))
                .set("source", "username", mysql.cdcUser())
                .set("source", "password", mysql.cdcPassword())
                .set("source", "tables", db + ".\\.*")
                .set("sink", "type", "kafka")
                .set("sink", "properties.bootstrap.servers", bootstrap);
    }

    /** A database with one table, for capture-job's MySQL pre-flight check. */
    private static String tables(MySqlServer mysql, String name) {
        String db = mysql.createDatabase(name);
        mysql.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(8))");
        return db;
    }

    private static Admin superUser() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, secured.bootstrapServers()));
    }

    private static void createTopic(String topic) throws Exception {
        try (Admin admin = superUser()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static void allow(String user, ResourceType type, String name, AclOperation operation) throws Exception {
        grant(user, new ResourcePattern(type, name, PatternType.LITERAL), operation);
    }

    private static void allowPrefixed(String user, String topicPrefix, AclOperation operation) throws Exception {
        grant(user, new ResourcePattern(ResourceType.TOPIC, topicPrefix, PatternType.PREFIXED), operation);
    }

    private static void grant(String user, ResourcePattern pattern, AclOperation operation) throws Exception {
        try (Admin admin = superUser()) {
            admin.createAcls(List.of(new AclBinding(
                            pattern, new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW))))
                    .all()
                    .get();
        }
    }
}

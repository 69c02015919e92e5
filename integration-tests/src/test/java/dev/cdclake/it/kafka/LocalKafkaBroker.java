package dev.cdclake.it.kafka;

import dev.cdclake.it.process.ChildProcess;
import dev.cdclake.it.process.FreePorts;
import dev.cdclake.it.process.LogFiles;
import dev.cdclake.it.process.Poll;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Apache Kafka 4 broker in KRaft mode (broker and controller in one JVM) started as its own JVM, on free
 * loopback ports, with its data under the given directory. Its classpath is the directory that the
 * {@code kafka-broker-classpath} module fills at build time ({@code -Dit.kafka.broker.lib}); the Kafka 4 jars never
 * share a classpath with the kafka-clients of the Flink connector in the test JVM.
 *
 * <p>{@link #stop()}, {@link #kill()} and {@link #restart()} keep the data directory and the ports, so clients
 * reconnect to the same address and find the records written before.
 */
public final class LocalKafkaBroker extends KafkaServer {

    public static final String BROKER_LIB_PROPERTY = "it.kafka.broker.lib";

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);
    private static final Duration FORMAT_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final String STARTED_MARKER = "Kafka Server started";

    private final Path dir;
    private final Path brokerLib;
    private final int port;
    private final int controllerPort;
    private final Path config;
    private final Path serverLog;

    /** Port of the SASL/PLAIN listener of a secured broker, or 0. */
    private final int saslPort;

    /** SASL/PLAIN users and passwords of a secured broker. */
    private final Map<String, String> users;

    private int starts;

    @Nullable
    private ChildProcess process;

    private LocalKafkaBroker(
            Path dir, Path brokerLib, int port, int controllerPort, int saslPort, Map<String, String> users) {
        this.dir = dir;
        this.brokerLib = brokerLib;
        this.port = port;
        this.controllerPort = controllerPort;
        this.saslPort = saslPort;
        this.users = Map.copyOf(users);
        this.config = dir.resolve("server.properties");
        this.serverLog = dir.resolve("logs/server.log");
    }

    /** Formats a new KRaft storage in {@code dir} and starts the broker. */
    public static LocalKafkaBroker start(Path dir) {
        return start(new LocalKafkaBroker(dir, brokerLib(), FreePorts.next(), FreePorts.next(), 0, Map.of()));
    }

    /**
     * A broker as a secured production cluster is: a second listener ({@link #saslBootstrapServers()}) that takes
     * SASL/PLAIN logins of {@code users} (name to password), ACLs enforced for them (nothing allowed unless granted),
     * and no topic created on first write. The plaintext listener's anonymous user is a super user, so that the test
     * itself can create topics and grant ACLs.
     */
    public static LocalKafkaBroker startSecured(Path dir, Map<String, String> users) {
        return start(
                new LocalKafkaBroker(dir, brokerLib(), FreePorts.next(), FreePorts.next(), FreePorts.next(), users));
    }

    private static LocalKafkaBroker start(LocalKafkaBroker broker) {
        broker.writeConfig();
        broker.format();
        broker.startProcess();
        return broker;
    }

    /** The SASL/PLAIN listener of a broker started with {@link #startSecured}. */
    public String saslBootstrapServers() {
        if (saslPort == 0) {
            throw new IllegalStateException("This broker has no SASL listener: start it with startSecured");
        }
        return "127.0.0.1:" + saslPort;
    }

    /** The client settings (without bootstrap.servers) that log in as {@code user} with {@code password}. */
    public static Map<String, String> saslClientProperties(String user, String password) {
        return Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                                + "\" password=\"" + password + "\";");
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    public Path logDir() {
        return serverLog.getParent();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Controlled shutdown (SIGTERM), SIGKILL if it takes longer than 30 s. */
    public void stop() {
        if (isRunning()) {
            process.stop(STOP_GRACE);
            LOG.info("Stopped Kafka broker {}", bootstrapServers());
        }
    }

    /** SIGKILL, like a crash: no controlled shutdown, no log flush beyond what the OS has. */
    public void kill() {
        if (isRunning()) {
            process.kill();
            LOG.info("Killed Kafka broker {}", bootstrapServers());
        }
    }

    /** Stops the broker if it runs, then starts it again on the same ports and data directory. */
    public void restart() {
        stop();
        startProcess();
    }

    /** Starts the broker again if a test left it stopped or killed. */
    public void ensureRunning() {
        if (!isRunning()) {
            startProcess();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void startProcess() {
        long startNanos = System.nanoTime();
        rotateServerLog();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(
                java,
                "-Xms256m",
                "-Xmx768m",
                // a test broker on a shared 2-core machine: cheap JIT and GC over peak throughput
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-Dkafka.logs.dir=" + logDir(),
                "-cp",
                brokerLib + "/*",
                "kafka.Kafka",
                config.toString());
        starts++;
        ChildProcess started =
                ChildProcess.start("kafka-broker", command, logDir().resolve("stdout-" + starts + ".log"));
        process = started;
        try {
            Poll.until(
                    "the Kafka broker on " + bootstrapServers(),
                    START_TIMEOUT,
                    () -> LogFiles.contains(serverLog, STARTED_MARKER) && portOpen(),
                    () -> started.isAlive()
                            ? null
                            : "the broker JVM exited:\n" + started.logTail(20) + "\n" + LogFiles.tail(serverLog, 20));
        } catch (RuntimeException e) {
            started.kill();
            throw e;
        }
        LOG.info(
                "Kafka broker {} (pid {}) ready in {} ms; data {}, logs {}",
                bootstrapServers(),
                started.pid(),
                (System.nanoTime() - startNanos) / 1_000_000,
                dataDir(),
                logDir());
    }

    private void format() {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ChildProcess.runToCompletion(
                "kafka-storage-format",
                List.of(
                        java,
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                        "-Dkafka.logs.dir=" + logDir(),
                        "-cp",
                        brokerLib + "/*",
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        Uuid.randomUuid().toString(),
                        "-c",
                        config.toString()),
                logDir().resolve("format.log"),
                FORMAT_TIMEOUT);
    }

    private boolean portOpen() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Keeps the log of the previous start and lets the readiness check see only this start's lines. */
    private void rotateServerLog() {
        try {
            if (Files.exists(serverLog)) {
                Files.move(serverLog, logDir().resolve("server-" + starts + ".log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not rotate " + serverLog, e);
        }
    }

    private void writeConfig() {
        String sasl = saslPort == 0 ? "" : ",SASL_PLAINTEXT://127.0.0.1:" + saslPort;
        String serverProperties = String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + sasl + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + sasl,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
                        + (saslPort == 0 ? "" : ",SASL_PLAINTEXT:SASL_PLAINTEXT"),
                "log.dirs=" + dataDir(),
                "num.partitions=1",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // after a kill the restarted broker may only register once the old session expired
                "broker.heartbeat.interval.ms=500",
                "broker.session.timeout.ms=3000",
                "auto.create.topics.enable=" + (saslPort == 0),
                "log.segment.bytes=16777216",
                saslPort == 0 ? "" : securedConfig(),
                "");
        String log4j = String.join(
                "\n",
                "status = warn",
                "appender.file.type = File",
                "appender.file.name = FILE",
                "appender.file.fileName = " + serverLog,
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = FILE",
                "");
        try {
            Files.createDirectories(dataDir());
            Files.createDirectories(logDir());
            Files.writeString(config, serverProperties, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("log4j2.properties"), log4j, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the broker configuration in " + dir, e);
        }
    }

    private String securedConfig() {
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        users.forEach((user, password) -> jaas.append(" user_")
                .append(user)
                .append("=\"")
                .append(password)
                .append('"'));
        return String.join(
                "\n",
                "sasl.enabled.mechanisms=PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config=" + jaas + ";",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=User:ANONYMOUS",
                "allow.everyone.if.no.acl.found=false");
    }

    private static Path brokerLib() {
        String lib = System.getProperty(BROKER_LIB_PROPERTY);
        Path path = lib == null ? null : Paths.get(lib);
        if (path == null || !Files.isDirectory(path)) {
            throw new IllegalStateException(
                    "No Kafka broker classpath: -D" + BROKER_LIB_PROPERTY + " is " + (lib == null ? "unset" : lib)
                            + ". The build sets it to integration-tests/kafka-broker-classpath/target/lib; run the "
                            + "tests through Maven with that module in the reactor (mvn -pl integration-tests -am "
                            + "test), or set it to a directory holding the org.apache.kafka:kafka_2.13 jars.");
        }
        return path;
    }

    @Override
    public String toString() {
        return "Kafka broker " + bootstrapServers() + (isRunning() ? " (pid " + process.pid() + ")" : " (not running)");
    }
}

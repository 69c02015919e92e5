package dev.cdclake.it.kafka;

import dev.cdclake.it.process.Containers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** Kafka from the {@code apache/kafka} image, for {@code -Dit.containers=true} runs. */
final class KafkaContainerServer extends KafkaServer {

    static final String IMAGE = "apache/kafka:4.1.1";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaContainerServer.class);

    private final KafkaContainer container;

    private KafkaContainerServer(KafkaContainer container) {
        this.container = container;
    }

    static KafkaContainerServer start() {
        if (!Containers.dockerAvailable()) {
            throw new IllegalStateException(
                    "-D" + Containers.ENABLED_PROPERTY + "=true but no Docker engine is reachable");
        }
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(IMAGE));
        container.start();
        KafkaContainerServer server = new KafkaContainerServer(container);
        LOG.info("Started {}", server);
        return server;
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "Kafka container " + IMAGE + " at " + bootstrapServers();
    }
}

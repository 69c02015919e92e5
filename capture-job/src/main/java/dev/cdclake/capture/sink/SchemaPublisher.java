package dev.cdclake.capture.sink;

import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.registry.PublishedSchema;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes the schema of every table version capture-job writes to the compacted schema topic, keyed by the schema's
 * content id ({@link PublishedSchema}), and returns the id that each data record then names in its
 * {@code cdclake.schema} header. A schema is sent, and acknowledged by all in-sync replicas, before the first record
 * naming it leaves this operator, so no reader can see a record before its schema; it is sent outside any Kafka
 * transaction, so exactly-once data records never wait for it and an aborted transaction leaves only a harmless,
 * content-addressed schema record behind. After a restart each schema is published again when first met: the same key
 * and value, which compaction folds into one.
 *
 * <p>The per-record cost is one identity look-up: event schemas are shared instances per table version.
 */
public final class SchemaPublisher implements Serializable, AutoCloseable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SchemaPublisher.class);
    private static final long SEND_TIMEOUT_SECONDS = 120;

    private final String topic;
    private final Map<String, String> producerProperties;

    @Nullable
    private final TopicCreator topicCreator;

    private transient KafkaProducer<byte[], byte[]> producer;
    private transient Map<TableSchema, byte[]> idsBySchema;
    private transient Map<String, byte[]> published;

    /**
     * @param producerProperties the sink's producer settings (brokers, security); transactions are never used
     * @param topicCreator creates the topic, compacted, when it is missing; null to rely on the broker
     */
    public SchemaPublisher(String topic, Map<String, String> producerProperties, @Nullable TopicCreator topicCreator) {
        this.topic = topic;
        this.producerProperties = new HashMap<>(producerProperties);
        this.topicCreator = topicCreator;
    }

    public String topic() {
        return topic;
    }

    /** The id of the table's schema as header bytes, publishing the schema first if this subtask has not yet. */
    public byte[] idOf(TableId table, TableSchema schema) {
        if (idsBySchema == null) {
            idsBySchema = new IdentityHashMap<>();
            published = new HashMap<>();
        }
        byte[] id = idsBySchema.get(schema);
        if (id == null) {
            PublishedSchema p = PublishedSchema.of(table, schema);
            id = published.get(p.id());
            if (id == null) {
                publish(p);
                id = p.id().getBytes(StandardCharsets.US_ASCII);
                published.put(p.id(), id);
            }
            idsBySchema.put(schema, id);
        }
        return id;
    }

    private void publish(PublishedSchema p) {
        if (producer == null) {
            if (topicCreator != null) {
                topicCreator.ensureCompacted(topic);
            }
            Properties props = new Properties();
            props.putAll(producerProperties);
            props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        }
        try {
            producer.send(new ProducerRecord<>(topic, p.id().getBytes(StandardCharsets.US_ASCII), p.document()))
                    .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("Published {} to {}", p, topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing the schema of " + p.tableId(), e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException(
                    "Cannot publish the schema of " + p.tableId() + " to schema topic '"
                            + topic + "': " + cause
                            + ". Records must not be written before their schema; fix access to the "
                            + "topic, or set schema.publish.enabled: false in the sink block (ingest-job then infers "
                            + "types from values)",
                    cause);
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            // every schema was acknowledged before the records naming it: nothing pending is worth a hung shutdown
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        if (topicCreator != null) {
            topicCreator.close();
        }
    }
}

package dev.cdclake.ingest.source;

import dev.cdclake.ingest.schema.SchemaTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;

/**
 * Reads the schema topic with a short-lived consumer of its own per {@link #readNew} call: all partitions assigned,
 * continuing where the previous call stopped (from the beginning the first time), no consumer group. The reader needs
 * the topic only when a record names a schema it has not read (at start and after a schema change), so no consumer
 * stays open between those moments, and none is left behind when Flink discards the deserializer.
 */
public final class KafkaSchemaTopic implements SchemaTopic, Serializable {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final Map<String, String> clientProperties;
    private final Map<Integer, Long> positions = new HashMap<>();

    /** @param clientProperties the source's consumer settings (brokers, security); group settings are dropped */
    public KafkaSchemaTopic(String topic, Map<String, String> clientProperties) {
        this.topic = topic;
        this.clientProperties = new HashMap<>(clientProperties);
    }

    @Override
    public String name() {
        return topic;
    }

    @Override
    public void readNew(BiConsumer<String, byte[]> records, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("schema topic '" + topic + "' does not exist");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            for (TopicPartition tp : partitions) {
                Long position = positions.get(tp.partition());
                if (position == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, position);
                }
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (!reached(consumer, end) && System.nanoTime() < deadline) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(Math.min(left, 500)))) {
                    if (r.key() != null && r.value() != null) {
                        records.accept(new String(r.key(), StandardCharsets.US_ASCII), r.value());
                    }
                }
            }
            for (TopicPartition tp : partitions) {
                positions.put(tp.partition(), consumer.position(tp));
            }
        } catch (AuthorizationException e) {
            throw new IllegalStateException(
                    "schema topic '" + topic + "' cannot be read: " + e.getMessage()
                            + " (grant READ on the topic to this job's user)",
                    e);
        } catch (KafkaException e) {
            throw new IllegalStateException("schema topic '" + topic + "' cannot be read: " + e, e);
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // looking for a deleted schema topic must not create an empty one
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "cdclake-schema-reader");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        // nothing stays open between calls
    }
}

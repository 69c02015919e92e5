package dev.cdclake.it.kafka;

import dev.cdclake.events.wire.WireNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import javax.annotation.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A Kafka cluster for tests (a local KRaft broker or a container) with small client helpers built on the
 * kafka-clients version the Flink connector uses.
 */
public abstract class KafkaServer implements AutoCloseable {

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    /** {@code host:port} to give clients as {@code bootstrap.servers}. */
    public abstract String bootstrapServers();

    /** Client properties with {@code bootstrap.servers} set, to extend for producers, consumers or admins. */
    public Properties clientProperties() {
        Properties properties = new Properties();
        properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return properties;
    }

    public void createTopic(String topic, int partitions) {
        try (Admin admin = Admin.create(clientProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create topic " + topic + " on " + this, e);
        }
    }

    /** Sends one record and waits until the broker acknowledged it (acks=all). */
    public RecordMetadata produce(String topic, @Nullable String key, @Nullable String value) {
        return produce(List.of(new ProducerRecord<>(topic, key, value))).get(0);
    }

    /**
     * Sends the records in order with one idempotent producer (so each partition keeps their order) and waits until
     * the broker acknowledged all of them (acks=all). Records may name their partition and timestamp.
     */
    public List<RecordMetadata> produce(List<ProducerRecord<String, String>> records) {
        Properties properties = clientProperties();
        properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        properties.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(CLIENT_TIMEOUT.toMillis()));
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ProducerRecord<String, String> record : records) {
                sent.add(producer.send(record));
            }
            List<RecordMetadata> acknowledged = new ArrayList<>();
            for (Future<RecordMetadata> f : sent) {
                acknowledged.add(f.get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            }
            return acknowledged;
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not produce " + records.size() + " records to " + this, e);
        }
    }

    /**
     * The sum of the end offsets of {@code topic}'s partitions (records written, without transactions); 0 if absent.
     */
    public long endOffsetSum(String topic) {
        try (Admin admin = Admin.create(clientProperties())) {
            if (!admin.listTopics()
                    .names()
                    .get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .contains(topic)) {
                return 0;
            }
            Map<TopicPartition, OffsetSpec> latest = admin
                    .describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic)
                    .partitions()
                    .stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            return admin
                    .listOffsets(latest)
                    .all()
                    .get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .values()
                    .stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                    .sum();
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not read the end offsets of " + topic + " on " + this, e);
        }
    }

    /**
     * Reads {@code topic} from the beginning of all its partitions, without a consumer group, until {@code count}
     * records arrived; heartbeats and DDL markers ({@code cdclake.heartbeat}, {@code cdclake.ddl} headers) are
     * skipped, as a consumer of changes skips them.
     *
     * @throws AssertionError when fewer arrive within {@code timeout}, listing those that did
     */
    public List<ConsumerRecord<String, String>> consume(String topic, int count, Duration timeout) {
        Properties properties = clientProperties();
        properties.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            // the topic may not exist yet: its producer creates it with the first record
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            while (partitions.isEmpty() && System.nanoTime() - deadline < 0) {
                partitions = consumer.partitionsFor(topic, Duration.ofMillis(200));
                if (partitions.isEmpty()) {
                    pause();
                }
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .collect(Collectors.toList());
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            while (records.size() < count && System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.headers().lastHeader(WireNames.HEARTBEAT_HEADER) == null
                            && r.headers().lastHeader(WireNames.DDL_HEADER) == null) {
                        records.add(r);
                    }
                }
            }
        }
        if (records.size() < count) {
            throw new AssertionError("Expected " + count + " records in " + topic + " within " + timeout + " but got "
                    + records.size() + ": " + values(records));
        }
        return records;
    }

    /** Between two metadata look-ups of a poll loop that has a deadline. */
    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a topic", e);
        }
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> r.key() + "=" + r.value()).collect(Collectors.toList());
    }
}

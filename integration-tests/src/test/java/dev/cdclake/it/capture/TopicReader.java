package dev.cdclake.it.capture;

import dev.cdclake.events.wire.WireNames;
import dev.cdclake.it.kafka.KafkaServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;

import javax.annotation.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Reads a whole topic from its beginning with a {@code read_committed} consumer outside any group, so records of
 * aborted or open transactions never count. Records come partition by partition, each in offset order. Heartbeat
 * records and DDL markers ({@code cdclake.heartbeat}, {@code cdclake.ddl} headers) are skipped, as a consumer of
 * changes skips them, unless asked for.
 */
final class TopicReader implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final String topic;
    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();
    /** The header of the records to read (heartbeats, DDL markers); null for the changes, which have neither. */
    @Nullable
    private final String header;

    private List<TopicPartition> partitions = List.of();

    private TopicReader(KafkaServer kafka, String topic) {
        this(kafka, topic, null);
    }

    private TopicReader(KafkaServer kafka, String topic, @Nullable String header) {
        this.topic = topic;
        this.header = header;
        Properties p = kafka.clientProperties();
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // the job creates its topics; a reader must not create one with the broker's defaults first
        p.setProperty(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    /** Polls {@code topic} until {@code done} holds for everything read so far, and returns it. */
    static List<ConsumerRecord<String, String>> await(
            KafkaServer kafka,
            String topic,
            String what,
            Duration timeout,
            Predicate<List<ConsumerRecord<String, String>>> done) {
        try (TopicReader reader = new TopicReader(kafka, topic)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                reader.poll();
                List<ConsumerRecord<String, String>> sorted = reader.sorted();
                if (done.test(sorted)) {
                    return sorted;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("Timed out after " + timeout + " waiting for " + what + " in topic "
                            + topic + "; it holds " + sorted.size() + " records: " + describe(sorted));
                }
            }
        }
    }

    /** Everything the topic holds up to its current (last stable) end offsets; empty when it does not exist. */
    static List<ConsumerRecord<String, String>> readToEnd(KafkaServer kafka, String topic, Duration timeout) {
        return readToEnd(new TopicReader(kafka, topic), timeout);
    }

    /** The heartbeat records the topic holds up to its current end offsets. */
    static List<ConsumerRecord<String, String>> heartbeatsToEnd(KafkaServer kafka, String topic, Duration timeout) {
        return readToEnd(new TopicReader(kafka, topic, WireNames.HEARTBEAT_HEADER), timeout);
    }

    /** The DDL markers the topic holds up to its current end offsets. */
    static List<ConsumerRecord<String, String>> ddlMarkersToEnd(KafkaServer kafka, String topic, Duration timeout) {
        return readToEnd(new TopicReader(kafka, topic, WireNames.DDL_HEADER), timeout);
    }

    private static List<ConsumerRecord<String, String>> readToEnd(TopicReader opened, Duration timeout) {
        String topic = opened.topic;
        try (TopicReader reader = opened) {
            // no topic yet is an empty topic; a broker that does not answer fails the test
            reader.assign(reader.consumer.listTopics(timeout).getOrDefault(topic, List.of()));
            Map<TopicPartition, Long> end = reader.consumer.endOffsets(reader.partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (end.entrySet().stream().anyMatch(e -> reader.consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError(
                            "Could not read " + topic + " up to its end offsets " + end + " within " + timeout);
                }
                reader.consumer.poll(POLL).records(topic).forEach(reader::accept);
            }
            return reader.sorted();
        }
    }

    static String describe(List<ConsumerRecord<String, String>> records) {
        return records.stream()
                .map(r -> "\n  p" + r.partition() + "@" + r.offset() + " " + r.key() + " = " + r.value())
                .collect(Collectors.joining());
    }

    private void poll() {
        if (partitions.isEmpty()) {
            assignPartitions(POLL.multipliedBy(5));
            if (partitions.isEmpty()) {
                pauseBetweenLookups();
                return;
            }
        }
        consumer.poll(POLL).records(topic).forEach(this::accept);
    }

    private void accept(ConsumerRecord<String, String> r) {
        boolean wanted = header != null
                ? r.headers().lastHeader(header) != null
                : r.headers().lastHeader(WireNames.HEARTBEAT_HEADER) == null
                        && r.headers().lastHeader(WireNames.DDL_HEADER) == null;
        if (wanted) {
            records.add(r);
        }
    }

    /** The job has not created the topic yet; the caller's deadline bounds the wait. */
    private static void pauseBetweenLookups() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a topic", e);
        }
    }

    private void assignPartitions(Duration timeout) {
        try {
            assign(consumer.listTopics(timeout).getOrDefault(topic, List.of()));
        } catch (TimeoutException e) {
            // a busy broker: the caller tries again within its deadline
        }
    }

    private void assign(List<PartitionInfo> infos) {
        if (!infos.isEmpty()) {
            partitions = infos.stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
    }

    private List<ConsumerRecord<String, String>> sorted() {
        List<ConsumerRecord<String, String>> out = new ArrayList<>(records);
        out.sort(Comparator.<ConsumerRecord<String, String>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return out;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}

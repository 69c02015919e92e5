package dev.cdclake.it.ingest;

import dev.cdclake.it.e2e.ExamplePipeline;
import dev.cdclake.it.fixtures.LakeComparison;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.paimon.PaimonWarehouse;
import dev.cdclake.it.process.Poll;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.paimon.Snapshot;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.table.FileStoreTable;
import org.apache.paimon.utils.SnapshotManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where ingest-job starts reading, per {@code scan.startup.mode}, and which topics it reads ({@code topic} as a
 * ';'-list, {@code topic-pattern} with partition discovery), proven by the exact Paimon table. The messages are the
 * reference's debezium-json envelope for its {@code kafka_test.customers} table, produced straight to Kafka with
 * explicit partitions and record timestamps; each job is {@code examples/pipeline2.yaml} pointed at the test topics and
 * a warehouse of its own.
 *
 * <p>A record that must stay out of the lake is never the last one of its partition: a reader that wrongly read it
 * would have read it before the partition's later, expected records, so it would be in the lake no later than they
 * are, and the lake that equals the expected rows shows it was skipped.
 */
@ExtendWith(KafkaExtension.class)
class KafkaStartupModesTest {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaStartupModesTest.class);
    private static final String DB = "kafka_test";
    private static final String TABLE = "customers";
    private static final Duration LAKE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void groupOffsetsStartAtTheGroupsCommittedOffsetsAndAtTheEarliestWhereItHasNone(KafkaServer kafka)
            throws Exception {
        String topic = newTopic(kafka, "group", 2);
        String group = topic + "_group";
        List<Change> p0 = inserts(1, 5);
        List<Change> p1 = inserts(6, 8);
        kafka.produce(records(topic, 0, p0));
        kafka.produce(records(topic, 1, p1));
        // the group resumes partition 0 at offset 3 and has never read partition 1
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(3)))
                    .all()
                    .get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        JobClient job = null;
        try (Catalog lake = LakeComparison.openLake(warehouse.catalogOptions())) {
            job = ingest(kafka, topic, warehouse)
                    .source("scan.startup.mode", "group-offsets")
                    .source("properties.group.id", group)
                    .start("startup-group-offsets");
            awaitLake(lake, job, apply(concat(p0.subList(3, 5), p1)));
        } finally {
            ExamplePipeline.cancelQuietly(job);
        }
    }

    @Test
    void aNewJobWithoutStateResumesFromTheOffsetsTheLastOneCommittedOnCheckpoint(KafkaServer kafka) throws Exception {
        String topic = newTopic(kafka, "resume", 1);
        String group = topic + "_group";
        List<Change> first = inserts(1, 6);
        kafka.produce(records(topic, 0, first));
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        ExamplePipeline pipeline = ingest(kafka, topic, warehouse)
                .source("scan.startup.mode", "group-offsets")
                .source("properties.group.id", group);
        JobClient job = null;
        try (Catalog lake = LakeComparison.openLake(warehouse.catalogOptions());
                Admin admin = Admin.create(kafka.clientProperties())) {
            // a group that never committed starts at the earliest offset
            job = pipeline.start("startup-resume-1");
            awaitLake(lake, job, apply(first));
            TopicPartition partition = new TopicPartition(topic, 0);
            Poll.until(
                    "the group's committed offset to reach the end of " + topic,
                    LAKE_TIMEOUT,
                    () -> committedOffsets(admin, group).getOrDefault(partition, -1L) == first.size(),
                    failure(job));
            ExamplePipeline.cancelQuietly(job);
            long lastSnapshotOfTheFirstJob = snapshots(lake).latestSnapshotId();

            // while no job runs: a row deleted and inserted again with new values, an update, a delete
            Customer reinserted = new Customer(1, "Alice again", "Lyon", "5556", 21);
            Customer updated = new Customer(2, "Bob", "Shanghai", "1234", 30);
            List<Change> second = List.of(
                    Change.delete(first.get(0).after()),
                    Change.insert(reinserted),
                    Change.update(first.get(1).after(), updated),
                    Change.delete(first.get(2).after()));
            kafka.produce(records(topic, 0, second));
            job = pipeline.start("startup-resume-2");
            awaitLake(lake, job, apply(concat(first, second)));

            // replaying the first job's six inserts would rewrite six keys; the new job only read the four changes
            long rowsWritten = 0;
            SnapshotManager snapshots = snapshots(lake);
            for (long id = lastSnapshotOfTheFirstJob + 1; id <= snapshots.latestSnapshotId(); id++) {
                Snapshot s = snapshots.snapshot(id);
                if (s.commitKind() == Snapshot.CommitKind.APPEND) {
                    rowsWritten += s.deltaRecordCount();
                }
            }
            LOG.info("The second job wrote {} rows", rowsWritten);
            assertThat(rowsWritten).as("rows the job without state wrote").isBetween(1L, (long) second.size());
        } finally {
            ExamplePipeline.cancelQuietly(job);
        }
    }

    @Test
    void timestampStartsEachPartitionAtItsFirstRecordAtOrAfterTheTimestamp(KafkaServer kafka) throws Exception {
        String topic = newTopic(kafka, "timestamp", 3);
        // in the past (the broker refuses timestamps too far ahead), well within the topic's retention
        long t0 = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
        long start = t0 + 2000;
        List<Change> p0 = inserts(1, 4); // at t0, +1 s, +2 s (= start), +3 s
        List<Change> p1 = inserts(11, 13); // at t0 + 0.5 s, 1.5 s, 2.5 s
        List<Change> p2 = inserts(21, 22); // at t0 + 0.1 s, 0.2 s: none at or after start
        kafka.produce(timedRecords(topic, 0, p0, t0, 1000));
        kafka.produce(timedRecords(topic, 1, p1, t0 + 500, 1000));
        kafka.produce(timedRecords(topic, 2, p2, t0 + 100, 100));
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        JobClient job = null;
        try (Catalog lake = LakeComparison.openLake(warehouse.catalogOptions())) {
            job = ingest(kafka, topic, warehouse)
                    .source("scan.startup.mode", "timestamp")
                    .source("scan.startup.timestamp-millis", String.valueOf(start))
                    .start("startup-timestamp");
            awaitLake(lake, job, apply(concat(p0.subList(2, 4), p1.subList(2, 3))));
            // partition 2 starts at its end: what arrives now is read, and nothing before it
            List<Change> late = inserts(23, 23);
            kafka.produce(records(topic, 2, late));
            awaitLake(lake, job, apply(concat(p0.subList(2, 4), p1.subList(2, 3), late)));
        } finally {
            ExamplePipeline.cancelQuietly(job);
        }
    }

    @Test
    void specificOffsetsApplyToEachTopicOfASemicolonSeparatedList(KafkaServer kafka) throws Exception {
        String first = newTopic(kafka, "offsets_a", 3);
        String second = newTopic(kafka, "offsets_b", 3);
        // by partition; ids tell topic, partition and offset apart: 100 * topic + 10 * partition + offset
        List<List<Change>> a = List.of(offsets(100, 5), offsets(110, 7), offsets(120, 2));
        List<List<Change>> b = List.of(offsets(200, 4), offsets(210, 6), List.of());
        for (int p = 0; p < 3; p++) {
            kafka.produce(records(first, p, a.get(p)));
            kafka.produce(records(second, p, b.get(p)));
        }
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        JobClient job = null;
        try (Catalog lake = LakeComparison.openLake(warehouse.catalogOptions())) {
            job = ingest(kafka, first + ";" + second, warehouse)
                    .source("scan.startup.mode", "specific-offsets")
                    .source("scan.startup.specific-offsets", "partition:0,offset:3;partition:1,offset:5")
                    .start("startup-specific-offsets");
            // partition 2 is not listed: a group without committed offsets reads it from the earliest offset
            awaitLake(
                    lake,
                    job,
                    apply(concat(
                            a.get(0).subList(3, 5),
                            a.get(1).subList(5, 7),
                            a.get(2),
                            b.get(0).subList(3, 4),
                            b.get(1).subList(5, 6))));
        } finally {
            ExamplePipeline.cancelQuietly(job);
        }
    }

    @Test
    void topicPatternReadsMatchingTopicsAndPicksUpANewOneWithinTheDiscoveryInterval(KafkaServer kafka)
            throws Exception {
        String prefix = "pattern_" + UUID.randomUUID().toString().substring(0, 8);
        String ordersA = prefix + "_orders_a";
        String ordersB = prefix + "_orders_b";
        String other = prefix + "_other";
        kafka.createTopic(ordersA, 1);
        kafka.createTopic(ordersB, 2);
        kafka.createTopic(other, 1);
        List<Change> a = inserts(1, 2);
        List<Change> b0 = inserts(11, 12);
        List<Change> b1 = inserts(13, 13);
        List<Change> notMatching = inserts(21, 22);
        kafka.produce(records(ordersA, 0, a));
        kafka.produce(records(ordersB, 0, b0));
        kafka.produce(records(ordersB, 1, b1));
        kafka.produce(records(other, 0, notMatching));
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        JobClient job = null;
        try (Catalog lake = LakeComparison.openLake(warehouse.catalogOptions())) {
            // the default startup mode: group-offsets, with a group that never committed
            job = ingest(kafka, ordersA, warehouse)
                    .source("topic", null)
                    .source("scan.startup.mode", null)
                    .source("topic-pattern", prefix + "_orders_.*")
                    .source("scan.topic-partition-discovery.interval", "1 s")
                    .start("startup-topic-pattern");
            awaitLake(lake, job, apply(concat(a, b0, b1)));

            // a new matching topic is read from its earliest offset once discovered: well within the deadline with a
            // 1 s interval, never with the 5 min default. The non-matching topic, had it been subscribed, would have
            // been read from the start, long before these rows.
            long created = System.nanoTime();
            String ordersC = prefix + "_orders_c";
            kafka.createTopic(ordersC, 1);
            List<Change> c = inserts(31, 32);
            kafka.produce(records(ordersC, 0, c));
            awaitLake(lake, job, apply(concat(a, b0, b1, c)));
            LOG.info(
                    "Rows of a topic created after the start landed {} ms after it was created",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - created));
        } finally {
            ExamplePipeline.cancelQuietly(job);
        }
    }

    /** A row of the reference's customers table. */
    private record Customer(int id, String name, String address, String phoneNumber, int age) {
        String json() {
            return String.format(
                    "{\"id\":%d,\"name\":\"%s\",\"address\":\"%s\",\"phone_number\":\"%s\",\"age\":%d}",
                    id, name, address, phoneNumber, age);
        }

        /** What the lake holds for it: every column, as {@link LakeComparison} reads it. */
        Map<String, String> lakeRow() {
            Map<String, String> row = new TreeMap<>();
            row.put("id", String.valueOf(id));
            row.put("name", name);
            row.put("address", address);
            row.put("phone_number", phoneNumber);
            row.put("age", String.valueOf(age));
            return row;
        }
    }

    /** One change of a customer row, as the reference's debezium-json envelope. */
    private record Change(
            String op, @Nullable Customer before, @Nullable Customer after) {
        static Change insert(Customer row) {
            return new Change("c", null, row);
        }

        static Change update(Customer before, Customer after) {
            return new Change("u", before, after);
        }

        static Change delete(Customer row) {
            return new Change("d", row, null);
        }

        int id() {
            return after != null ? after.id() : before.id();
        }

        String json(long tsMs) {
            return "{\"before\":" + (before == null ? "null" : before.json()) + ",\"after\":"
                    + (after == null ? "null" : after.json()) + ",\"op\":\"" + op + "\",\"source\":{\"db\":\"" + DB
                    + "\",\"table\":\"" + TABLE + "\",\"ts_ms\":" + tsMs + "}}";
        }

        /** The record key capture-job writes. */
        String key() {
            return "{\"TableId\":\"" + DB + "." + TABLE + "\",\"id\":" + id() + "}";
        }
    }

    private static Customer customer(int id) {
        return new Customer(id, "name" + id, "address" + id, String.valueOf(1000 + id), 20 + id % 50);
    }

    private static List<Change> inserts(int fromId, int toId) {
        List<Change> out = new ArrayList<>();
        for (int id = fromId; id <= toId; id++) {
            out.add(Change.insert(customer(id)));
        }
        return out;
    }

    /** {@code count} inserts whose ids are {@code base} plus their offset in an empty partition. */
    private static List<Change> offsets(int base, int count) {
        return inserts(base, base + count - 1);
    }

    @SafeVarargs
    private static List<Change> concat(List<Change>... lists) {
        List<Change> out = new ArrayList<>();
        for (List<Change> l : lists) {
            out.addAll(l);
        }
        return out;
    }

    /** The table after applying {@code changes} in order to an empty one: what the lake must hold. */
    private static Map<String, Map<String, String>> apply(List<Change> changes) {
        Map<String, Map<String, String>> rows = new TreeMap<>();
        for (Change c : changes) {
            if (c.after() == null) {
                rows.remove(String.valueOf(c.id()));
            } else {
                rows.put(String.valueOf(c.id()), c.after().lakeRow());
            }
        }
        return rows;
    }

    private static List<ProducerRecord<String, String>> records(String topic, int partition, List<Change> changes) {
        return timedRecords(topic, partition, changes, System.currentTimeMillis(), 0);
    }

    /**
     * The changes as records of one partition, the first with timestamp {@code first}, each next {@code step} later.
     */
    private static List<ProducerRecord<String, String>> timedRecords(
            String topic, int partition, List<Change> changes, long first, long step) {
        List<ProducerRecord<String, String>> out = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            long ts = first + i * step;
            Change c = changes.get(i);
            out.add(new ProducerRecord<>(topic, partition, ts, c.key(), c.json(ts)));
        }
        return out;
    }

    private static String newTopic(KafkaServer kafka, String name, int partitions) {
        String topic = "startup_" + name + "_" + UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopic(topic, partitions);
        return topic;
    }

    /** pipeline2.yaml reading {@code topic} into {@code warehouse}, failing at once instead of restarting. */
    private static ExamplePipeline ingest(KafkaServer kafka, String topic, PaimonWarehouse warehouse) throws Exception {
        return ExamplePipeline.ingest(kafka, topic)
                .catalog(warehouse.catalogOptions())
                .pipeline("execution.checkpointing.interval", "500 ms")
                .pipeline("restart-strategy.type", "none");
    }

    /** Waits until the lake's table is exactly {@code expected}; fails with the difference after the deadline. */
    private static void awaitLake(Catalog lake, JobClient job, Map<String, Map<String, String>> expected) {
        try {
            Poll.until(
                    "the lake to hold ids " + expected.keySet(),
                    LAKE_TIMEOUT,
                    () -> expected.equals(lakeRows(lake)),
                    failure(job));
        } catch (IllegalStateException e) {
            assertThat(lakeRows(lake)).as(e.getMessage()).isEqualTo(expected);
            throw e;
        }
    }

    private static Map<String, Map<String, String>> lakeRows(Catalog lake) {
        try {
            return LakeComparison.paimonRows(lake, DB, TABLE, "id");
        } catch (Exception e) {
            throw new IllegalStateException("Could not read " + DB + "." + TABLE, e);
        }
    }

    private static SnapshotManager snapshots(Catalog lake) throws Catalog.TableNotExistException {
        return ((FileStoreTable) lake.getTable(Identifier.create(DB, TABLE))).snapshotManager();
    }

    /** For {@link Poll#until}: why waiting on is pointless (the job ended), or null. */
    private static Supplier<String> failure(JobClient job) {
        return () -> {
            try {
                JobStatus status = job.getJobStatus().get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (!status.isGloballyTerminalState()) {
                    return null;
                }
                job.getJobExecutionResult().get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                return "the job ended " + status;
            } catch (ExecutionException e) {
                return "the job failed: " + e.getCause();
            } catch (Exception e) {
                return "the job's status is unknown: " + e;
            }
        };
    }

    private static Map<TopicPartition, Long> committedOffsets(Admin admin, String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Map<TopicPartition, Long> out = new HashMap<>();
            committed.forEach((tp, o) -> {
                if (o != null) {
                    out.put(tp, o.offset());
                }
            });
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("Could not read the offsets of group " + group, e);
        }
    }
}

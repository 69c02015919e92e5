package dev.cdclake.ingest.paimon;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.Op;
import dev.cdclake.events.SourceDdl;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.events.config.SchemaChangeBehavior;
import dev.cdclake.events.typeinfo.ChangeEventTypeInfo;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.paimon.Snapshot;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.data.Decimal;
import org.apache.paimon.data.InternalRow;
import org.apache.paimon.data.Timestamp;
import org.apache.paimon.reader.RecordReader;
import org.apache.paimon.table.FileStoreTable;
import org.apache.paimon.table.source.DataSplit;
import org.apache.paimon.table.source.ReadBuilder;
import org.apache.paimon.table.source.Split;
import org.apache.paimon.types.DataField;
import org.apache.paimon.types.DataTypes;
import org.apache.paimon.types.RowType;
import org.apache.paimon.utils.SerializableFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Paimon sink in a real MiniCluster with checkpointing and generic types disabled, on a filesystem warehouse; every
 * assertion reads the tables back with Paimon's {@link ReadBuilder}.
 */
class PaimonSinkMiniClusterTest {
    private static final TableId CUSTOMERS = TableId.of("shop", "customers");
    private static final TableId PRODUCTS = TableId.of("shop", "products");
    /** A table written through two Kafka partitions (capture-job's hash-by-key). */
    private static final TableId HASHED = TableId.of("shop", "hashed");

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    private static MiniCluster cluster;

    @TempDir
    Path tmp;

    private Map<String, String> catalogOptions;
    private String script;
    private PaimonTypes types = PaimonTypes.DEFAULT;

    @BeforeAll
    static void startCluster() throws Exception {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("64m"));
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(4)
                .build());
        cluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @BeforeEach
    void setUp() {
        catalogOptions = Map.of("warehouse", tmp.resolve("warehouse").toUri().toString());
        script = UUID.randomUUID().toString();
        ScriptedChangeSource.FAILED.put(script, new AtomicBoolean());
    }

    // ---------------------------------------------------------------- tests

    @Test
    void snapshotUpdatesAndDeletesWithDynamicBucketsAndTwoWriters() throws Exception {
        List<ChangeEvent> events = snapshotUpdatesDeletes();
        runToEnd(events, Map.of(), 2, -1);
        assertTablesEqualModel(events);
        FileStoreTable customers = table(CUSTOMERS);
        assertThat(customers.options()).doesNotContainKey("bucket");
        assertThat(bucketsOf(customers))
                .as("both writer subtasks assigned buckets")
                .hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void snapshotUpdatesAndDeletesWithFixedBuckets() throws Exception {
        List<ChangeEvent> events = snapshotUpdatesDeletes();
        runToEnd(events, Map.of("bucket", "4"), 2, -1);
        assertTablesEqualModel(events);
        assertThat(bucketsOf(table(CUSTOMERS))).isSubsetOf(0, 1, 2, 3).hasSizeGreaterThan(1);
    }

    @Test
    void partitionedDynamicBucketTableWithTwoWriters() throws Exception {
        TableId orders = TableId.of("shop", "orders");
        TableSchema schema = TableSchema.builder()
                .column("id", ColumnType.of(DataKind.INT), false)
                .column("region", ColumnType.of(DataKind.VARCHAR, 8), false)
                .column("amount", ColumnType.decimal(8, 2), true)
                .primaryKey("id", "region")
                .build();
        List<ChangeEvent> events = new ArrayList<>();
        String[] regions = {"eu", "us", "apac"};
        for (int id = 1; id <= 90; id++) {
            events.add(ChangeEvent.read(
                    orders, schema, new Object[] {id, regions[id % 3], new BigDecimal(id + ".10")}, 1L));
        }
        events.add(ChangeEvent.update(
                orders,
                schema,
                new Object[] {3, "eu", new BigDecimal("3.10")},
                new Object[] {3, "eu", new BigDecimal("33.00")},
                2L));
        events.add(ChangeEvent.update(
                orders,
                schema,
                new Object[] {4, "us", new BigDecimal("4.10")},
                new Object[] {4, "apac", new BigDecimal("4.10")},
                3L));
        events.add(ChangeEvent.delete(orders, schema, new Object[] {6, "eu", new BigDecimal("6.10")}, 4L));
        SerializableFunction<TableId, TableCreationSpec> specs =
                id -> new TableCreationSpec(List.of("region"), Map.of(), "orders by region");

        JobResult result = run(events, Map.of(), specs, 2, -1, false, null);

        assertThat(result.isSuccess()).as("job result %s", result).isTrue();
        FileStoreTable table = table(orders);
        assertThat(table.partitionKeys()).containsExactly("region");
        assertThat(table.comment()).contains("orders by region");
        List<String> expected = new ArrayList<>();
        for (int id = 1; id <= 90; id++) {
            if (id == 6) {
                continue;
            }
            String region = id == 4 ? "apac" : regions[id % 3];
            expected.add(id + "|" + region + "|" + (id == 3 ? "33.00" : id + ".10"));
        }
        expected.sort(null);
        assertThat(read(orders)).containsExactlyElementsOf(expected);
    }

    /**
     * evolve over capture-job's hash-by-key: router subtask 0 reads partition 0's copy of a DROP COLUMN marker first
     * and drops the column; router subtask 1 has already routed the table (so its view is from before the drop) and
     * then routes a row its partition carried before its own copy of the marker. The writer, which has moved past the
     * drop, writes that row as the drop left the table (its dropped value falls away) instead of failing on, or
     * bringing back, the column; the copy in partition 1 is not applied again.
     */
    @Test
    void aRowThatAnotherRouterCarriesFromBeforeAnAppliedDropIsWrittenWithoutTheColumn() throws Exception {
        types = new PaimonTypes(PaimonTypes.TimeMapping.BIGINT_MICROS, false, SchemaChangeBehavior.EVOLVE);
        TableId t = HASHED;
        TableSchema withB = hashedSchema("b");
        TableSchema withoutB = hashedSchema();
        SourceDdl drop = copiedInto2Partitions("ALTER TABLE hashed DROP COLUMN b", SourceDdl.Kind.DROP_COLUMN, "b");
        GatedChangeSource.SCRIPTS.put(
                script + "-0",
                List.of(
                        List.of(ChangeEvent.insert(t, withB, new Object[] {1, 10, 100}, 1000L)
                                .withChannel("t-0")),
                        List.of(
                                ChangeEvent.schemaChange(drop, 2000L).withChannel("t-0"),
                                ChangeEvent.insert(t, withoutB, new Object[] {3, 30}, 3000L)
                                        .withChannel("t-0"))));
        GatedChangeSource.SCRIPTS.put(
                script + "-1",
                List.of(
                        List.of(ChangeEvent.insert(t, withB, new Object[] {2, 20, 200}, 1000L)
                                .withChannel("t-1")),
                        List.of(
                                ChangeEvent.insert(t, withB, new Object[] {4, 40, 400}, 1500L)
                                        .withChannel("t-1"),
                                ChangeEvent.schemaChange(drop, 2000L).withChannel("t-1"),
                                ChangeEvent.insert(t, withoutB, new Object[] {5, 50}, 3000L)
                                        .withChannel("t-1"))));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.getConfig().disableGenericTypes();
        env.enableCheckpointing(100);
        DataStream<ChangeEvent> input = env.addSource(
                        new GatedChangeSource(script), "gated changes", ChangeEventTypeInfo.INSTANCE)
                .setParallelism(2);
        PaimonSinkBuilder.forChangeEvents(input)
                .catalogOptions(catalogOptions)
                .tableOptions(Map.of("bucket", "2"))
                .tableCreationSpecs(defaultSpecs())
                .writerParallelism(2)
                .types(types)
                .build();
        JobID job = cluster.submitJob(env.getStreamGraph().getJobGraph())
                .get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .getJobID();
        try {
            awaitRows(t, rows -> rows.size() == 2);
            GatedChangeSource.open(script, 0, 1);
            // a checkpoint after row 3 followed subtask 0's drop to every writer: both have moved past it
            awaitRows(t, rows -> rows.contains("3|30"));
            GatedChangeSource.open(script, 1, 1);
            awaitRows(t, rows -> rows.size() == 5);

            assertThat(table(t).rowType().getFieldNames()).containsExactly("id", "a");
            assertThat(read(t)).containsExactly("1|10", "2|20", "3|30", "4|40", "5|50");
            assertThat(DdlHistory.of(table(t)).lastMark()).isEqualTo("2000@mysql-bin.000001:100");
            assertThat(cluster.getJobStatus(job).get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            cluster.cancelJob(job).get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A TRUNCATE over capture-job's hash-by-key reaches the sink once per partition. The first copy empties the table;
     * the second, read before the emptying was committed, must not empty it again (which would take the row written
     * after the statement through the first partition), and a row the second partition carried from before the
     * statement goes with the truncated rows. The lake then holds exactly the rows MySQL has after the statement.
     */
    @Test
    void aTruncateCopiedIntoEveryPartitionEmptiesTheTableOnceAndDropsTheOlderRowsOfTheOthers() throws Exception {
        types = new PaimonTypes(PaimonTypes.TimeMapping.BIGINT_MICROS, false, SchemaChangeBehavior.EVOLVE);
        TableId t = HASHED;
        TableSchema schema = hashedSchema();
        SourceDdl truncate = copiedInto2Partitions("TRUNCATE TABLE hashed", SourceDdl.Kind.TRUNCATE_TABLE, null);
        List<ChangeEvent> events = List.of(
                ChangeEvent.insert(t, schema, new Object[] {1, 10}, 1000L).withChannel("t-0"),
                ChangeEvent.insert(t, schema, new Object[] {2, 20}, 1000L).withChannel("t-1"),
                ChangeEvent.schemaChange(truncate, 2000L).withChannel("t-0"),
                ChangeEvent.insert(t, schema, new Object[] {3, 30}, 3000L).withChannel("t-0"),
                ChangeEvent.insert(t, schema, new Object[] {4, 40}, 1500L).withChannel("t-1"),
                ChangeEvent.schemaChange(truncate, 2000L).withChannel("t-1"),
                ChangeEvent.insert(t, schema, new Object[] {5, 50}, 3000L).withChannel("t-1"));

        runToEnd(events, Map.of("bucket", "2"), 2, -1);

        assertThat(read(t)).containsExactly("3|30", "5|50");
        assertThat(DdlHistory.of(table(t)).emptiedMark()).isEqualTo("2000@mysql-bin.000001:100");
    }

    /** INT key {@code id} and STRING {@code v}. */
    private static TableSchema idAndValue() {
        return TableSchema.builder()
                .column("id", ColumnType.of(DataKind.INT), false)
                .column("v", ColumnType.of(DataKind.STRING), true)
                .primaryKey("id")
                .build();
    }

    /** {@link #HASHED}'s schema: INT key {@code id}, INT {@code a}, and the given INT columns. */
    private static TableSchema hashedSchema(String... more) {
        TableSchema.Builder b = TableSchema.builder()
                .column("id", ColumnType.of(DataKind.INT), false)
                .column("a", ColumnType.of(DataKind.INT), true);
        for (String column : more) {
            b.column(column, ColumnType.of(DataKind.INT), true);
        }
        return b.primaryKey("id").build();
    }

    /** A statement of {@link #HASHED} whose marker capture-job copied into 2 partitions (hash-by-key). */
    private static SourceDdl copiedInto2Partitions(String sql, SourceDdl.Kind kind, String column) {
        return new SourceDdl(
                HASHED, sql, "mysql-bin.000001:100", true, 2, List.of(new SourceDdl.Change(kind, column, null)));
    }

    /** Polls (with a deadline) until the table's rows, as {@link #read} renders them, satisfy {@code condition}. */
    private void awaitRows(TableId id, java.util.function.Predicate<List<String>> condition) throws Exception {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        List<String> rows = List.of();
        while (System.nanoTime() < deadline) {
            try {
                rows = read(id);
                if (condition.test(rows)) {
                    return;
                }
            } catch (Catalog.TableNotExistException | Catalog.DatabaseNotExistException notYet) {
                // the job has not created the table yet
            } catch (IOException | UncheckedIOException renaming) {
                // the table was renamed while read, its files moved away
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Rows of " + id + " did not get there within " + JOB_TIMEOUT + ": " + rows);
    }

    /**
     * With deletion vectors a reader skips level-0 files, so a commit is only readable once its files were compacted
     * up: Paimon's writers wait for that compaction before each commit (lookup-wait), and so must ours, or every
     * checkpoint's rows become visible one checkpoint late and the last ones never while the input is idle.
     */
    @Test
    void deletionVectorRowsAreReadableInTheCommitThatWroteThem() throws Exception {
        List<ChangeEvent> events = snapshotUpdatesDeletes();
        JobID job = submit(events, Map.of("deletion-vectors.enabled", "true"), defaultSpecs(), 2, -1, true, null, null);
        assertTablesEqualModelWithin(events, JOB_TIMEOUT);
        cluster.cancelJob(job).get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        for (TableId id : List.of(CUSTOMERS, PRODUCTS)) {
            FileStoreTable table = table(id);
            Map<Long, Snapshot> lastOfCommit = new TreeMap<>();
            Set<Long> appended = new HashSet<>();
            for (Snapshot snapshot : snapshots(table)) {
                lastOfCommit.put(snapshot.commitIdentifier(), snapshot);
                if (snapshot.commitKind() == Snapshot.CommitKind.APPEND) {
                    appended.add(snapshot.commitIdentifier());
                }
            }
            assertThat(appended).as("commits of %s", id).isNotEmpty();
            for (long commit : appended) {
                Snapshot last = lastOfCommit.get(commit);
                assertThat(table.store()
                                .newScan()
                                .withSnapshot(last)
                                .withLevel(0)
                                .plan()
                                .files())
                        .as("level-0 files of %s left by checkpoint %d (snapshot %d)", id, commit, last.id())
                        .isEmpty();
            }
        }
    }

    /**
     * A checkpoint in which a table got no rows writes no snapshot of it: Paimon's stream commit writes an empty one
     * for each open bucket writer (its own sinks do, once per table and checkpoint until the writer is dropped), which
     * with many tables doubled the snapshots and the commit time.
     */
    @Test
    void checkpointsWithoutRowsWriteNoSnapshots() throws Exception {
        List<ChangeEvent> events = snapshotUpdatesDeletes();
        JobID job = submit(events, Map.of("deletion-vectors.enabled", "true"), defaultSpecs(), 2, -1, true, null, null);
        assertTablesEqualModelWithin(events, JOB_TIMEOUT);
        // the job goes on checkpointing every 100 ms with nothing to write
        long completed = completedCheckpoints(job);
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (completedCheckpoints(job) < completed + 5) {
            assertThat(System.nanoTime()).as("five more checkpoints").isLessThan(deadline);
            Thread.onSpinWait();
        }
        cluster.cancelJob(job).get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        for (TableId id : List.of(CUSTOMERS, PRODUCTS)) {
            for (Snapshot snapshot : snapshots(table(id))) {
                if (snapshot.commitKind() == Snapshot.CommitKind.APPEND) {
                    assertThat(snapshot.deltaRecordCount())
                            .as(
                                    "rows of snapshot %d of %s (checkpoint %d)",
                                    snapshot.id(), id, snapshot.commitIdentifier())
                            .isPositive();
                }
            }
        }
    }

    /** Every snapshot the table still has, oldest first. */
    private static List<Snapshot> snapshots(FileStoreTable table) {
        List<Snapshot> snapshots = new ArrayList<>();
        for (long s = table.snapshotManager().earliestSnapshotId();
                s <= table.snapshotManager().latestSnapshotId();
                s++) {
            snapshots.add(table.snapshotManager().snapshot(s));
        }
        return snapshots;
    }

    private static long completedCheckpoints(JobID job) throws Exception {
        return cluster.getExecutionGraph(job)
                .get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .getCheckpointStatsSnapshot()
                .getCounts()
                .getNumberOfCompletedCheckpoints();
    }

    @Test
    void boundedInputIsCommittedAtItsEnd() throws Exception {
        List<ChangeEvent> events = snapshotUpdatesDeletes();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.getConfig().disableGenericTypes();
        env.enableCheckpointing(60_000);
        PaimonSinkBuilder.forChangeEvents(
                        env.fromData(ChangeEventTypeInfo.INSTANCE, events.toArray(new ChangeEvent[0])))
                .catalogOptions(catalogOptions)
                .tableOptions(Map.of("bucket", "2", "write-buffer-size", "8mb", "page-size", "64kb"))
                .writerParallelism(2)
                .build();
        JobID job = cluster.submitJob(env.getStreamGraph().getJobGraph())
                .get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .getJobID();
        JobResult result = cluster.requestJobResult(job).get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(result.isSuccess()).as("job result %s", result).isTrue();
        assertTablesEqualModel(events);
        assertThat(table(CUSTOMERS).snapshotManager().latestSnapshot().commitIdentifier())
                .isEqualTo(PaimonCommittable.END_INPUT);
    }

    @Test
    void columnAddedAndTypesWidenedMidStream() throws Exception {
        List<ChangeEvent> events = new ArrayList<>();
        TableSchema v1 = customers(ColumnType.of(DataKind.VARCHAR, 20), false);
        TableSchema v2 = customers(ColumnType.of(DataKind.VARCHAR, 40), true);
        for (int id = 1; id <= 30; id++) {
            events.add(ChangeEvent.read(CUSTOMERS, v1, customer(v1, id, "c" + id, "1.50", null), 1L));
        }
        TableSchema p1 = products(ColumnType.of(DataKind.INT));
        TableSchema p2 = products(ColumnType.of(DataKind.BIGINT));
        for (int id = 1; id <= 10; id++) {
            events.add(ChangeEvent.insert(PRODUCTS, p1, new Object[] {(long) id, "p" + id, 2.5d, id}, 2L));
        }
        for (int id = 31; id <= 60; id++) {
            // Two upstream subtasks: one already sees the new column, one still the narrow schema.
            TableSchema s = id % 2 == 0 ? v2 : v1;
            String name = "customer-with-a-longer-name-" + id;
            events.add(ChangeEvent.insert(
                    CUSTOMERS,
                    s,
                    customer(s, id, s == v2 ? name : "c" + id, "2.25", s == v2 ? id + "@example.com" : null),
                    3L));
        }
        events.add(ChangeEvent.update(
                CUSTOMERS,
                v2,
                customer(v2, 3, "c3", "1.50", null),
                customer(v2, 3, "c3", "9.99", "three@example.com"),
                4L));
        events.add(ChangeEvent.update(
                PRODUCTS, p2, new Object[] {7L, "p7", 2.5d, 7L}, new Object[] {7L, "p7", 2.5d, 5_000_000_000L}, 5L));
        events.add(ChangeEvent.insert(PRODUCTS, p1, new Object[] {11L, "p11", 1.0d, 11}, 6L));

        runToEnd(events, Map.of(), 2, -1);

        assertTablesEqualModel(events);
        RowType customers = table(CUSTOMERS).rowType();
        assertThat(customers.getFieldNames()).containsExactly("id", "name", "balance", "updated", "email");
        assertThat(customers.getTypeAt(1)).isEqualTo(DataTypes.VARCHAR(40));
        assertThat(table(PRODUCTS).rowType().getTypeAt(3)).isEqualTo(DataTypes.BIGINT());
    }

    @Test
    void killedMidStreamAndRestoredLosesAndDuplicatesNothing() throws Exception {
        // An aggregation table sums a count column: a row committed twice would show up as 2.
        TableId counted = TableId.of("shop", "counted");
        TableSchema schema = TableSchema.builder()
                .column("id", ColumnType.of(DataKind.INT), false)
                .column("cnt", ColumnType.of(DataKind.BIGINT), true)
                .primaryKey("id")
                .build();
        List<ChangeEvent> events = new ArrayList<>();
        for (int id = 0; id < 400; id++) {
            events.add(ChangeEvent.insert(counted, schema, new Object[] {id, 1L}, id));
        }
        events.addAll(snapshotUpdatesDeletes());
        SerializableFunction<TableId, TableCreationSpec> specs = id -> id.table()
                        .equals("counted")
                ? new TableCreationSpec(
                        List.of(), Map.of("merge-engine", "aggregation", "fields.cnt.aggregate-function", "sum"), null)
                : TableCreationSpec.DEFAULT;

        JobResult result = run(events, Map.of(), specs, 2, 250, false, null);

        assertThat(result.isSuccess()).as("job result %s", result).isTrue();
        assertThat(ScriptedChangeSource.FAILED.get(script)).isTrue();
        List<String> rows = read(counted);
        assertThat(rows).hasSize(400).allMatch(r -> r.endsWith("|1"), "every row counted exactly once");
        assertTablesEqualModel(events.subList(400, events.size()));
    }

    /**
     * DROP TABLE and TRUNCATE under evolve, again and again, at every place relative to checkpoints (40 events per
     * checkpoint), with a table created again after each, two writers, dynamic buckets, deletion vectors and a crash
     * with a restore: the table holds
     * exactly the rows written after its last drop or truncate; a table never emptied keeps all of its rows.
     */
    @Test
    void droppedAndTruncatedTablesAreEmptiedInOrderAcrossCheckpointsAndARestore() throws Exception {
        types = new PaimonTypes(PaimonTypes.TimeMapping.BIGINT_MICROS, false, SchemaChangeBehavior.EVOLVE);
        TableId dropped = TableId.of("shop", "dropped");
        TableId kept = TableId.of("shop", "kept");
        TableSchema schema = idAndValue();
        List<ChangeEvent> events = new ArrayList<>();
        long ts = 1;
        for (int round = 0; round < 8; round++) {
            for (int i = 0; i < 17 + round * 3; i++) {
                int id = (round * 7 + i) % 40;
                events.add(ChangeEvent.insert(dropped, schema, new Object[] {id, "r" + round + "-" + i}, ts++));
                events.add(ChangeEvent.insert(kept, schema, new Object[] {round * 100 + i, "k"}, ts++));
            }
            events.add(ChangeEvent.update(
                    dropped, schema, new Object[] {round * 7 % 40, "x"}, new Object[] {round * 7 % 40, "u"}, ts++));
            events.add(ChangeEvent.schemaChange(
                    new SourceDdl(
                            dropped,
                            round % 2 == 0 ? "DROP TABLE dropped" : "TRUNCATE TABLE dropped",
                            "mysql-bin.000001:" + (1000 + round),
                            true,
                            List.of(new SourceDdl.Change(
                                    round % 2 == 0 ? SourceDdl.Kind.DROP_TABLE : SourceDdl.Kind.TRUNCATE_TABLE,
                                    null,
                                    null))),
                    ts++));
            events.add(ChangeEvent.insert(dropped, schema, new Object[] {round, "after drop " + round}, ts++));
        }
        // after the last emptying: updates of a row written after it and new rows, over several checkpoints
        for (int i = 0; i < 100; i++) {
            events.add(ChangeEvent.update(
                    dropped,
                    schema,
                    new Object[] {7, i == 0 ? "after drop 7" : "v" + (i - 1)},
                    new Object[] {7, "v" + i},
                    ts++));
            events.add(ChangeEvent.insert(dropped, schema, new Object[] {100 + i, "n"}, ts++));
        }
        // deletion vectors compact on every commit, and a low trigger compacts often: compactions of files the
        // emptying removes would conflict with it
        runToEnd(events, Map.of("deletion-vectors.enabled", "true", "num-sorted-run.compaction-trigger", "2"), 2, 170);

        assertThat(ScriptedChangeSource.FAILED.get(script)).isTrue();
        assertTablesEqualModel(events);
        assertThat(read(dropped)).contains("7|v99").hasSize(101);
    }

    /**
     * RENAME TABLE under evolve, twice in a row, with the old name created again in between, two writers and a crash
     * after the first rename: each lake table holds exactly its source table's rows under the name it has now, the
     * rows before a rename moved with it, and the changes after it (updates of those rows too) on top of them. The
     * first time the new name's marker and changes come before the old name's marker and its last rows (capture-job
     * wrote them through different Kafka writers).
     */
    @Test
    void renamedTablesTakeTheirRowsToTheNewNameInOrderAcrossCheckpointsAndARestore() throws Exception {
        types = new PaimonTypes(PaimonTypes.TimeMapping.BIGINT_MICROS, false, SchemaChangeBehavior.EVOLVE);
        TableId first = TableId.of("shop", "first");
        TableId second = TableId.of("shop", "second");
        TableId third = TableId.of("shop", "third");
        TableId kept = TableId.of("shop", "kept");
        TableSchema schema = idAndValue();
        List<ChangeEvent> events = new ArrayList<>();
        long ts = 1;
        for (int i = 0; i < 90; i++) {
            events.add(ChangeEvent.insert(first, schema, new Object[] {i, "f" + i}, ts++));
            events.add(ChangeEvent.insert(kept, schema, new Object[] {i, "k"}, ts++));
        }
        ChangeEvent[] firstRename = rename(first, second, "mysql-bin.000001:1000", ts++);
        events.add(firstRename[1]);
        for (int i = 0; i < 30; i++) {
            events.add(ChangeEvent.insert(second, schema, new Object[] {2000 + i, "early"}, ts++));
        }
        events.add(ChangeEvent.update(first, schema, new Object[] {0, "f0"}, new Object[] {0, "late"}, ts++));
        events.add(firstRename[0]);
        events.add(ChangeEvent.update(second, schema, new Object[] {0, "late"}, new Object[] {0, "f0"}, ts++));
        for (int i = 0; i < 60; i++) {
            events.add(ChangeEvent.update(second, schema, new Object[] {i, "f" + i}, new Object[] {i, "s" + i}, ts++));
            events.add(ChangeEvent.insert(second, schema, new Object[] {1000 + i, "n"}, ts++));
            events.add(ChangeEvent.insert(first, schema, new Object[] {5000 + i, "again"}, ts++));
            events.add(ChangeEvent.insert(kept, schema, new Object[] {100 + i, "k"}, ts++));
        }
        events.add(ChangeEvent.delete(second, schema, new Object[] {89, "f89"}, ts++));
        events.addAll(List.of(rename(second, third, "mysql-bin.000001:2000", ts++)));
        for (int i = 0; i < 40; i++) {
            events.add(ChangeEvent.update(third, schema, new Object[] {i, "s" + i}, new Object[] {i, "t" + i}, ts++));
            events.add(ChangeEvent.insert(kept, schema, new Object[] {200 + i, "k"}, ts++));
        }
        // the source stays open: the changes held for a rename follow its commit, which may come after the last event
        JobID job = submit(events, Map.of(), defaultSpecs(), 2, 260, true, null, null);
        try {
            assertTablesEqualModelWithin(events, JOB_TIMEOUT);
        } finally {
            cluster.cancelJob(job).get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        assertThat(ScriptedChangeSource.FAILED.get(script)).isTrue();
        assertThat(read(third)).hasSize(179).contains("0|t0", "40|s40", "88|f88", "1059|n", "2029|early");
        assertThat(read(first)).hasSize(60).allMatch(r -> r.endsWith("|again"));
        try (Catalog catalog = catalog()) {
            assertThat(catalog.listTables("shop")).containsExactlyInAnyOrder("first", "third", "kept");
            assertThat(catalog.getTable(Identifier.create("shop", "third"))
                            .options()
                            .get(PaimonTableReconciler.DDL_POSITION_OPTION))
                    .endsWith("@mysql-bin.000001:2000");
        }
    }

    /**
     * RENAME TABLE under evolve over capture-job's hash-by-key (two partitions, each with a copy of both markers): the
     * second partition still carries rows of the old name from before the statement after the first partition's copy,
     * next to the new name's changes and a table created again under the old name. The lake table is renamed once
     * both copies passed, with every row from before the statement, and a crash on the way loses nothing.
     */
    @Test
    void aRenameCopiedIntoEveryPartitionWaitsForTheLastCopy() throws Exception {
        types = new PaimonTypes(PaimonTypes.TimeMapping.BIGINT_MICROS, false, SchemaChangeBehavior.EVOLVE);
        TableId t = TableId.of("shop", "t");
        TableId u = TableId.of("shop", "u");
        TableSchema schema = idAndValue();
        List<ChangeEvent> events = new ArrayList<>();
        long ts = 1;
        for (int i = 0; i < 100; i++) {
            events.add(ChangeEvent.insert(t, schema, new Object[] {i, "f" + i}, ts++)
                    .withChannel("t-" + (i % 2)));
        }
        ChangeEvent[] copy = rename(t, u, "mysql-bin.000001:1000", ts++, 2);
        events.add(copy[0].withChannel("t-0"));
        events.add(copy[1].withChannel("t-0"));
        for (int i = 0; i < 50; i++) {
            events.add(ChangeEvent.insert(u, schema, new Object[] {1000 + i, "n"}, ts++)
                    .withChannel("t-0"));
            events.add(ChangeEvent.insert(t, schema, new Object[] {5000 + i, "again"}, ts++)
                    .withChannel("t-0"));
            int odd = 2 * i + 1;
            events.add(ChangeEvent.update(t, schema, new Object[] {odd, "f" + odd}, new Object[] {odd, "late"}, 10)
                    .withChannel("t-1"));
        }
        events.add(copy[0].withChannel("t-1"));
        events.add(copy[1].withChannel("t-1"));
        for (int odd = 1; odd < 50; odd += 2) {
            events.add(ChangeEvent.update(u, schema, new Object[] {odd, "late"}, new Object[] {odd, "u"}, ts++)
                    .withChannel("t-1"));
        }
        // the source stays open: the changes held for the rename follow its commit, after the last event
        JobID job = submit(events, Map.of("bucket", "2"), defaultSpecs(), 2, 200, true, null, null);
        try {
            awaitRows(u, rows -> rows.size() == 150 && rows.contains("49|u"));
            awaitRows(t, rows -> rows.size() == 50);

            assertThat(ScriptedChangeSource.FAILED.get(script)).isTrue();
            List<String> renamed = read(u);
            assertThat(renamed).contains("0|f0", "1|u", "49|u", "51|late", "99|late", "98|f98", "1049|n");
            assertThat(renamed).filteredOn(r -> r.endsWith("|late")).hasSize(25);
            assertThat(renamed).filteredOn(r -> r.endsWith("|u")).hasSize(25);
            assertThat(read(t)).allMatch(r -> r.endsWith("|again"));
        } finally {
            cluster.cancelJob(job).get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Two renames pending at once on one router: a→b is done while c→d still waits for its second partition's copy.
     * A change of b held before a→b was done and an update of the same row after it must reach the lake in that
     * order: released out of order, the held insert would overwrite the update.
     */
    @Test
    void heldChangesKeepTheirOrderWhileAnotherRenameIsPending() throws Exception {
        types = new PaimonTypes(PaimonTypes.TimeMapping.BIGINT_MICROS, false, SchemaChangeBehavior.EVOLVE);
        TableId a = TableId.of("shop", "a");
        TableId b = TableId.of("shop", "b");
        TableId c = TableId.of("shop", "c");
        TableId d = TableId.of("shop", "d");
        TableSchema schema = idAndValue();
        List<ChangeEvent> events = new ArrayList<>();
        long ts = 1;
        for (int i = 0; i < 20; i++) {
            events.add(
                    ChangeEvent.insert(a, schema, new Object[] {i, "a"}, ts++).withChannel("p-0"));
            events.add(
                    ChangeEvent.insert(c, schema, new Object[] {i, "c"}, ts++).withChannel("p-" + (i % 2)));
        }
        ChangeEvent[] ab = rename(a, b, "mysql-bin.000001:1000", ts++, 1);
        ChangeEvent[] cd = rename(c, d, "mysql-bin.000001:1100", ts++, 2);
        List<ChangeEvent> second = new ArrayList<>(List.of(
                ab[0].withChannel("p-0"),
                ab[1].withChannel("p-0"),
                ChangeEvent.insert(b, schema, new Object[] {1000, "v1"}, ts++).withChannel("p-0"),
                cd[0].withChannel("p-0"),
                cd[1].withChannel("p-0")));
        // a batch (40 events) per checkpoint: a→b is done after this one, c→d waits for partition 1's copy
        while (second.size() < 40) {
            second.add(ChangeEvent.heartbeat(ts++, "p-0", null));
        }
        events.addAll(second);
        // two more checkpoints: a→b is committed, and the router has seen it done, before the update comes
        for (int i = 0; i < 80; i++) {
            events.add(ChangeEvent.heartbeat(ts++, "p-0", null));
        }
        List<ChangeEvent> third = new ArrayList<>(
                List.of(ChangeEvent.update(b, schema, new Object[] {1000, "v1"}, new Object[] {1000, "v2"}, ts++)
                        .withChannel("p-0")));
        while (third.size() < 40) {
            third.add(ChangeEvent.heartbeat(ts++, "p-0", null));
        }
        events.addAll(third);
        events.add(cd[0].withChannel("p-1"));
        events.add(cd[1].withChannel("p-1"));
        events.add(ChangeEvent.insert(d, schema, new Object[] {1000, "d"}, ts++).withChannel("p-1"));

        JobID job = submit(events, Map.of("bucket", "2"), defaultSpecs(), 2, -1, true, null, null);
        try {
            awaitRows(d, rows -> rows.size() == 21);
            awaitRows(b, rows -> rows.size() == 21);
            assertThat(read(b)).contains("1000|v2").doesNotContain("1000|v1");
        } finally {
            cluster.cancelJob(job).get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The old name's marker of a rename and the new name's, as capture-job writes them into one partition. */
    private static ChangeEvent[] rename(TableId from, TableId to, String position, long ts) {
        return rename(from, to, position, ts, 1);
    }

    /** The old name's marker of a rename and the new name's, as capture-job writes them. */
    private static ChangeEvent[] rename(TableId from, TableId to, String position, long ts, int partitions) {
        String statement = "RENAME TABLE " + from.table() + " TO " + to.table();
        return new ChangeEvent[] {
            ChangeEvent.schemaChange(
                    new SourceDdl(
                            from,
                            statement,
                            position,
                            true,
                            partitions,
                            List.of(new SourceDdl.Change(SourceDdl.Kind.RENAME_TABLE, null, to.identifier()))),
                    ts),
            ChangeEvent.schemaChange(
                    new SourceDdl(
                            to,
                            statement,
                            position,
                            true,
                            partitions,
                            List.of(new SourceDdl.Change(
                                    SourceDdl.Kind.RENAME_TABLE, from.identifier(), to.identifier()))),
                    ts)
        };
    }

    @Test
    void commitUserIsPrefixPlusUuidAndSurvivesRestoreFromSavepoint() throws Exception {
        List<ChangeEvent> first = snapshotUpdatesDeletes();
        ScriptedChangeSource.SCRIPTS.put(script, first);
        JobID job = submit(first, Map.of(), defaultSpecs(), 1, -1, true, null, "it-user");
        Snapshot before = awaitSnapshot(CUSTOMERS, s -> true);
        String savepoint = cluster.triggerSavepoint(
                        job, tmp.resolve("savepoints").toUri().toString(), true, SavepointFormatType.CANONICAL)
                .get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        cluster.requestJobResult(job).get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        String user = before.commitUser();
        assertThat(user).startsWith("it-user-");
        UUID.fromString(user.substring("it-user-".length()));

        List<ChangeEvent> all = new ArrayList<>(first);
        TableSchema v1 = customers(ColumnType.of(DataKind.VARCHAR, 20), false);
        for (int id = 100; id < 110; id++) {
            all.add(ChangeEvent.insert(CUSTOMERS, v1, customer(v1, id, "late" + id, "3.00", null), 9L));
        }
        JobID restored = submit(all, Map.of(), defaultSpecs(), 1, -1, false, savepoint, "it-user");
        JobResult result = cluster.requestJobResult(restored).get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(result.isSuccess()).as("job result %s", result).isTrue();

        Snapshot latest = table(CUSTOMERS).snapshotManager().latestSnapshot();
        assertThat(latest.id()).isGreaterThan(before.id());
        assertThat(latest.commitUser()).isEqualTo(user);
        assertTablesEqualModel(all);
    }

    /** Checkpoints that do not cut every writer's input at the same change are refused before the job starts. */
    @Test
    void unalignedOrAtLeastOnceCheckpointsAreRefused() {
        for (Map.Entry<String, String> setting : Map.of(
                        "execution.checkpointing.unaligned.enabled", "true",
                        "execution.checkpointing.mode", "AT_LEAST_ONCE")
                .entrySet()) {
            Configuration conf = new Configuration();
            conf.setString("execution.checkpointing.interval", "1s");
            conf.setString(setting.getKey(), setting.getValue());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            DataStream<ChangeEvent> input = env.addSource(
                    new ScriptedChangeSource(script, 40, -1, false), "scripted changes", ChangeEventTypeInfo.INSTANCE);
            assertThatThrownBy(() -> PaimonSinkBuilder.forChangeEvents(input)
                            .catalogOptions(catalogOptions)
                            .build())
                    .as(setting.getKey())
                    .isInstanceOf(PipelineConfigException.class)
                    .hasMessageContaining("pipeline." + setting.getKey());
        }
    }

    @Test
    void tableWithoutPrimaryKeyFailsTheJobWithAClearError() throws Exception {
        TableSchema noKey = TableSchema.builder()
                .column("id", ColumnType.of(DataKind.INT), false)
                .build();
        List<ChangeEvent> events =
                List.of(ChangeEvent.insert(TableId.of("shop", "nokey"), noKey, new Object[] {1}, 1L));
        JobResult result = run(events, Map.of(), defaultSpecs(), 1, -1, false, null);
        assertThat(result.isSuccess()).isFalse();
        Throwable error = result.getSerializedThrowable()
                .get()
                .deserializeError(getClass().getClassLoader());
        assertThat(rootMessages(error))
                .anyMatch(m -> m.contains("Table shop.nokey has no primary key") && m.contains("primary-keys"));
    }

    @Test
    void nullPrimaryKeyFailsTheJobNamingTheColumn() throws Exception {
        TableSchema c = customers(ColumnType.of(DataKind.VARCHAR, 20), false);
        Object[] row = customer(c, 1, "x", "1.00", null);
        row[0] = null;
        JobResult result =
                run(List.of(ChangeEvent.insert(CUSTOMERS, c, row, 1L)), Map.of(), defaultSpecs(), 1, -1, false, null);
        assertThat(result.isSuccess()).isFalse();
        Throwable error = result.getSerializedThrowable()
                .get()
                .deserializeError(getClass().getClassLoader());
        assertThat(rootMessages(error)).anyMatch(m -> m.contains("Primary-key column 'id' of table shop.customers"));
    }

    // ---------------------------------------------------------------- scripts

    private static TableSchema customers(ColumnType nameType, boolean withEmail) {
        TableSchema.Builder b = TableSchema.builder()
                .column("id", ColumnType.of(DataKind.INT), false)
                .column("name", nameType, true)
                .column("balance", ColumnType.decimal(10, 2), true)
                .column("updated", ColumnType.of(DataKind.TIMESTAMP, 3), true);
        if (withEmail) {
            b.column("email", ColumnType.of(DataKind.VARCHAR, 50), true);
        }
        return b.primaryKey("id").build();
    }

    private static Object[] customer(TableSchema s, int id, String name, String balance, String email) {
        Object[] row = new Object[s.columnCount()];
        row[0] = id;
        row[1] = name;
        row[2] = new BigDecimal(balance);
        row[3] = LocalDateTime.of(2024, 1, 1, 10, 0).plusSeconds(id).plusNanos(id * 1_000_000L);
        if (s.columnCount() > 4) {
            row[4] = email;
        }
        return row;
    }

    private static TableSchema products(ColumnType qtyType) {
        return TableSchema.builder()
                .column("id", ColumnType.of(DataKind.BIGINT), false)
                .column("title", ColumnType.of(DataKind.STRING), true)
                .column("price", ColumnType.of(DataKind.DOUBLE), true)
                .column("qty", qtyType, true)
                .primaryKey("id")
                .build();
    }

    /** A snapshot of two tables, then updates (one changing the key) and deletes. */
    private static List<ChangeEvent> snapshotUpdatesDeletes() {
        TableSchema c = customers(ColumnType.of(DataKind.VARCHAR, 20), false);
        TableSchema p = products(ColumnType.of(DataKind.INT));
        List<ChangeEvent> events = new ArrayList<>();
        for (int id = 1; id <= 50; id++) {
            events.add(ChangeEvent.read(CUSTOMERS, c, customer(c, id, "name" + id, id + ".25", null), 1L));
        }
        for (int id = 1; id <= 20; id++) {
            events.add(ChangeEvent.read(PRODUCTS, p, new Object[] {(long) id, "product" + id, id * 1.5d, id}, 1L));
        }
        events.add(ChangeEvent.update(
                CUSTOMERS, c, customer(c, 3, "name3", "3.25", null), customer(c, 3, "renamed", "30.00", null), 2L));
        events.add(ChangeEvent.update(
                CUSTOMERS, c, customer(c, 4, "name4", "4.25", null), customer(c, 104, "moved", "4.25", null), 3L));
        events.add(ChangeEvent.delete(CUSTOMERS, c, customer(c, 5, "name5", "5.25", null), 4L));
        events.add(ChangeEvent.update(
                PRODUCTS, p, new Object[] {2L, "product2", 3.0d, 2}, new Object[] {2L, "product2", 3.5d, 0}, 5L));
        events.add(ChangeEvent.delete(PRODUCTS, p, new Object[] {9L, "product9", 13.5d, 9}, 6L));
        events.add(ChangeEvent.insert(CUSTOMERS, c, customer(c, 51, "new", "0.01", null), 7L));
        events.add(ChangeEvent.update(
                CUSTOMERS, c, customer(c, 51, "new", "0.01", null), customer(c, 51, "newer", "0.02", null), 8L));
        return events;
    }

    // ---------------------------------------------------------------- running jobs

    private static SerializableFunction<TableId, TableCreationSpec> defaultSpecs() {
        return id -> TableCreationSpec.DEFAULT;
    }

    private void runToEnd(List<ChangeEvent> events, Map<String, String> tableOptions, int writers, int failAfter)
            throws Exception {
        JobResult result = run(events, tableOptions, defaultSpecs(), writers, failAfter, false, null);
        assertThat(result.isSuccess())
                .as(
                        "job failed: %s",
                        result.getSerializedThrowable()
                                .map(t -> t.getFullStringifiedStackTrace())
                                .orElse(""))
                .isTrue();
    }

    private JobResult run(
            List<ChangeEvent> events,
            Map<String, String> tableOptions,
            SerializableFunction<TableId, TableCreationSpec> specs,
            int writers,
            int failAfter,
            boolean hold,
            String savepoint)
            throws Exception {
        ScriptedChangeSource.SCRIPTS.put(script, events);
        JobID job = submit(events, tableOptions, specs, writers, failAfter, hold, savepoint, null);
        return cluster.requestJobResult(job).get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @SuppressWarnings("deprecation")
    private JobID submit(
            List<ChangeEvent> events,
            Map<String, String> tableOptions,
            SerializableFunction<TableId, TableCreationSpec> specs,
            int writers,
            int failAfter,
            boolean hold,
            String savepoint,
            String commitUserPrefix)
            throws Exception {
        ScriptedChangeSource.SCRIPTS.put(script, events);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.getConfig().disableGenericTypes();
        env.enableCheckpointing(100);
        boolean expectsRestarts = failAfter >= 0 || savepoint != null;
        env.setRestartStrategy(
                expectsRestarts
                        ? RestartStrategies.fixedDelayRestart(
                                5, org.apache.flink.api.common.time.Time.milliseconds(200))
                        : RestartStrategies.noRestart());
        DataStream<ChangeEvent> input = env.addSource(
                        new ScriptedChangeSource(script, 40, failAfter, hold),
                        "scripted changes",
                        ChangeEventTypeInfo.INSTANCE)
                .uid("scripted-source");
        Map<String, String> options = new LinkedHashMap<>(tableOptions);
        options.put("write-buffer-size", "8mb");
        options.put("page-size", "64kb");
        PaimonSinkBuilder.forChangeEvents(input)
                .catalogOptions(catalogOptions)
                .tableOptions(options)
                .tableCreationSpecs(specs)
                .commitUserPrefix(commitUserPrefix)
                .writerParallelism(writers)
                .types(types)
                .build();
        JobGraph graph = env.getStreamGraph().getJobGraph();
        if (savepoint != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint));
        }
        return cluster.submitJob(graph)
                .get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .getJobID();
    }

    // ---------------------------------------------------------------- reading Paimon

    private Catalog catalog() {
        return new PaimonCatalogLoader(catalogOptions).load();
    }

    private FileStoreTable table(TableId id) throws Exception {
        try (Catalog catalog = catalog()) {
            return (FileStoreTable) catalog.getTable(Identifier.create(id.database(), id.table()));
        }
    }

    private Snapshot awaitSnapshot(TableId id, java.util.function.Predicate<Snapshot> condition) throws Exception {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Catalog catalog = catalog()) {
                if (catalog.listTables(id.database()).contains(id.table())) {
                    Snapshot s = ((FileStoreTable) catalog.getTable(Identifier.create(id.database(), id.table())))
                            .snapshotManager()
                            .latestSnapshot();
                    if (s != null && condition.test(s)) {
                        return s;
                    }
                }
            } catch (Catalog.DatabaseNotExistException notYet) {
                // the job has not created the database yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("No snapshot of " + id + " within " + JOB_TIMEOUT);
    }

    private static Set<Integer> bucketsOf(FileStoreTable table) {
        Set<Integer> buckets = new HashSet<>();
        for (Split split : table.newReadBuilder().newScan().plan().splits()) {
            buckets.add(((DataSplit) split).bucket());
        }
        return buckets;
    }

    /** Rows as {@code v1|v2|...} in table column order, sorted. */
    private List<String> read(TableId id) throws Exception {
        FileStoreTable table = table(id);
        RowType rowType = table.rowType();
        List<InternalRow.FieldGetter> getters = new ArrayList<>();
        for (int i = 0; i < rowType.getFieldCount(); i++) {
            getters.add(InternalRow.createFieldGetter(rowType.getTypeAt(i), i));
        }
        ReadBuilder rb = table.newReadBuilder();
        List<String> rows = new ArrayList<>();
        try (RecordReader<InternalRow> reader =
                rb.newRead().createReader(rb.newScan().plan())) {
            reader.forEachRemaining(row -> {
                List<String> values = new ArrayList<>();
                for (InternalRow.FieldGetter g : getters) {
                    values.add(render(g.getFieldOrNull(row)));
                }
                rows.add(String.join("|", values));
            });
        }
        rows.sort(null);
        return rows;
    }

    private static String render(Object v) {
        if (v instanceof Decimal) {
            return ((Decimal) v).toBigDecimal().toPlainString();
        }
        if (v instanceof Timestamp) {
            return ((Timestamp) v).toLocalDateTime().toString();
        }
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).toPlainString();
        }
        return String.valueOf(v);
    }

    /** {@link #assertTablesEqualModel}, polled until it holds or the timeout passes (commits follow checkpoints). */
    private void assertTablesEqualModelWithin(List<ChangeEvent> events, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                assertTablesEqualModel(events);
                return;
            } catch (AssertionError | Catalog.TableNotExistException | IOException | UncheckedIOException notYet) {
                // an IOException: the table was renamed while read, its files moved away
                if (System.nanoTime() - deadline > 0) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    /** Replays the events on a map per table and compares with what Paimon holds, row by row. */
    private void assertTablesEqualModel(List<ChangeEvent> events) throws Exception {
        Map<TableId, Map<Object, Map<String, Object>>> model = new TreeMap<>();
        for (ChangeEvent e : events) {
            if (e.op() == Op.SCHEMA_CHANGE && e.ddl().renamedFrom() != null) {
                continue;
            }
            if (e.op() == Op.SCHEMA_CHANGE && e.ddl().renamedTo() != null) {
                // the new name's changes that came before this marker are after the statement: over the moved rows
                Map<Object, Map<String, Object>> moved = model.remove(e.tableId());
                Map<Object, Map<String, Object>> renamed = moved == null ? new LinkedHashMap<>() : moved;
                renamed.putAll(model.getOrDefault(e.ddl().renamedTo(), Map.of()));
                model.put(e.ddl().renamedTo(), renamed);
                continue;
            }
            Map<Object, Map<String, Object>> rows = model.computeIfAbsent(e.tableId(), t -> new LinkedHashMap<>());
            if (e.op() == Op.SCHEMA_CHANGE) {
                if (e.ddl().emptiesTable()) {
                    rows.clear();
                }
                continue;
            }
            TableSchema s = e.schema();
            if (e.op() != Op.INSERT && e.op() != Op.READ) {
                rows.remove(e.before()[s.primaryKeyIndexes()[0]]);
            }
            if (e.after() != null) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < s.columnCount(); i++) {
                    row.put(s.column(i).name(), e.after()[i]);
                }
                rows.put(e.after()[s.primaryKeyIndexes()[0]], row);
            }
        }
        for (Map.Entry<TableId, Map<Object, Map<String, Object>>> t : model.entrySet()) {
            List<String> names = table(t.getKey()).rowType().getFields().stream()
                    .map(DataField::name)
                    .toList();
            List<String> expected = new ArrayList<>();
            for (Map<String, Object> row : t.getValue().values()) {
                List<String> values = new ArrayList<>();
                for (String n : names) {
                    values.add(render(row.get(n)));
                }
                expected.add(String.join("|", values));
            }
            expected.sort(null);
            assertThat(read(t.getKey())).as("contents of %s", t.getKey()).containsExactlyElementsOf(expected);
        }
    }

    private static List<String> rootMessages(Throwable t) {
        List<String> messages = new ArrayList<>();
        for (Throwable c = t; c != null; c = c.getCause()) {
            messages.add(String.valueOf(c.getMessage()));
        }
        return messages;
    }
}

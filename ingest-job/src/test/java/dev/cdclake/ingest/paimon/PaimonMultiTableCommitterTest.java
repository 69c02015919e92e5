package dev.cdclake.ingest.paimon;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.paimon.Snapshot;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.CatalogLoader;
import org.apache.paimon.catalog.DelegateCatalog;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.data.BinaryString;
import org.apache.paimon.data.GenericRow;
import org.apache.paimon.data.InternalRow;
import org.apache.paimon.reader.RecordReader;
import org.apache.paimon.schema.SchemaChange;
import org.apache.paimon.table.FileStoreTable;
import org.apache.paimon.table.Table;
import org.apache.paimon.table.sink.CommitMessage;
import org.apache.paimon.table.sink.StreamTableWrite;
import org.apache.paimon.table.source.ReadBuilder;
import org.apache.paimon.types.DataTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Restore-time commits, and why the commit user must be unique per job: Paimon skips restored committables whose
 * checkpoint id is not above the latest one its commit user committed.
 */
class PaimonMultiTableCommitterTest {
    private static final TableId T = TableId.of("shop", "t");

    @TempDir
    Path warehouse;

    private Catalog catalog;
    private FileStoreTable table;

    @BeforeEach
    void open() throws Exception {
        catalog = new PaimonCatalogLoader(Map.of("warehouse", warehouse.toUri().toString())).load();
        TableSchema schema = TableSchema.builder()
                .column("id", ColumnType.of(DataKind.INT), false)
                .column("v", ColumnType.of(DataKind.STRING), true)
                .primaryKey("id")
                .build();
        table = new PaimonTableReconciler(catalog, Map.of("bucket", "1"), PaimonTypes.DEFAULT, 1)
                .reconcile(T, schema, null, TableCreationSpec.DEFAULT);
    }

    @AfterEach
    void close() throws Exception {
        catalog.close();
    }

    private PaimonCommittable written(String commitUser, long checkpoint, int id) throws Exception {
        try (StreamTableWrite write =
                table.newStreamWriteBuilder().withCommitUser(commitUser).newWrite()) {
            GenericRow row = new GenericRow(table.rowType().getFieldCount());
            row.setField(0, id);
            row.setField(1, BinaryString.fromString("v" + id));
            write.write(row);
            List<CommitMessage> messages = write.prepareCommit(false, checkpoint);
            return new PaimonCommittable(checkpoint, T, messages);
        }
    }

    @Test
    void restoredCommittablesAreCommittedOnceUnderTheJobsOwnUser() throws Exception {
        String jobA = CommitUserState.newCommitUser("same-prefix");
        String jobB = CommitUserState.newCommitUser("same-prefix");
        assertThat(jobA).isNotEqualTo(jobB).startsWith("same-prefix-");

        try (PaimonMultiTableCommitter a = new PaimonMultiTableCommitter(catalog, jobA, Duration.ofMinutes(5), 4, 0L)) {
            a.commit(5, List.of(written(jobA, 5, 1)));
        }
        PaimonCommittable pendingOfB = written(jobB, 3, 2);

        // What a shared, fixed commit user would do: checkpoint 3 <= 5 looks committed, the row is silently dropped.
        try (PaimonMultiTableCommitter shared =
                new PaimonMultiTableCommitter(catalog, jobA, Duration.ofMinutes(5), 4, 0L)) {
            assertThat(shared.filterAndCommit(List.of(written(jobA, 3, 3)))).isZero();
        }
        assertThat(ids()).containsExactly(1);

        try (PaimonMultiTableCommitter b = new PaimonMultiTableCommitter(catalog, jobB, Duration.ofMinutes(5), 4, 0L)) {
            assertThat(b.filterAndCommit(List.of(pendingOfB))).isEqualTo(1);
        }
        try (PaimonMultiTableCommitter bAgain =
                new PaimonMultiTableCommitter(catalog, jobB, Duration.ofMinutes(5), 4, 0L)) {
            assertThat(bAgain.filterAndCommit(List.of(pendingOfB))).isZero();
        }
        assertThat(ids()).containsExactly(1, 2);
        assertThat(table.copyWithLatestSchema()
                        .snapshotManager()
                        .latestSnapshot()
                        .commitUser())
                .isEqualTo(jobB);
    }

    /**
     * A table's commit is released once the table committed nothing for the idle timeout, also when no later
     * checkpoint brings anything to commit (the committer asks at every completed checkpoint): after a burst of many
     * tables, their commits must not stay on the heap until the next rows.
     */
    @Test
    void idleCommitsAreReleasedWithoutAnotherCommit() throws Exception {
        String user = CommitUserState.newCommitUser("idle");
        try (PaimonMultiTableCommitter committer =
                new PaimonMultiTableCommitter(catalog, user, Duration.ofMillis(1), 4, 0L)) {
            committer.commit(1, List.of(written(user, 1, 1)));
            assertThat(committer.openCommits()).isEqualTo(1);
            long committed = System.nanoTime();
            while (System.nanoTime() - committed < Duration.ofMillis(1).toNanos()) {
                Thread.onSpinWait();
            }
            committer.closeIdle();
            assertThat(committer.openCommits()).isZero();
            committer.commit(2, List.of(written(user, 2, 2)));
            assertThat(committer.openCommits()).isEqualTo(1);
        }
        assertThat(ids()).containsExactly(1, 2);
    }

    @Test
    void manyTablesOfOneCheckpointCommitInParallelEachAsItsOwnSnapshot() throws Exception {
        TableSchema schema = TableSchema.builder()
                .column("id", ColumnType.of(DataKind.INT), false)
                .column("v", ColumnType.of(DataKind.STRING), true)
                .primaryKey("id")
                .build();
        PaimonTableReconciler reconciler =
                new PaimonTableReconciler(catalog, Map.of("bucket", "1"), PaimonTypes.DEFAULT, 1);
        String user = CommitUserState.newCommitUser("parallel");
        List<PaimonCommittable> checkpoint = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            TableId id = TableId.of("shop", "t" + t);
            FileStoreTable created = reconciler.reconcile(id, schema, null, TableCreationSpec.DEFAULT);
            try (StreamTableWrite write =
                    created.newStreamWriteBuilder().withCommitUser(user).newWrite()) {
                write.write(GenericRow.of(t, BinaryString.fromString("v" + t)));
                checkpoint.add(new PaimonCommittable(7, id, write.prepareCommit(false, 7)));
            }
        }
        try (PaimonMultiTableCommitter committer =
                new PaimonMultiTableCommitter(catalog, user, Duration.ofMinutes(5), 4, 0L)) {
            assertThat(committer.commit(7, checkpoint)).isEqualTo(12);
            // committed once: a restore of the same checkpoint finds every table done
            assertThat(committer.filterAndCommit(checkpoint)).isZero();
        }
        for (int t = 0; t < 12; t++) {
            FileStoreTable latest = (FileStoreTable) catalog.getTable(Identifier.create("shop", "t" + t));
            assertThat(latest.snapshotManager().latestSnapshot().commitIdentifier())
                    .as("table t%d", t)
                    .isEqualTo(7);
            assertThat(latest.snapshotManager().latestSnapshot().commitUser()).isEqualTo(user);
        }
    }

    /** With a thousand tables a catalog read per table and checkpoint was most of a checkpoint's commit time. */
    @Test
    void theCatalogIsReadOnlyWhenTheWritersUsedANewerSchema() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        Catalog counting = new DelegateCatalog(catalog) {
            @Override
            public Table getTable(Identifier identifier) throws TableNotExistException {
                reads.incrementAndGet();
                return super.getTable(identifier);
            }

            @Override
            public CatalogLoader catalogLoader() {
                return wrapped().catalogLoader();
            }
        };
        String user = CommitUserState.newCommitUser("reads");
        try (PaimonMultiTableCommitter committer =
                new PaimonMultiTableCommitter(counting, user, Duration.ofMinutes(5), 4, 0L)) {
            committer.commit(1, List.of(written(user, 1, 1)));
            committer.commit(2, List.of(written(user, 2, 2)));
            assertThat(reads).hasValue(1);
            catalog.alterTable(
                    PaimonTableReconciler.identifier(T), List.of(SchemaChange.addColumn("w", DataTypes.INT())), false);
            // the writers move onto the new schema; their files name it, so the committer reads the table again
            table = (FileStoreTable) catalog.getTable(PaimonTableReconciler.identifier(T));
            committer.commit(3, List.of(written(user, 3, 3)));
            assertThat(reads).hasValue(2);
        }
        assertThat(ids()).containsExactly(1, 2, 3);
    }

    /**
     * A source table dropped in a checkpoint (evolve): its table's files of that checkpoint replace everything, in
     * every partition, in the normal path and on restore, where the checkpoints before the emptying are skipped.
     */
    @Test
    void anEmptiedTableKeepsOnlyTheRowsWrittenAfterTheDrop() throws Exception {
        TableId partitioned = TableId.of("shop", "p");
        catalog.createTable(
                PaimonTableReconciler.identifier(partitioned),
                org.apache.paimon.schema.Schema.newBuilder()
                        .column("id", DataTypes.INT().notNull())
                        .column("region", DataTypes.STRING().notNull())
                        .primaryKey("id", "region")
                        .partitionKeys("region")
                        .option("bucket", "1")
                        .build(),
                false);
        FileStoreTable p = (FileStoreTable) catalog.getTable(PaimonTableReconciler.identifier(partitioned));
        String user = CommitUserState.newCommitUser("emptied");
        try (PaimonMultiTableCommitter committer =
                new PaimonMultiTableCommitter(catalog, user, Duration.ofMinutes(5), 4, 0L)) {
            committer.commit(1, List.of(written(user, 1, 1), written(p, partitioned, user, 1, 1, 2)));
            assertThat(ids(partitioned)).containsExactly(1, 2);
            // checkpoint 2: both dropped; t created again with row 3, p not (yet)
            committer.commit(
                    2,
                    List.of(
                            PaimonCommittable.emptied(2, T, null),
                            written(user, 2, 3),
                            PaimonCommittable.emptied(2, partitioned, null)));
            assertThat(ids()).containsExactly(3);
            assertThat(ids(partitioned))
                    .as("every partition, also without new rows")
                    .isEmpty();
            Snapshot after = table.copyWithLatestSchema().snapshotManager().latestSnapshot();
            assertThat(after.commitKind())
                    .as("the rows after the statement are an ordinary commit, which streaming readers see")
                    .isEqualTo(Snapshot.CommitKind.APPEND);
            assertThat(after.commitUser()).isEqualTo(user);
            committer.commit(3, List.of(written(p, partitioned, user, 3, 4)));
            assertThat(ids(partitioned)).containsExactly(4);
        }

        String restoring = CommitUserState.newCommitUser("restored");
        List<PaimonCommittable> restored = List.of(
                written(restoring, 5, 5),
                PaimonCommittable.emptied(6, T, null),
                written(restoring, 6, 6),
                written(restoring, 7, 7));
        try (PaimonMultiTableCommitter committer =
                new PaimonMultiTableCommitter(catalog, restoring, Duration.ofMinutes(5), 4, 0L)) {
            assertThat(committer.filterAndCommit(restored))
                    .as("the emptying, 6 and 7")
                    .isEqualTo(3);
            assertThat(ids()).as("5 was dropped with the table in 6").containsExactly(6, 7);
            assertThat(committer.filterAndCommit(restored)).isZero();
            assertThat(ids())
                    .as("a second restore of the same state changes nothing")
                    .containsExactly(6, 7);
            // an emptying alone is a commit too: the committer restarts the job after it, so writers that opened
            // the table before it start again from the emptied table
            assertThat(committer.filterAndCommit(List.of(PaimonCommittable.emptied(8, T, null))))
                    .isEqualTo(1);
            assertThat(ids()).isEmpty();
        }
    }

    /**
     * A statement empties the table once per job: the committer records its mark, and a second emptying of the same
     * statement (a copy of its marker that reached the writers while the mark was being recorded) keeps the rows
     * committed since; a new job that reads the marker again (replaying the topic) empties the table again.
     */
    @Test
    void aStatementEmptiesTheTableOncePerJob() throws Exception {
        String mark = "1700000000000@mysql-bin.000003:4711";
        String user = CommitUserState.newCommitUser("once");
        long jobStart = System.currentTimeMillis();
        try (PaimonMultiTableCommitter committer =
                new PaimonMultiTableCommitter(catalog, user, Duration.ofMinutes(5), 4, jobStart)) {
            committer.commit(1, List.of(written(user, 1, 1)));
            committer.commit(2, List.of(PaimonCommittable.emptied(2, T, mark), written(user, 2, 2)));
            assertThat(ids()).containsExactly(2);
            assertThat(DdlHistory.of(catalog.getTable(PaimonTableReconciler.identifier(T)))
                            .emptiedSince(jobStart))
                    .isEqualTo(mark);
            committer.commit(3, List.of(PaimonCommittable.emptied(3, T, mark), written(user, 3, 3)));
            assertThat(ids()).as("emptied once").containsExactly(2, 3);
        }
        String later = CommitUserState.newCommitUser("replaying");
        try (PaimonMultiTableCommitter committer = new PaimonMultiTableCommitter(
                catalog, later, Duration.ofMinutes(5), 4, System.currentTimeMillis() + 1)) {
            committer.commit(1, List.of(PaimonCommittable.emptied(1, T, mark), written(later, 1, 4)));
            assertThat(ids()).as("a new job applies what it reads").containsExactly(4);
        }
    }

    /**
     * A rename is made once every copy of its marker passed (two partitions here, in two checkpoints), after the files
     * of the last copy's checkpoint; the copies committed before keep waiting in state. A restore renames when that
     * was not done yet, and when it was, leaves the checkpoints up to it (their files went with the rename) out of the
     * table of the old name, which the changes after the statement created again.
     */
    @Test
    void aRenameFollowsTheFilesOfItsLastCopysCheckpointAndARestoreTellsWhetherItWasDone() throws Exception {
        TableId u = TableId.of("shop", "u");
        String mark = "1700000000000@mysql-bin.000003:4711";
        String user = CommitUserState.newCommitUser("renaming");
        long jobStart = System.currentTimeMillis();
        List<PaimonCommittable> waiting;
        PaimonCommittable beforeRename;
        try (PaimonMultiTableCommitter committer =
                new PaimonMultiTableCommitter(catalog, user, Duration.ofMinutes(5), 4, jobStart)) {
            committer.commit(1, List.of(written(user, 1, 1)));
            // partition 0's copy, told by both writers
            committer.commit(
                    2,
                    List.of(
                            written(user, 2, 2),
                            PaimonCommittable.renamed(2, T, u, mark, "t-0", 2),
                            PaimonCommittable.renamed(2, T, u, mark, "t-0", 2)));
            assertThat(catalog.listTables("shop")).as("one copy of two").containsExactly("t");
            assertThat(ids()).containsExactly(1, 2);
            waiting = List.copyOf(committer.partialRenames());
            assertThat(waiting).hasSize(2);
            // partition 1 still carried a row from before the statement, then its copy
            beforeRename = written(user, 3, 3);
        }
        try (PaimonMultiTableCommitter restored =
                new PaimonMultiTableCommitter(catalog, user, Duration.ofMinutes(5), 4, jobStart)) {
            List<PaimonCommittable> state = new ArrayList<>(waiting);
            state.add(beforeRename);
            state.add(PaimonCommittable.renamed(3, T, u, mark, "t-1", 2));
            assertThat(restored.filterAndCommit(state)).isEqualTo(2);
            assertThat(restored.partialRenames()).isEmpty();
        }
        assertThat(catalog.listTables("shop")).containsExactly("u");
        assertThat(ids(u)).containsExactly(1, 2, 3);
        assertThat(catalog.getTable(PaimonTableReconciler.identifier(u))
                        .options()
                        .get(PaimonTableReconciler.DDL_POSITION_OPTION))
                .isEqualTo(mark);

        open();
        PaimonCommittable recreated = written(user, 4, 7);
        try (PaimonMultiTableCommitter restored =
                new PaimonMultiTableCommitter(catalog, user, Duration.ofMinutes(5), 4, jobStart)) {
            restored.filterAndCommit(
                    List.of(beforeRename, PaimonCommittable.renamed(3, T, u, mark, "t-1", 2), recreated));
        }
        assertThat(ids(u)).as("renamed once").containsExactly(1, 2, 3);
        assertThat(ids(T)).as("only the table created again").containsExactly(7);

        try (PaimonMultiTableCommitter committer =
                new PaimonMultiTableCommitter(catalog, user, Duration.ofMinutes(5), 4, jobStart)) {
            assertThatThrownBy(() -> committer.commit(
                            5,
                            List.of(PaimonCommittable.renamed(
                                    5, T, u, "1700000000001@mysql-bin.000003:5000", "t-0", 1))))
                    .isInstanceOf(SuppressRestartsException.class)
                    .hasStackTraceContaining("Cannot rename Paimon table shop.t to shop.u")
                    .hasStackTraceContaining("shop.u exists already");
        }
    }

    private static PaimonCommittable written(
            FileStoreTable into, TableId id, String commitUser, long checkpoint, int... ids) throws Exception {
        try (StreamTableWrite write =
                into.newStreamWriteBuilder().withCommitUser(commitUser).newWrite()) {
            for (int i : ids) {
                write.write(GenericRow.of(i, BinaryString.fromString(i % 2 == 0 ? "eu" : "us")));
            }
            return new PaimonCommittable(checkpoint, id, write.prepareCommit(false, checkpoint));
        }
    }

    private List<Integer> ids() throws Exception {
        return ids(T);
    }

    private List<Integer> ids(TableId id) throws Exception {
        FileStoreTable latest = (FileStoreTable) catalog.getTable(PaimonTableReconciler.identifier(id));
        ReadBuilder rb = latest.newReadBuilder();
        List<Integer> ids = new ArrayList<>();
        try (RecordReader<InternalRow> reader =
                rb.newRead().createReader(rb.newScan().plan())) {
            reader.forEachRemaining(row -> ids.add(row.getInt(0)));
        }
        ids.sort(null);
        return ids;
    }
}

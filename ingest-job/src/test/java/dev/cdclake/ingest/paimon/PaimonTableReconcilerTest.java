package dev.cdclake.ingest.paimon;

import dev.cdclake.events.Column;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.SourceDdl;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.config.SchemaChangeBehavior;
import dev.cdclake.events.types.TypeLattice;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.data.GenericRow;
import org.apache.paimon.data.InternalRow;
import org.apache.paimon.reader.RecordReader;
import org.apache.paimon.schema.Schema;
import org.apache.paimon.schema.SchemaChange;
import org.apache.paimon.table.FileStoreTable;
import org.apache.paimon.table.sink.BatchTableCommit;
import org.apache.paimon.table.sink.BatchTableWrite;
import org.apache.paimon.table.sink.BatchWriteBuilder;
import org.apache.paimon.table.source.ReadBuilder;
import org.apache.paimon.types.DataType;
import org.apache.paimon.types.DataTypes;
import org.apache.paimon.types.RowKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Table creation and schema evolution against a real filesystem catalog. */
class PaimonTableReconcilerTest {
    private static final TableId CUSTOMERS = TableId.of("shop", "customers");

    @TempDir
    Path warehouse;

    private PaimonCatalogLoader loader;
    private Catalog catalog;

    @BeforeEach
    void open() {
        loader = new PaimonCatalogLoader(Map.of("warehouse", warehouse.toUri().toString()));
        catalog = loader.load();
    }

    @AfterEach
    void close() throws Exception {
        catalog.close();
    }

    private static final TableCreationSpec SPEC =
            new TableCreationSpec(List.of(), Map.of("file.format", "parquet"), "customers of the shop");

    private PaimonTableReconciler reconciler(Catalog c) {
        return new PaimonTableReconciler(c, Map.of("bucket", "2"), PaimonTypes.DEFAULT, 1);
    }

    private static TableSchema schema(Column... columns) {
        TableSchema.Builder b = TableSchema.builder();
        for (Column c : columns) {
            b.column(c);
        }
        return b.primaryKey("id").build();
    }

    private static Column col(String name, ColumnType type) {
        return Column.of(name, type, !name.equals("id"));
    }

    @Test
    void createsTableWithDatabaseKeyOptionsAndComment() throws Exception {
        FileStoreTable t = reconciler(catalog)
                .reconcile(
                        CUSTOMERS,
                        schema(
                                col("id", ColumnType.of(DataKind.INT)),
                                col("name", ColumnType.of(DataKind.VARCHAR, 20))),
                        null,
                        SPEC);
        assertThat(catalog.listDatabases()).contains("shop");
        assertThat(t.schema().primaryKeys()).containsExactly("id");
        assertThat(t.rowType().getFieldNames()).containsExactly("id", "name");
        assertThat(t.rowType().getTypeAt(0)).isEqualTo(DataTypes.INT().notNull());
        assertThat(t.rowType().getTypeAt(1)).isEqualTo(DataTypes.VARCHAR(20));
        assertThat(t.options()).containsEntry("bucket", "2").containsEntry("file.format", "parquet");
        assertThat(t.comment()).contains("customers of the shop");
    }

    /**
     * The schema.change.behavior matrix for the changes a schema shows (a new column, a wider type); the outcome of
     * lenient is {@link #addsColumnsAndWidensTypesButNeverNarrows}. The statements a schema cannot show (a rename, a
     * drop) are {@link #ddlStatementsUnderEachBehavior}.
     */
    @Test
    void ignoreKeepsTheTableAndWritesWhatFitsExceptionNamesTheChange() throws Exception {
        TableSchema v1 = schema(col("id", ColumnType.of(DataKind.INT)), col("qty", ColumnType.of(DataKind.INT)));
        TableSchema v2 = schema(
                col("id", ColumnType.of(DataKind.INT)),
                col("qty", ColumnType.of(DataKind.BIGINT)),
                col("email", ColumnType.of(DataKind.VARCHAR, 50)));
        PaimonTypes ignoring =
                new PaimonTypes(PaimonTypes.TimeMapping.BIGINT_MICROS, false, SchemaChangeBehavior.IGNORE);
        PaimonTableReconciler ignore = new PaimonTableReconciler(catalog, Map.of("bucket", "2"), ignoring, 1);
        FileStoreTable created = ignore.reconcile(CUSTOMERS, v1, null, SPEC);
        FileStoreTable kept = ignore.reconcile(CUSTOMERS, v2, created, SPEC);
        assertThat(kept.schema().id()).isEqualTo(created.schema().id());
        assertThat(kept.rowType().getFieldNames()).containsExactly("id", "qty");

        PaimonRowConverter converter = PaimonRowConverter.create(CUSTOMERS, v2, kept.rowType(), ignoring);
        assertThat(converter.rejectsValues()).isTrue();
        Object[] fits = {1, 42L, "a@b.c"};
        converter.check(fits);
        GenericRow row = converter.toRow(fits, RowKind.INSERT);
        assertThat(row.getFieldCount()).isEqualTo(2);
        assertThat(row.getInt(1)).isEqualTo(42);
        assertThatThrownBy(() -> converter.check(new Object[] {1, 5_000_000_000L, null}))
                .isInstanceOf(PaimonRowConverter.ValueRejectedException.class)
                .hasMessageContaining("column 'qty'")
                .hasMessageContaining("value 5000000000 does not fit the column")
                .hasMessageContaining("schema.change.behavior: ignore");

        PaimonTypes failing =
                new PaimonTypes(PaimonTypes.TimeMapping.BIGINT_MICROS, false, SchemaChangeBehavior.EXCEPTION);
        PaimonTableReconciler exception = new PaimonTableReconciler(catalog, Map.of("bucket", "2"), failing, 1);
        assertThat(exception.reconcile(CUSTOMERS, v1, null, SPEC).schema().id())
                .isEqualTo(created.schema().id());
        assertThatThrownBy(() -> exception.reconcile(CUSTOMERS, v2, created, SPEC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The schema of shop.customers changed")
                .hasMessageContaining("email")
                .hasMessageContaining("schema.change.behavior is exception");
    }

    private PaimonTableReconciler under(SchemaChangeBehavior behavior) {
        return new PaimonTableReconciler(
                catalog,
                Map.of("bucket", "2"),
                new PaimonTypes(PaimonTypes.TimeMapping.BIGINT_MICROS, false, behavior),
                1);
    }

    private static SourceDdl ddl(String position, boolean inOrder, SourceDdl.Change... changes) {
        return new SourceDdl(CUSTOMERS, "ALTER TABLE customers ...", position, inOrder, List.of(changes));
    }

    private static SourceDdl.Change change(SourceDdl.Kind kind, String column, String newName) {
        return new SourceDdl.Change(kind, column, newName);
    }

    /** Rows of the table as column name to value text, by id. */
    private static Map<Integer, Map<String, String>> rows(FileStoreTable table) throws Exception {
        ReadBuilder rb = table.newReadBuilder();
        Map<Integer, Map<String, String>> rows = new java.util.TreeMap<>();
        try (RecordReader<InternalRow> reader =
                rb.newRead().createReader(rb.newScan().plan())) {
            reader.forEachRemaining(row -> {
                Map<String, String> r = new java.util.TreeMap<>();
                for (int f = 0; f < table.rowType().getFieldCount(); f++) {
                    Object v = InternalRow.createFieldGetter(table.rowType().getTypeAt(f), f)
                            .getFieldOrNull(row);
                    r.put(table.rowType().getFieldNames().get(f), v == null ? null : v.toString());
                }
                rows.put(row.getInt(0), r);
            });
        }
        return rows;
    }

    /**
     * What a DDL marker does under each behavior: lenient and ignore leave the table to the rows' schemas, exception
     * fails naming the statement, evolve renames (values stay) and drops once, and refuses what it cannot apply in
     * order; try_evolve goes on where evolve refuses.
     */
    @Test
    void ddlStatementsUnderEachBehavior() throws Exception {
        TableSchema v1 = schema(
                col("id", ColumnType.of(DataKind.INT)),
                Column.of("a", ColumnType.of(DataKind.INT), false),
                col("b", ColumnType.of(DataKind.INT)),
                col("c", ColumnType.of(DataKind.INT)));
        FileStoreTable created = reconciler(catalog).reconcile(CUSTOMERS, v1, null, SPEC);
        BatchWriteBuilder builder = created.newBatchWriteBuilder();
        try (BatchTableWrite write = builder.newWrite();
                BatchTableCommit commit = builder.newCommit()) {
            write.write(GenericRow.of(1, 10, 20, 30));
            commit.commit(write.prepareCommit());
        }
        SourceDdl renameAndDrop = ddl(
                "mysql-bin.000003:4711",
                true,
                change(SourceDdl.Kind.RENAME_COLUMN, "a", "x"),
                change(SourceDdl.Kind.DROP_COLUMN, "c", null),
                change(SourceDdl.Kind.ADD_COLUMN, "d", null));

        assertThat(under(SchemaChangeBehavior.LENIENT).applyDdl(renameAndDrop, 1000L, false))
                .isFalse();
        assertThat(under(SchemaChangeBehavior.IGNORE).applyDdl(renameAndDrop, 1000L, false))
                .isFalse();
        assertThatThrownBy(() -> under(SchemaChangeBehavior.EXCEPTION).applyDdl(renameAndDrop, 1000L, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The schema of shop.customers changed: ALTER TABLE customers ...")
                .hasMessageContaining("RENAME_COLUMN a -> x")
                .hasMessageContaining("schema.change.behavior is exception");
        assertThat(reconciler(catalog).load(CUSTOMERS).rowType().getFieldNames())
                .containsExactly("id", "a", "b", "c");

        assertThatThrownBy(() -> under(SchemaChangeBehavior.EVOLVE)
                        .applyDdl(
                                ddl("mysql-bin.000003:4711", false, change(SourceDdl.Kind.DROP_COLUMN, "c", null)),
                                1000L,
                                false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("under pipeline schema.change.behavior evolve")
                .hasMessageContaining("a capture-job older than 2026-12-07")
                .hasMessageContaining("Run the current capture-job");
        assertThat(under(SchemaChangeBehavior.TRY_EVOLVE)
                        .applyDdl(
                                ddl("mysql-bin.000003:4711", false, change(SourceDdl.Kind.DROP_COLUMN, "c", null)),
                                1000L,
                                false))
                .isFalse();

        // new columns and types come with the rows' own schemas, in whatever order the rows arrive: nothing to refuse
        assertThat(under(SchemaChangeBehavior.EVOLVE)
                        .applyDdl(
                                ddl(
                                        "mysql-bin.000003:4711",
                                        false,
                                        change(SourceDdl.Kind.ADD_COLUMN, "d", null),
                                        change(SourceDdl.Kind.MODIFY_COLUMN, "b", null)),
                                1000L,
                                false))
                .isFalse();

        PaimonTableReconciler evolve = under(SchemaChangeBehavior.EVOLVE);
        // a table a route merges several source tables into keeps what one of them dropped or renamed
        assertThat(evolve.applyDdl(renameAndDrop, 1000L, true)).isFalse();
        assertThatThrownBy(() -> under(SchemaChangeBehavior.EXCEPTION).applyDdl(renameAndDrop, 1000L, true))
                .hasMessageContaining("schema.change.behavior is exception");
        assertThat(evolve.load(CUSTOMERS).rowType().getFieldNames()).containsExactly("id", "a", "b", "c");
        assertThat(evolve.applyDdl(renameAndDrop, 1000L, false)).isTrue();
        FileStoreTable evolved = evolve.load(CUSTOMERS);
        assertThat(evolved.rowType().getFieldNames()).containsExactly("id", "x", "b");
        assertThat(rows(evolved)).containsExactly(Map.entry(1, Map.of("id", "1", "x", "10", "b", "20")));
        // the table remembers what it applied, for rows a failover replays from before the statement
        DdlHistory history = DdlHistory.of(evolved);
        assertThat(history.lastMark()).isEqualTo("1000@mysql-bin.000003:4711");
        assertThat(history.toJson().replaceFirst("\"applied\":\\d{13},", ""))
                .isEqualTo("[{\"mark\":\"1000@mysql-bin.000003:4711\",\"changes\":[{\"kind\":\"RENAME_COLUMN\","
                        + "\"column\":\"a\",\"newName\":\"x\"},{\"kind\":\"DROP_COLUMN\",\"column\":\"c\"}]}]");
        // a replay after a restart finds the statement applied, even where its columns exist again
        catalog.alterTable(
                Identifier.create("shop", "customers"),
                List.of(org.apache.paimon.schema.SchemaChange.addColumn("c", DataTypes.INT())),
                false);
        assertThat(evolve.applyDdl(renameAndDrop, 1000L, false)).isFalse();
        assertThat(evolve.load(CUSTOMERS).rowType().getFieldNames()).containsExactly("id", "x", "b", "c");
        // after a failover the new server's binlog files may sort lower: the later commit time still applies; and a
        // marker copied into each of 3 partitions (capture-job's hash-by-key) is applied at its first copy
        SourceDdl copiedDrop = new SourceDdl(
                CUSTOMERS,
                "ALTER TABLE customers DROP c",
                "other-bin.000001:100",
                true,
                3,
                List.of(change(SourceDdl.Kind.DROP_COLUMN, "c", null)));
        assertThat(evolve.applyDdl(copiedDrop, 2000L, false)).isTrue();
        assertThat(evolve.applyDdl(copiedDrop, 2000L, false))
                .as("its next copy")
                .isFalse();
        assertThat(evolve.load(CUSTOMERS).rowType().getFieldNames()).containsExactly("id", "x", "b");
        assertThat(DdlHistory.of(evolve.load(CUSTOMERS)).lastMark()).isEqualTo("2000@other-bin.000001:100");

        SourceDdl dropKey = ddl("mysql-bin.000003:5000", true, change(SourceDdl.Kind.DROP_COLUMN, "id", null));
        assertThatThrownBy(() -> evolve.applyDdl(dropKey, 3000L, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Paimon refused to drop column id");
        assertThat(under(SchemaChangeBehavior.TRY_EVOLVE).applyDdl(dropKey, 3000L, false))
                .isFalse();
        // a renamed table is renamed by the committer, in checkpoint order: here it only tells it to, until the table
        // of the new name holds the statement's mark
        SourceDdl renameTable =
                ddl("mysql-bin.000003:5500", true, change(SourceDdl.Kind.RENAME_TABLE, null, "shop.clients"));
        assertThat(evolve.applyDdl(renameTable, 3500L, false)).isTrue();
        assertThat(under(SchemaChangeBehavior.TRY_EVOLVE).applyDdl(renameTable, 3500L, false))
                .isTrue();
        assertThat(evolve.applyDdl(renameTable, 3500L, true))
                .as("a merged table")
                .isFalse();
        assertThat(evolve.applyDdl(
                        ddl("mysql-bin.000003:5500", true, change(SourceDdl.Kind.RENAME_TABLE, null, "shop.customers")),
                        3500L,
                        false))
                .as("a route sends both names to one table")
                .isFalse();
        SourceDdl spreadRename = new SourceDdl(
                CUSTOMERS,
                "RENAME TABLE customers TO clients",
                "mysql-bin.000003:5500",
                true,
                3,
                List.of(change(SourceDdl.Kind.RENAME_TABLE, null, "shop.clients")));
        // every copy tells the writers (hash-by-key): the committer renames once all of them passed
        assertThat(evolve.applyDdl(spreadRename, 3500L, false)).isTrue();
        assertThat(evolve.applyDdl(spreadRename, 3500L, false)).isTrue();
        assertThatThrownBy(() -> evolve.applyDdl(
                        ddl(null, true, change(SourceDdl.Kind.RENAME_TABLE, null, "shop.clients")), 3500L, false))
                .hasMessageContaining("no binlog position");
        // a swap (gh-ost's cut-over): the table's marker also names the table that takes its name
        SourceDdl swap = ddl(
                "mysql-bin.000003:5500",
                true,
                change(SourceDdl.Kind.RENAME_TABLE, null, "shop._customers_del"),
                change(SourceDdl.Kind.RENAME_TABLE, "shop._customers_gho", "shop.customers"));
        assertThatThrownBy(() -> evolve.applyDdl(swap, 3500L, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gh-ost");
        assertThat(under(SchemaChangeBehavior.TRY_EVOLVE).applyDdl(swap, 3500L, false))
                .isFalse();
        SourceDdl dropAndRename = ddl(
                "mysql-bin.000003:5500",
                true,
                change(SourceDdl.Kind.DROP_COLUMN, "b", null),
                change(SourceDdl.Kind.RENAME_TABLE, null, "shop.clients"));
        assertThatThrownBy(() -> evolve.applyDdl(dropAndRename, 3500L, false))
                .hasMessageContaining("also changes the table's columns");
        Identifier clients = Identifier.create("shop", "clients");
        catalog.createTable(
                clients,
                Schema.newBuilder()
                        .column("id", DataTypes.INT().notNull())
                        .primaryKey("id")
                        .build(),
                false);
        assertThatThrownBy(() -> evolve.applyDdl(renameTable, 3500L, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Paimon table shop.clients exists already");
        assertThat(under(SchemaChangeBehavior.TRY_EVOLVE).applyDdl(renameTable, 3500L, false))
                .isFalse();
        catalog.alterTable(
                clients,
                List.of(SchemaChange.setOption(
                        PaimonTableReconciler.DDL_POSITION_OPTION, "3500@mysql-bin.000003:5500")),
                false);
        assertThat(evolve.applyDdl(renameTable, 3500L, false))
                .as("renamed before: a replay")
                .isFalse();
        // a dropped table is emptied by the writers and the committer, in order with the rows: here it only tells
        // them to, every time, and leaves the table as it is
        SourceDdl dropTable = ddl("mysql-bin.000003:6000", true, change(SourceDdl.Kind.DROP_TABLE, null, null));
        assertThat(evolve.applyDdl(dropTable, 4000L, false)).isTrue();
        assertThat(evolve.applyDdl(dropTable, 4000L, false)).isTrue();
        assertThat(under(SchemaChangeBehavior.TRY_EVOLVE).applyDdl(dropTable, 4000L, false))
                .isTrue();
        assertThat(under(SchemaChangeBehavior.TRY_EVOLVE)
                        .applyDdl(
                                ddl("mysql-bin.000003:6000", false, change(SourceDdl.Kind.DROP_TABLE, null, null)),
                                4000L,
                                false))
                .as("not in one sequence")
                .isFalse();
        assertThat(evolve.applyDdl(dropTable, 4000L, true)).as("a merged table").isFalse();
        // over several partitions (hash-by-key) every copy tells the writers: they apply the first, and the router
        // skips the copies of a statement its job's committer already emptied (DdlHistory#emptiedSince)
        SourceDdl spreadTruncate = new SourceDdl(
                CUSTOMERS,
                "TRUNCATE TABLE customers",
                "mysql-bin.000003:6200",
                true,
                3,
                List.of(change(SourceDdl.Kind.TRUNCATE_TABLE, null, null)));
        assertThat(evolve.applyDdl(spreadTruncate, 4200L, false)).isTrue();
        assertThat(evolve.applyDdl(spreadTruncate, 4200L, false)).isTrue();
        SourceDdl partitions =
                ddl("mysql-bin.000003:6500", true, change(SourceDdl.Kind.REMOVE_PARTITION_ROWS, null, null));
        assertThatThrownBy(() -> evolve.applyDdl(partitions, 4500L, false))
                .hasMessageContaining("removed the rows of partitions");
        assertThat(under(SchemaChangeBehavior.TRY_EVOLVE).applyDdl(partitions, 4500L, false))
                .isFalse();
        SourceDdl truncate = ddl("mysql-bin.000003:7000", true, change(SourceDdl.Kind.TRUNCATE_TABLE, null, null));
        assertThat(evolve.applyDdl(truncate, 5000L, false)).isTrue();
        assertThat(under(SchemaChangeBehavior.LENIENT).applyDdl(truncate, 5000L, false))
                .isFalse();
        assertThatThrownBy(() -> under(SchemaChangeBehavior.EXCEPTION).applyDdl(truncate, 5000L, false))
                .hasMessageContaining("TRUNCATE_TABLE");
        assertThat(evolve.load(CUSTOMERS).rowType().getFieldNames()).containsExactly("id", "x", "b");
    }

    /** ADD COLUMN ... FIRST / AFTER: evolve puts new columns where the source has them, lenient appends them. */
    @Test
    void evolveAddsColumnsWhereTheSourceHasThem() throws Exception {
        TableSchema v1 = schema(
                col("id", ColumnType.of(DataKind.INT)),
                col("a", ColumnType.of(DataKind.INT)),
                col("c", ColumnType.of(DataKind.INT)));
        TableSchema v2 = schema(
                col("first", ColumnType.of(DataKind.INT)),
                col("id", ColumnType.of(DataKind.INT)),
                col("a", ColumnType.of(DataKind.INT)),
                col("b1", ColumnType.of(DataKind.INT)),
                col("b2", ColumnType.of(DataKind.INT)),
                col("c", ColumnType.of(DataKind.INT)),
                col("last", ColumnType.of(DataKind.INT)));
        FileStoreTable evolved = under(SchemaChangeBehavior.EVOLVE).reconcile(CUSTOMERS, v1, null, SPEC);
        evolved = under(SchemaChangeBehavior.EVOLVE).reconcile(CUSTOMERS, v2, evolved, SPEC);
        assertThat(evolved.rowType().getFieldNames()).containsExactly("first", "id", "a", "b1", "b2", "c", "last");

        TableId other = TableId.of("shop", "lenient");
        FileStoreTable appended = reconciler(catalog).reconcile(other, v1, null, SPEC);
        appended = reconciler(catalog).reconcile(other, v2, appended, SPEC);
        assertThat(appended.rowType().getFieldNames()).containsExactly("id", "a", "c", "first", "b1", "b2", "last");
    }

    @Test
    void addsColumnsAndWidensTypesButNeverNarrows() throws Exception {
        PaimonTableReconciler r = reconciler(catalog);
        FileStoreTable v1 = r.reconcile(
                CUSTOMERS,
                schema(col("id", ColumnType.of(DataKind.INT)), col("qty", ColumnType.of(DataKind.INT))),
                null,
                SPEC);
        FileStoreTable v2 = r.reconcile(
                CUSTOMERS,
                schema(
                        col("id", ColumnType.of(DataKind.INT)),
                        col("qty", ColumnType.of(DataKind.BIGINT)),
                        col("email", ColumnType.of(DataKind.VARCHAR, 50))),
                v1,
                SPEC);
        assertThat(v2.schema().id()).isGreaterThan(v1.schema().id());
        assertThat(v2.rowType().getFieldNames()).containsExactly("id", "qty", "email");
        assertThat(v2.rowType().getTypeAt(1)).isEqualTo(DataTypes.BIGINT());
        assertThat(v2.rowType().getTypeAt(2)).isEqualTo(DataTypes.VARCHAR(50));
        FileStoreTable v3 = r.reconcile(
                CUSTOMERS,
                schema(col("id", ColumnType.of(DataKind.INT)), col("qty", ColumnType.of(DataKind.TINYINT))),
                v2,
                SPEC);
        assertThat(v3.schema().id()).isEqualTo(v2.schema().id());
    }

    /**
     * Every widening the lattice can ask for is one Paimon applies to a table holding rows, and the rows read back in
     * the wider type: DECIMAL to DOUBLE (the inference case that looped before), integers to DECIMAL, FLOAT to DOUBLE,
     * lengths and precisions.
     */
    @Test
    void paimonAppliesEveryWideningOfTheLatticeToATableWithRows() throws Exception {
        List<ColumnType[]> widenings = List.of(
                new ColumnType[] {ColumnType.decimal(13, 6), ColumnType.of(DataKind.DOUBLE)},
                new ColumnType[] {ColumnType.of(DataKind.INT), ColumnType.decimal(2, 1)},
                new ColumnType[] {ColumnType.of(DataKind.BIGINT), ColumnType.of(DataKind.DOUBLE)},
                new ColumnType[] {ColumnType.of(DataKind.FLOAT), ColumnType.of(DataKind.DOUBLE)},
                new ColumnType[] {ColumnType.of(DataKind.TINYINT), ColumnType.of(DataKind.BIGINT)},
                new ColumnType[] {ColumnType.decimal(5, 2), ColumnType.decimal(8, 4)},
                new ColumnType[] {ColumnType.of(DataKind.CHAR, 3), ColumnType.of(DataKind.VARCHAR, 2)},
                new ColumnType[] {ColumnType.of(DataKind.BINARY, 2), ColumnType.of(DataKind.BYTES)},
                new ColumnType[] {ColumnType.of(DataKind.TIMESTAMP, 0), ColumnType.of(DataKind.TIMESTAMP, 6)});
        PaimonTableReconciler r = reconciler(catalog);
        for (int i = 0; i < widenings.size(); i++) {
            TableId id = TableId.of("shop", "widen_" + i);
            ColumnType from = widenings.get(i)[0];
            ColumnType incoming = widenings.get(i)[1];
            FileStoreTable v1 =
                    r.reconcile(id, schema(col("id", ColumnType.of(DataKind.INT)), col("v", from)), null, SPEC);
            writeRow(v1, from);
            FileStoreTable v2 =
                    r.reconcile(id, schema(col("id", ColumnType.of(DataKind.INT)), col("v", incoming)), v1, SPEC);
            ColumnType joined = TypeLattice.join(from, incoming, false);
            assertThat(v2.rowType().getTypeAt(1))
                    .as("%s then %s", from, incoming)
                    .isEqualTo(PaimonTypes.DEFAULT.toDataType(joined));
            assertThat(readColumn(v2))
                    .as("the row written as %s reads as %s", from, joined)
                    .isNotNull();
        }
    }

    private static void writeRow(FileStoreTable table, ColumnType type) throws Exception {
        Object value;
        switch (type.kind()) {
            case DECIMAL:
                value = new java.math.BigDecimal("1.5").setScale(type.scale());
                break;
            case INT:
                value = 7;
                break;
            case BIGINT:
                value = 7L;
                break;
            case TINYINT:
                value = (byte) 7;
                break;
            case FLOAT:
                value = 1.5f;
                break;
            case CHAR:
                value = "abc";
                break;
            case BINARY:
                value = new byte[] {1, 2};
                break;
            default:
                value = LocalDateTime.of(2024, 2, 29, 12, 0);
        }
        DataType to = table.rowType().getTypeAt(1);
        GenericRow row = GenericRow.of(1, PaimonTypes.converter(type, to).convert(value));
        BatchWriteBuilder builder = table.newBatchWriteBuilder();
        try (BatchTableWrite write = builder.newWrite();
                BatchTableCommit commit = builder.newCommit()) {
            write.write(row);
            commit.commit(write.prepareCommit());
        }
    }

    private static Object readColumn(FileStoreTable table) throws Exception {
        ReadBuilder rb = table.newReadBuilder();
        List<Object> values = new ArrayList<>();
        try (RecordReader<org.apache.paimon.data.InternalRow> reader =
                rb.newRead().createReader(rb.newScan().plan())) {
            reader.forEachRemaining(row ->
                    values.add(InternalRow.createFieldGetter(table.rowType().getTypeAt(1), 1)
                            .getFieldOrNull(row)));
        }
        assertThat(values).hasSize(1);
        return values.get(0);
    }

    /** MySQL ALTERs that lengthen character columns become Paimon alterTable widenings; shorter ones change nothing. */
    @Test
    void characterLengthsWidenButNeverNarrow() throws Exception {
        PaimonTableReconciler r = reconciler(catalog);
        FileStoreTable v1 = r.reconcile(
                CUSTOMERS,
                schema(
                        col("id", ColumnType.of(DataKind.INT)),
                        col("name", ColumnType.of(DataKind.VARCHAR, 255)),
                        col("code", ColumnType.of(DataKind.CHAR, 3)),
                        col("tag", ColumnType.of(DataKind.CHAR, 2))),
                null,
                SPEC);
        FileStoreTable v2 = r.reconcile(
                CUSTOMERS,
                schema(
                        col("id", ColumnType.of(DataKind.INT)),
                        col("name", ColumnType.of(DataKind.VARCHAR, 300)),
                        col("code", ColumnType.of(DataKind.CHAR, 5)),
                        col("tag", ColumnType.of(DataKind.VARCHAR, 10))),
                v1,
                SPEC);
        assertThat(v2.schema().id()).isGreaterThan(v1.schema().id());
        assertThat(v2.rowType().getFieldTypes())
                .containsExactly(
                        DataTypes.INT().notNull(), DataTypes.VARCHAR(300), DataTypes.CHAR(5), DataTypes.VARCHAR(10));
        FileStoreTable v3 = r.reconcile(
                CUSTOMERS,
                schema(
                        col("id", ColumnType.of(DataKind.INT)),
                        col("name", ColumnType.of(DataKind.VARCHAR, 100)),
                        col("code", ColumnType.of(DataKind.CHAR, 1)),
                        col("tag", ColumnType.of(DataKind.CHAR, 2))),
                v2,
                SPEC);
        assertThat(v3.schema().id()).isEqualTo(v2.schema().id());
        assertThat(catalog.getTable(PaimonTableReconciler.identifier(CUSTOMERS))
                        .rowType()
                        .getFieldTypes())
                .containsExactly(
                        DataTypes.INT().notNull(), DataTypes.VARCHAR(300), DataTypes.CHAR(5), DataTypes.VARCHAR(10));
    }

    @Test
    void tableWithoutPrimaryKeyIsAnErrorSayingWhatToAdd() {
        TableSchema noKey = TableSchema.builder()
                .column("id", ColumnType.of(DataKind.INT), false)
                .build();
        assertThatThrownBy(() -> reconciler(catalog).reconcile(CUSTOMERS, noKey, null, SPEC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Table shop.customers has no primary key")
                .hasMessageContaining("primary-keys:")
                .hasMessageContaining("source-table: shop\\.customers");
    }

    @Test
    void conflictingPrimaryKeyNamesBothKeys() throws Exception {
        catalog.createDatabase("shop", true);
        catalog.createTable(
                Identifier.create("shop", "customers"),
                Schema.newBuilder()
                        .column("id", DataTypes.INT())
                        .column("name", DataTypes.STRING())
                        .primaryKey("id", "name")
                        .build(),
                false);
        assertThatThrownBy(() -> reconciler(catalog)
                        .reconcile(
                                CUSTOMERS,
                                schema(
                                        col("id", ColumnType.of(DataKind.INT)),
                                        col("name", ColumnType.of(DataKind.STRING))),
                                null,
                                SPEC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("primary key [id, name]")
                .hasMessageContaining("primary key [id]");
    }

    @Test
    void changeOutsideTheLatticeNamesTableColumnAndBothTypes() throws Exception {
        PaimonTableReconciler r = reconciler(catalog);
        FileStoreTable v1 = r.reconcile(
                CUSTOMERS,
                schema(col("id", ColumnType.of(DataKind.INT)), col("born", ColumnType.of(DataKind.DATE))),
                null,
                SPEC);
        assertThatThrownBy(() -> r.reconcile(
                        CUSTOMERS,
                        schema(
                                col("id", ColumnType.of(DataKind.INT)),
                                col("born", ColumnType.of(DataKind.TIMESTAMP, 3))),
                        v1,
                        SPEC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'born'")
                .hasMessageContaining("shop.customers")
                .hasMessageContaining("DATE")
                .hasMessageContaining("TIMESTAMP(3)");
        assertThatThrownBy(() -> r.reconcile(
                        CUSTOMERS,
                        schema(col("id", ColumnType.of(DataKind.BIGINT)), col("born", ColumnType.of(DataKind.DATE))),
                        v1,
                        SPEC))
                .hasMessageContaining("primary-key column")
                .hasMessageContaining("BIGINT");
    }

    @Test
    void dynamicBucketTablesKeepTheWriterParallelismTheyWereCreatedWithAsTheirAssigners() throws Exception {
        TableSchema schema = schema(col("id", ColumnType.of(DataKind.INT)));
        FileStoreTable dynamic = new PaimonTableReconciler(catalog, Map.of(), PaimonTypes.DEFAULT, 3)
                .reconcile(TableId.of("shop", "dynamic"), schema, null, SPEC);
        assertThat(dynamic.options()).containsEntry("dynamic-bucket.assigner-parallelism", "3");
        assertThat(PaimonChannelRouter.numAssigners(dynamic, 8)).isEqualTo(3);
        FileStoreTable chosen = new PaimonTableReconciler(
                        catalog, Map.of("dynamic-bucket.assigner-parallelism", "16"), PaimonTypes.DEFAULT, 3)
                .reconcile(TableId.of("shop", "chosen"), schema, null, SPEC);
        assertThat(PaimonChannelRouter.numAssigners(chosen, 2)).isEqualTo(16);
        FileStoreTable fixed = reconciler(catalog).reconcile(CUSTOMERS, schema, null, SPEC);
        assertThat(fixed.options()).doesNotContainKey("dynamic-bucket.assigner-parallelism");
    }

    @Test
    void crossPartitionKeysAreRejectedWithTheFix() {
        PaimonTableReconciler r = new PaimonTableReconciler(catalog, Map.of(), PaimonTypes.DEFAULT, 1);
        TableCreationSpec byRegion = new TableCreationSpec(List.of("region"), Map.of(), null);
        TableSchema schema = TableSchema.builder()
                .column("id", ColumnType.of(DataKind.INT), false)
                .column("region", ColumnType.of(DataKind.STRING), false)
                .primaryKey("id")
                .build();
        assertThatThrownBy(() -> r.reconcile(CUSTOMERS, schema, null, byRegion))
                .hasMessageContaining("bucket mode KEY_DYNAMIC")
                .hasMessageContaining("partition keys included in the primary key");
    }

    @Test
    void concurrentWritersAgreeOnTheSameEvolution() throws Exception {
        reconciler(catalog).reconcile(CUSTOMERS, schema(col("id", ColumnType.of(DataKind.INT))), null, SPEC);
        TableSchema wider = schema(
                col("id", ColumnType.of(DataKind.INT)),
                col("a", ColumnType.of(DataKind.BIGINT)),
                col("b", ColumnType.of(DataKind.VARCHAR, 9)));
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Catalog> catalogs = new ArrayList<>();
        try {
            List<Future<FileStoreTable>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                Catalog own = loader.load();
                catalogs.add(own);
                PaimonTableReconciler r = reconciler(own);
                FileStoreTable start = r.load(CUSTOMERS);
                Callable<FileStoreTable> task = () -> r.reconcile(CUSTOMERS, wider, start, SPEC);
                results.add(pool.submit(task));
            }
            for (Future<FileStoreTable> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS).rowType().getFieldNames())
                        .containsExactly("id", "a", "b");
            }
        } finally {
            pool.shutdownNow();
            for (Catalog c : catalogs) {
                c.close();
            }
        }
    }
}

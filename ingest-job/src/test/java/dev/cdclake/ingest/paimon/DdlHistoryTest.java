package dev.cdclake.ingest.paimon;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.SourceDdl.Change;
import dev.cdclake.events.SourceDdl.Kind;
import dev.cdclake.events.TableSchema;
import org.apache.paimon.table.Table;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DdlHistoryTest {
    private static final String FIRST = "1700000000000@mysql-bin.000003:400";
    private static final String SECOND = "1700000000000@mysql-bin.000003:900";
    private static final String THIRD = "1700000005000@mysql-bin.000004:4";

    private static final long APPLIED_FIRST = 1_800_000_000_000L;
    private static final long APPLIED_SECOND = 1_800_000_060_000L;

    private static final TableSchema OLD = TableSchema.builder()
            .column("id", ColumnType.of(DataKind.INT), false)
            .column("a", ColumnType.of(DataKind.INT), true)
            .column("b", ColumnType.of(DataKind.STRING), true)
            .column("c", ColumnType.of(DataKind.INT), true)
            .primaryKey("id")
            .build();

    /** b dropped, then a renamed to d. */
    private static final DdlHistory HISTORY = DdlHistory.parse(null)
            .with(
                    FIRST,
                    APPLIED_FIRST,
                    List.of(new Change(Kind.DROP_COLUMN, "b", null), new Change(Kind.ADD_COLUMN, "x", null)))
            .with(SECOND, APPLIED_SECOND, List.of(new Change(Kind.RENAME_COLUMN, "a", "d")));

    @Test
    void aRowFromBeforeEveryStatementIsWrittenAsTheyLeftTheTable() {
        DdlHistory.Mapping m = HISTORY.mapping(OLD, DdlHistory.BEFORE_ANY);

        assertThat(m.schema.columnNames()).containsExactly("id", "d", "c");
        assertThat(m.schema.primaryKeys()).containsExactly("id");
        assertThat(m.apply(new Object[] {1, 10, "gone", 30})).containsExactly(1, 10, 30);
        assertThat(m.apply((Object[]) null)).isNull();
    }

    @Test
    void onlyTheStatementsAfterTheRowsMarkApply() {
        DdlHistory.Mapping m = HISTORY.mapping(OLD, FIRST);

        assertThat(m.schema.columnNames())
                .as("b was dropped before the mark: a row after it has no b to drop")
                .containsExactly("id", "d", "b", "c");
        assertThat(HISTORY.mapping(OLD, SECOND))
                .as("nothing after the last statement")
                .isNull();
        assertThat(HISTORY.hasAfter(FIRST)).isTrue();
        assertThat(HISTORY.hasAfter(SECOND)).isFalse();
        assertThat(HISTORY.hasAfter(THIRD)).isFalse();
        assertThat(HISTORY.hasAfter(DdlHistory.BEFORE_ANY)).isTrue();
    }

    @Test
    void aRowThatAlreadyHasTheNewShapeIsLeftAsItIs() {
        TableSchema now = TableSchema.builder()
                .column("id", ColumnType.of(DataKind.INT), false)
                .column("d", ColumnType.of(DataKind.INT), true)
                .primaryKey("id")
                .build();
        assertThat(HISTORY.mapping(now, DdlHistory.BEFORE_ANY)).isNull();

        TableSchema both = TableSchema.builder()
                .column("id", ColumnType.of(DataKind.INT), false)
                .column("a", ColumnType.of(DataKind.INT), true)
                .column("d", ColumnType.of(DataKind.INT), true)
                .primaryKey("id")
                .build();
        assertThat(HISTORY.mapping(both, DdlHistory.BEFORE_ANY))
                .as("a rename onto a column the row has is no rename of this row")
                .isNull();
    }

    @Test
    void theJsonRoundTripsKeepsOnlyDropsAndRenamesAndTheLastStatements() {
        DdlHistory read = DdlHistory.parse(HISTORY.toJson());
        assertThat(read.toJson()).isEqualTo(HISTORY.toJson());
        assertThat(read.toJson()).doesNotContain("ADD_COLUMN");
        assertThat(read.lastMark()).isEqualTo(SECOND);

        DdlHistory many = DdlHistory.parse(null);
        for (int i = 0; i < DdlHistory.MAX_STATEMENTS + 5; i++) {
            many = many.with(i + "@f:" + i, i, List.of(new Change(Kind.DROP_COLUMN, "c" + i, null)));
        }
        String json = many.toJson();
        assertThat(json).doesNotContain("\"c4\"").contains("\"c5\"", "\"c36\"");
    }

    @Test
    void aHistoryThatTouchesTheKeyLeavesTheKeyAlone() {
        DdlHistory hostile = DdlHistory.parse(null)
                .with(
                        FIRST,
                        APPLIED_FIRST,
                        List.of(new Change(Kind.DROP_COLUMN, "id", null), new Change(Kind.DROP_COLUMN, "b", null)));

        DdlHistory.Mapping m = hostile.mapping(OLD, DdlHistory.BEFORE_ANY);

        assertThat(m.schema.columnNames()).containsExactly("id", "a", "c");
        assertThat(m.schema.primaryKeys()).containsExactly("id");
    }

    @Test
    void aPartitionFirstReadComesAfterTheStatementsAppliedBeforeTheJobAndBeforeTheJobsOwn() {
        assertThat(HISTORY.baseline(APPLIED_FIRST))
                .as("a job built before both")
                .isEqualTo(DdlHistory.BEFORE_ANY);
        assertThat(HISTORY.baseline(APPLIED_FIRST + 1)).isEqualTo(FIRST);
        assertThat(HISTORY.baseline(APPLIED_SECOND + 1)).isEqualTo(SECOND);
        assertThat(DdlHistory.parse("[{\"mark\":\"1@f:1\",\"changes\":[]}]").baseline(5))
                .as("a statement of a history without apply times was applied before any job that reads it")
                .isEqualTo("1@f:1");
        assertThat(DdlHistory.parse(HISTORY.toJson()).baseline(APPLIED_SECOND)).isEqualTo(FIRST);
    }

    @Test
    void aCommittedEmptyingIsThisJobsWhenCommittedSinceItStartedAndEveryPartitionFirstSeenStartsAfterIt() {
        Map<String, String> options = new HashMap<>();
        options.put(DdlHistory.OPTION, HISTORY.toJson());
        options.put(DdlHistory.EMPTIED_OPTION, DdlHistory.emptiedOption(THIRD, APPLIED_SECOND + 10));
        Table table = (Table) Proxy.newProxyInstance(
                Table.class.getClassLoader(), new Class<?>[] {Table.class}, (proxy, method, args) -> {
                    if (method.getName().equals("options")) {
                        return options;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        DdlHistory read = DdlHistory.of(table);

        assertThat(read.emptiedMark()).isEqualTo(THIRD);
        assertThat(read.emptiedSince(APPLIED_SECOND + 10))
                .as("committed by this job")
                .isEqualTo(THIRD);
        assertThat(read.emptiedSince(APPLIED_SECOND + 11))
                .as("committed before this job: its marker, read again, applies again")
                .isNull();
        assertThat(read.baseline(APPLIED_SECOND + 11)).isEqualTo(THIRD);
        assertThat(read.baseline(APPLIED_SECOND + 1)).isEqualTo(SECOND);
        assertThat(read.lastMark()).as("the drops and renames").isEqualTo(SECOND);
    }

    @Test
    void anUnreadableHistoryIsEmpty() {
        assertThat(DdlHistory.parse("not json").lastMark()).isNull();
        assertThat(DdlHistory.parse("[{\"mark\":\"1@f:1\",\"changes\":[{\"kind\":\"NO_SUCH\"}]}]")
                        .lastMark())
                .isNull();
        assertThat(DdlHistory.parse(null).hasAfter(DdlHistory.BEFORE_ANY)).isFalse();
    }

    @Test
    void marksOrderByCommitTimeThenFileThenOffset() {
        assertThat(PaimonTableReconciler.compareMarks(FIRST, SECOND)).isNegative();
        assertThat(PaimonTableReconciler.compareMarks(SECOND, THIRD)).isNegative();
        assertThat(PaimonTableReconciler.compareMarks(THIRD, FIRST)).isPositive();
        assertThat(PaimonTableReconciler.compareMarks(FIRST, FIRST)).isZero();
        assertThat(PaimonTableReconciler.compareMarks(DdlHistory.BEFORE_ANY, FIRST))
                .isNegative();
        assertThat(PaimonTableReconciler.compareMarks("later", FIRST)).isNull();
    }
}

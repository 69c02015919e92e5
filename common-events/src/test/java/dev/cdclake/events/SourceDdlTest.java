package dev.cdclake.events;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DDL marker's document: the members the class comment documents, and what a reader does with others. */
class SourceDdlTest {
    private static final SourceDdl RENAME = new SourceDdl(
            TableId.of("app", "orders"),
            "ALTER TABLE orders RENAME COLUMN a TO b",
            "mysql-bin.000003:4711",
            true,
            List.of(new SourceDdl.Change(SourceDdl.Kind.RENAME_COLUMN, "a", "b")));

    @Test
    void theDocumentIsTheDocumentedJson() {
        assertThat(new String(RENAME.document(), StandardCharsets.UTF_8))
                .isEqualTo(String.join(
                        "",
                        "{\"version\":1,\"database\":\"app\",\"table\":\"orders\",",
                        "\"ddl\":\"ALTER TABLE orders RENAME COLUMN a TO b\",",
                        "\"position\":\"mysql-bin.000003:4711\",\"inOrder\":true,\"partitions\":1,",
                        "\"changes\":[{\"kind\":\"RENAME_COLUMN\",\"column\":\"a\",\"newName\":\"b\"}]}"));
        assertThat(SourceDdl.parse(RENAME.document())).isEqualTo(RENAME);
    }

    @Test
    void aKindOfANewerWriterIsReadAsOtherAndUnreadableDocumentsSayWhy() {
        SourceDdl read = SourceDdl.parse(("{\"version\":1,\"database\":\"app\",\"table\":\"orders\",\"ddl\":\"X\","
                        + "\"changes\":[{\"kind\":\"PARTITION_TABLE\"},{\"kind\":\"DROP_COLUMN\",\"column\":\"c\"}]}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(read.inOrder()).isFalse();
        assertThat(read.partitions())
                .as("a document before partitions were written")
                .isEqualTo(1);
        assertThat(read.position()).isNull();
        assertThat(read.changes())
                .extracting(SourceDdl.Change::kind)
                .containsExactly(SourceDdl.Kind.OTHER, SourceDdl.Kind.DROP_COLUMN);
        assertThat(read.changesRows()).isTrue();
        assertThatThrownBy(() -> SourceDdl.parse("{\"version\":2}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("DDL document version 2");
        assertThatThrownBy(() -> SourceDdl.parse("{\"version\":1}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("member 'database' is missing");
        assertThatThrownBy(() -> SourceDdl.parse("[".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not JSON");
        // a rename whose names are not tables would fail every replay where it is applied: it is malformed here
        assertThatThrownBy(() -> SourceDdl.parse(("{\"version\":1,\"database\":\"app\",\"table\":\"t\",\"ddl\":\"X\","
                                + "\"changes\":[{\"kind\":\"RENAME_TABLE\",\"newName\":\"u\"}]}")
                        .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'u' is not a table identifier");
        assertThatThrownBy(() -> SourceDdl.parse(("{\"version\":1,\"database\":\"app\",\"table\":\"u\",\"ddl\":\"X\","
                                + "\"changes\":[{\"kind\":\"RENAME_TABLE\",\"column\":\"\",\"newName\":\"app.u\"}]}")
                        .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a table identifier");
        SourceDdl arrival = new SourceDdl(
                TableId.of("app", "u"),
                "RENAME TABLE t TO u",
                "b.1:4",
                true,
                List.of(new SourceDdl.Change(SourceDdl.Kind.RENAME_TABLE, "app.t", "app.u")));
        assertThat(SourceDdl.parse(arrival.document())).isEqualTo(arrival);
        assertThat(arrival.renamedFrom()).isEqualTo(TableId.of("app", "t"));
        assertThat(arrival.renamedTo())
                .as("the new name's marker renames nothing")
                .isNull();
    }

    private static SourceDdl statement(String sql, SourceDdl.Kind kind) {
        return new SourceDdl(TableId.of("a", "b"), sql, null, true, List.of(new SourceDdl.Change(kind, null, null)));
    }

    @Test
    void onlyStatementsThatChangeWhatRowsShowChangeRows() {
        assertThat(statement("CREATE INDEX i ON b (x)", SourceDdl.Kind.OTHER).changesRows())
                .isFalse();
        assertThat(statement("CREATE TABLE b (x INT)", SourceDdl.Kind.CREATE_TABLE)
                        .changesRows())
                .isFalse();
        assertThat(RENAME.changesRows()).isTrue();
        assertThat(RENAME.emptiesTable()).isFalse();
        assertThat(statement("DROP TABLE b", SourceDdl.Kind.DROP_TABLE).changesRows())
                .isTrue();
        assertThat(statement("DROP TABLE b", SourceDdl.Kind.DROP_TABLE).emptiesTable())
                .isTrue();
        assertThat(statement("TRUNCATE TABLE b", SourceDdl.Kind.TRUNCATE_TABLE).emptiesTable())
                .isTrue();
        assertThat(statement("ALTER TABLE b DROP PARTITION p0", SourceDdl.Kind.REMOVE_PARTITION_ROWS)
                        .emptiesTable())
                .as("the rows of some partitions only")
                .isFalse();
        assertThat(RENAME.needsOrder()).isTrue();
        assertThat(statement("TRUNCATE TABLE b", SourceDdl.Kind.TRUNCATE_TABLE).needsOrder())
                .isTrue();
        assertThat(statement("ALTER TABLE b ADD COLUMN c INT", SourceDdl.Kind.ADD_COLUMN)
                        .needsOrder())
                .as("the rows' schemas bring new columns in any order")
                .isFalse();
        assertThat(statement("ALTER TABLE b MODIFY c BIGINT", SourceDdl.Kind.MODIFY_COLUMN)
                        .needsOrder())
                .isFalse();
        assertThat(RENAME.partitions()).isEqualTo(1);
        SourceDdl copied = RENAME.inSequence(3);
        assertThat(copied.inOrder()).isTrue();
        assertThat(copied.partitions()).isEqualTo(3);
        assertThat(SourceDdl.parse(copied.document())).isEqualTo(copied);
        assertThat(copied.withTable(TableId.of("ods", "orders")).partitions()).isEqualTo(3);
        assertThat(RENAME.withTable(TableId.of("ods", "orders")).table()).isEqualTo(TableId.of("ods", "orders"));
    }
}

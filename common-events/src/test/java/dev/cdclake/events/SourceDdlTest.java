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
                        "\"position\":\"mysql-bin.000003:4711\",\"inOrder\":true,",
                        "\"changes\":[{\"kind\":\"RENAME_COLUMN\",\"column\":\"a\",\"newName\":\"b\"}]}"));
        assertThat(SourceDdl.parse(RENAME.document())).isEqualTo(RENAME);
    }

    @Test
    void aKindOfANewerWriterIsReadAsOtherAndUnreadableDocumentsSayWhy() {
        SourceDdl read = SourceDdl.parse(("{\"version\":1,\"database\":\"app\",\"table\":\"orders\",\"ddl\":\"X\","
                        + "\"changes\":[{\"kind\":\"PARTITION_TABLE\"},{\"kind\":\"DROP_COLUMN\",\"column\":\"c\"}]}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(read.inOrder()).isFalse();
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
    }

    @Test
    void onlyStatementsThatChangeWhatRowsShowChangeRows() {
        assertThat(new SourceDdl(
                                TableId.of("a", "b"),
                                "CREATE INDEX i ON b (x)",
                                null,
                                true,
                                List.of(new SourceDdl.Change(SourceDdl.Kind.OTHER, null, null)))
                        .changesRows())
                .isFalse();
        assertThat(new SourceDdl(
                                TableId.of("a", "b"),
                                "CREATE TABLE b (x INT)",
                                null,
                                true,
                                List.of(new SourceDdl.Change(SourceDdl.Kind.CREATE_TABLE, null, null)))
                        .changesRows())
                .isFalse();
        assertThat(RENAME.changesRows()).isTrue();
        assertThat(RENAME.emptiesTable()).isFalse();
        SourceDdl drop = new SourceDdl(
                TableId.of("a", "b"),
                "DROP TABLE b",
                "mysql-bin.000001:4",
                true,
                List.of(new SourceDdl.Change(SourceDdl.Kind.DROP_TABLE, null, null)));
        assertThat(drop.changesRows()).isTrue();
        assertThat(drop.emptiesTable()).isTrue();
        assertThat(new SourceDdl(
                                TableId.of("a", "b"),
                                "TRUNCATE TABLE b",
                                null,
                                true,
                                List.of(new SourceDdl.Change(SourceDdl.Kind.TRUNCATE_TABLE, null, null)))
                        .emptiesTable())
                .isTrue();
        assertThat(RENAME.withInOrder(false).inOrder()).isFalse();
        assertThat(RENAME.withTable(TableId.of("ods", "orders")).table()).isEqualTo(TableId.of("ods", "orders"));
    }
}

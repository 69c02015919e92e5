package dev.cdclake.capture.source;

import dev.cdclake.events.SourceDdl.Change;
import dev.cdclake.events.SourceDdl.Kind;
import dev.cdclake.events.TableId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What each kind of MySQL DDL statement did, per table, as MySQL's manual defines the statements. */
class DdlClassifierTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ALTER TABLE t ADD COLUMN c INT | app.t ADD_COLUMN c
            ALTER TABLE t ADD c INT AFTER a, ADD d INT FIRST | app.t ADD_COLUMN c; app.t ADD_COLUMN d
            ALTER TABLE t ADD COLUMN (c INT, d VARCHAR(3)) | app.t ADD_COLUMN c; app.t ADD_COLUMN d
            ALTER TABLE `shop`.`t` DROP COLUMN `c` | shop.t DROP_COLUMN c
            alter table shop.t drop c | shop.t DROP_COLUMN c
            ALTER TABLE t RENAME COLUMN a TO b | app.t RENAME_COLUMN a b
            ALTER TABLE t CHANGE a b BIGINT NOT NULL | app.t RENAME_COLUMN a b
            ALTER TABLE t CHANGE COLUMN a a BIGINT | app.t MODIFY_COLUMN a
            ALTER TABLE t MODIFY a BIGINT, RENAME COLUMN b TO `c d` | app.t MODIFY_COLUMN a; app.t RENAME_COLUMN b c d
            ALTER TABLE t ADD INDEX i (a) | app.t OTHER
            ALTER TABLE t RENAME TO u | app.t RENAME_TABLE app.u; app.u RENAME_TABLE app.t app.u
            RENAME TABLE t TO u, v TO w | app.t RENAME_TABLE app.u; app.u RENAME_TABLE app.t app.u; \
            app.v RENAME_TABLE app.w; app.w RENAME_TABLE app.v app.w
            RENAME TABLE shop.v TO shop2.w | shop.v RENAME_TABLE shop2.w; shop2.w RENAME_TABLE shop.v shop2.w
            DROP TABLE IF EXISTS t, shop.u | app.t DROP_TABLE; shop.u DROP_TABLE
            CREATE TABLE t (id INT PRIMARY KEY) | app.t CREATE_TABLE
            CREATE TABLE t LIKE u | app.t CREATE_TABLE
            TRUNCATE TABLE t | app.t TRUNCATE_TABLE
            DROP TEMPORARY TABLE IF EXISTS t | ''
            ALTER TABLE t TRUNCATE PARTITION p0 | app.t REMOVE_PARTITION_ROWS
            ALTER TABLE t DROP PARTITION p0, p1 | app.t REMOVE_PARTITION_ROWS
            TRUNCATE shop.u | shop.u TRUNCATE_TABLE
            THIS IS NOT SQL | ''
            """)
    void eachStatementSaysWhatItDidToEachTable(String statement, String expected) {
        Map<TableId, List<Change>> changes = DdlClassifier.classify(statement, "app");
        List<String> actual = new ArrayList<>();
        changes.forEach((table, list) -> list.forEach(c -> actual.add(table.identifier() + " " + c.kind()
                + (c.column() == null ? "" : " " + c.column())
                + (c.newName() == null ? "" : " " + c.newName()))));
        assertThat(String.join("; ", actual)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ALTER TABLE t DROP COLUMN c | DROP_COLUMN
            DROP TABLE t | DROP_TABLE
            """)
    void aChangeOfTheDefaultDatabasesTable(String statement, Kind kind) {
        assertThat(DdlClassifier.classify(statement, "app").get(TableId.of("app", "t")))
                .extracting(Change::kind)
                .containsExactly(kind);
    }
}

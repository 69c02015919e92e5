package dev.cdclake.ingest.transform;

import dev.cdclake.events.Column;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.ingest.format.MalformedRecordException;
import dev.cdclake.ingest.format.SourceConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Filters and computed columns against a source schema. Expected types follow the SQL standard's rules as Calcite
 * documents them (e.g. DECIMAL(p1,s1) * DECIMAL(p2,s2) is DECIMAL(p1+p2, s1+s2), INTEGER being DECIMAL(10,0)); expected
 * values are what MySQL answers to the same expressions.
 */
class RowTransformTest {
    private static final TableId T = TableId.of("shop", "orders_01");

    private static final TableSchema SOURCE = TableSchema.builder()
            .column(new Column("id", ColumnType.of(DataKind.INT), false, "INT", null, "the key"))
            .column(Column.of("name", ColumnType.of(DataKind.VARCHAR, 20), true))
            .column(Column.of("price", ColumnType.decimal(10, 2), true))
            .column(Column.of("placed", ColumnType.of(DataKind.TIMESTAMP, 6), true))
            .column(Column.of("day", ColumnType.of(DataKind.DATE), true))
            .column(Column.of("__table_name__", ColumnType.of(DataKind.STRING), false))
            .build();

    private static RowTransform transform(String projection, String filter, String keys) {
        Map<String, String> rule = new java.util.HashMap<>(
                Map.of("source-table", "shop.orders_\\.*", "projection", projection, "primary-keys", keys));
        if (filter != null) {
            rule.put("filter", filter);
        }
        TransformRule parsed = TransformRules.parse(List.of(rule)).rules().get(0);
        assertThat(parsed.transformsRows()).isTrue();
        return new RowTransform(T, parsed, parsed.primaryKeys(), null);
    }

    private static Object[] row(Integer id, String name, String price, LocalDateTime placed, LocalDate day) {
        return new Object[] {id, name, price == null ? null : new BigDecimal(price), placed, day, "orders_01"};
    }

    @Test
    void computedColumnsHaveTheStandardsTypesAndMySqlsValues() throws Exception {
        RowTransform t = transform(
                "id, UPPER(name) AS uname, price * 2 AS doubled, CAST(id AS VARCHAR) AS sid, YEAR(`day`) AS y,"
                        + " CONCAT(__table_name__, '/', CAST(id AS VARCHAR)) AS origin, placed + INTERVAL '1' HOUR AS"
                        + " due, name",
                null,
                "id");
        TableSchema target = t.schema(SOURCE.withPrimaryKeys(List.of()));
        assertThat(target.columnNames()).containsExactly("id", "uname", "doubled", "sid", "y", "origin", "due", "name");
        assertThat(target.column(0))
                .isEqualTo(new Column("id", ColumnType.of(DataKind.INT), false, "INT", null, "the key"));
        assertThat(target.column(1).type()).isEqualTo(ColumnType.of(DataKind.VARCHAR, 20));
        assertThat(target.column(2).type()).isEqualTo(ColumnType.decimal(20, 2));
        assertThat(target.column(3).type().kind()).isIn(DataKind.VARCHAR, DataKind.STRING);
        assertThat(target.column(4).type()).isEqualTo(ColumnType.of(DataKind.BIGINT));
        assertThat(target.column(6).type()).isEqualTo(ColumnType.of(DataKind.TIMESTAMP, 3));
        assertThat(target.column(6).nullable()).isTrue();

        Object[] out = t.project(row(
                7, "Ada", "12.35", LocalDateTime.of(2026, 12, 31, 23, 30, 0, 123_456_000), LocalDate.of(2024, 2, 29)));
        assertThat(out)
                .containsExactly(
                        7,
                        "ADA",
                        new BigDecimal("24.70"),
                        "7",
                        2024L,
                        "orders_01/7",
                        LocalDateTime.of(2027, 1, 1, 0, 30, 0, 123_000_000),
                        "Ada");
        Object[] nulls = t.project(row(8, null, null, null, null));
        assertThat(nulls).containsExactly(8, null, null, "8", null, "orders_01/8", null, null);
    }

    /** The README's function list, each on the row (7, ' Ada ', 12.35, 2024-02-29 13:14:15.5, 2024-02-29). */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            ignoreLeadingAndTrailingWhitespace = false,
            quoteCharacter = '"',
            value = {
                "UPPER(name)| ADA ",
                "LOWER(name)| ada ",
                "TRIM(name)|Ada",
                "CONCAT(name, '-', CAST(id AS VARCHAR))| Ada -7",
                "CONCAT_WS('/', 'a', 'b')|a/b",
                "SUBSTRING(TRIM(name), 2)|da",
                "SUBSTRING(TRIM(name) FROM 1 FOR 2)|Ad",
                "CHAR_LENGTH(name)|5",
                "POSITION('d' IN name)|3",
                "REPLACE(name, 'A', 'E')| Eda ",
                "LEFT(TRIM(name), 1)|A",
                "ABS(-id)|7",
                "CEIL(price)|13",
                "FLOOR(price)|12",
                "ROUND(price, 1)|12.40",
                "MOD(id, 4)|3",
                "id % 4|3",
                "SIGN(-price)|-1.00",
                "POWER(id, 2)|49.0",
                "id / 2|3",
                "CASE WHEN id > 5 THEN 'big' ELSE 'small' END|big",
                "IF(id > 5, 'big', 'small')|big",
                "COALESCE(NULL, name)| Ada ",
                "NULLIF(id, 7)|",
                "TRY_CAST(name AS INT)|",
                "TRY_CAST(CONCAT(CAST(id AS VARCHAR), '0') AS INT)|70",
                "CAST(price AS INT)|12",
                "YEAR(`day`)|2024",
                "MONTH(`day`)|2",
                "DAYOFMONTH(`day`)|29",
                "QUARTER(`day`)|1",
                "EXTRACT(HOUR FROM placed)|13",
                "`day` + INTERVAL '1' DAY|2024-03-01",
                "TIMESTAMPDIFF(DAY, placed, placed + INTERVAL '2' DAY)|2",
                "CAST(placed AS VARCHAR)|2024-02-29 13:14:15",
                "name RLIKE 'A.a'|true",
                "YEAR(CURRENT_DATE) >= 2026 AND CURRENT_TIMESTAMP > placed|true",
                "CONCAT(__table_name__, '!')|orders_01!"
            })
    void documentedFunctionsAnswerAsMySqlDoes(String expression, String expected) throws Exception {
        RowTransform t = transform("id, " + expression + " AS v", null, "id");
        t.schema(SOURCE);
        Object value = t.project(row(
                7,
                " Ada ",
                "12.35",
                LocalDateTime.of(2024, 2, 29, 13, 14, 15, 500_000_000),
                LocalDate.of(2024, 2, 29)))[1];
        assertThat(value == null ? null : value.toString()).as(expression).isEqualTo(expected);
    }

    @Test
    void filterFollowsSqlThreeValuedLogic() throws Exception {
        RowTransform t = transform("\\*", "id > 2 AND name LIKE 'a%' OR price IS NULL", "id");
        t.schema(SOURCE);
        assertThat(t.test(row(3, "ada", "1.00", null, null))).isTrue();
        assertThat(t.test(row(3, "Bob", "1.00", null, null))).isFalse();
        assertThat(t.test(row(1, "ada", "1.00", null, null))).isFalse();
        assertThat(t.test(row(1, null, null, null, null))).isTrue();
        // NULL LIKE 'a%' is unknown, unknown AND true is unknown: the row is dropped
        assertThat(t.test(row(3, null, "1.00", null, null))).isFalse();
        RowTransform in = transform("\\*", "name IN ('x', 'y') AND NOT (price BETWEEN 1 AND 2)", "id");
        in.schema(SOURCE);
        assertThat(in.test(row(1, "y", "2.50", null, null))).isTrue();
        assertThat(in.test(row(1, "y", "1.50", null, null))).isFalse();
        assertThat(in.test(row(1, "z", "2.50", null, null))).isFalse();
    }

    @Test
    void starKeepsTheFieldsWithoutTheMetadataTheRuleReads() throws Exception {
        RowTransform t = transform("\\*, price * 100 AS cents, __table_name__ AS shard", null, "id, shard");
        TableSchema target = t.schema(SOURCE);
        assertThat(target.columnNames()).containsExactly("id", "name", "price", "placed", "day", "cents", "shard");
        assertThat(target.primaryKeys()).containsExactly("id", "shard");
        assertThat(target.column(6).nullable()).isFalse();
    }

    @Test
    void aComputedColumnTakesTheNameOfAFieldUnderStarAndOddNamesAreQuoted() throws Exception {
        RowTransform t = transform("\\*, UPPER(name) AS name", null, "id");
        TableSchema target = t.schema(SOURCE);
        // SOURCE's __table_name__ is a field here: this rule reads no metadata, so the tracker would not add it
        assertThat(target.columnNames()).containsExactly("id", "name", "price", "placed", "day", "__table_name__");
        assertThat(target.column(1).type()).isEqualTo(ColumnType.of(DataKind.VARCHAR, 20));
        assertThat(t.project(row(1, "ada", null, null, null))[1]).isEqualTo("ADA");
        TableSchema odd = TableSchema.builder()
                .column(new Column("id", ColumnType.of(DataKind.INT), false, null, null, null))
                .column(Column.of("a`b", ColumnType.of(DataKind.INT), true))
                .build();
        RowTransform quoted = transform("\\*, `a``b` + 1 AS `c``d`", null, "id");
        assertThat(quoted.schema(odd).columnNames()).containsExactly("id", "a`b", "c`d");
        assertThat(quoted.project(new Object[] {1, 41})).containsExactly(1, 41, 42);
    }

    @Test
    void aColumnNotSeenYetIsNoColumnUntilItAppears() throws Exception {
        RowTransform t = transform("id, age + 1 AS next_age", "age IS NULL OR age >= 18", "id");
        TableSchema idOnly = TableSchema.builder()
                .column(new Column("id", ColumnType.of(DataKind.INT), false, null, null, null))
                .build();
        assertThat(t.schema(idOnly).columnNames()).containsExactly("id");
        assertThat(t.test(new Object[] {1})).isTrue();
        TableSchema withAge = TableSchema.builder()
                .column(new Column("id", ColumnType.of(DataKind.INT), false, null, null, null))
                .column(Column.of("age", ColumnType.of(DataKind.INT), true))
                .build();
        TableSchema target = t.schema(withAge);
        assertThat(target.columnNames()).containsExactly("id", "next_age");
        assertThat(target.column(1).type()).isEqualTo(ColumnType.of(DataKind.INT));
        assertThat(t.test(new Object[] {1, 17})).isFalse();
        assertThat(t.project(new Object[] {1, 17})).containsExactly(1, 18);
    }

    @Test
    void expressionsThatDoNotFitTheTableAreConfigurationErrorsNamingIt() {
        RowTransform unknownFunction = transform("id, FROBNICATE(name) AS f", null, "id");
        assertThatThrownBy(() -> unknownFunction.schema(SOURCE))
                .isInstanceOf(SourceConfigurationException.class)
                .hasMessageContaining("table shop.orders_01")
                .hasMessageContaining("FROBNICATE");
        RowTransform notBoolean = transform("\\*", "name", "id");
        assertThatThrownBy(() -> notBoolean.schema(SOURCE)).isInstanceOf(SourceConfigurationException.class);
        RowTransform lostKey = transform("UPPER(name) AS name", null, "id");
        assertThatThrownBy(() -> lostKey.schema(SOURCE))
                .hasMessageContaining("primary-key column 'id' is not a column of the projection");
    }

    @Test
    void aValueAnExpressionCannotTakeIsABadRecord() throws Exception {
        RowTransform t = transform("id, CAST(name AS INT) AS n", null, "id");
        t.schema(SOURCE);
        assertThatThrownBy(() -> t.project(row(1, "not a number", null, null, null)))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("transform expression failed");
        assertThat(transform("id, TRY_CAST(name AS INT) AS n", null, "id")
                        .schema(SOURCE)
                        .columnNames())
                .containsExactly("id", "n");
        RowTransform huge = transform("id, price * 1000000000000000000000000000000000000 AS big", null, "id");
        huge.schema(SOURCE);
        assertThatThrownBy(() -> huge.project(row(1, null, "99999999.99", null, null)))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("transform expression failed");
        RowTransform nullKey = transform("NULLIF(id, 1) AS id", null, "id");
        nullKey.schema(SOURCE);
        assertThatThrownBy(() -> nullKey.project(row(1, null, null, null, null)))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("primary-key column 'id' is null after the transform");
    }

    @Test
    void timestampsOfLocalTimeZoneAreInstants() throws Exception {
        TableSchema ltz = TableSchema.builder()
                .column(new Column("id", ColumnType.of(DataKind.INT), false, null, null, null))
                .column(Column.of("seen", ColumnType.of(DataKind.TIMESTAMP_LTZ, 6), true))
                .build();
        RowTransform t = transform("id, seen, seen AS copy, YEAR(seen) AS y", "seen IS NOT NULL", "id");
        TableSchema target = t.schema(ltz);
        assertThat(target.column(1).type()).isEqualTo(ColumnType.of(DataKind.TIMESTAMP_LTZ, 6));
        Instant at = Instant.parse("2026-12-06T10:15:30.123456Z");
        assertThat(target.column(3).type()).isEqualTo(ColumnType.of(DataKind.BIGINT));
        assertThat(t.project(new Object[] {1, at})).containsExactly(1, at, at, 2026L);
        assertThat(t.test(new Object[] {1, null})).isFalse();
    }
}

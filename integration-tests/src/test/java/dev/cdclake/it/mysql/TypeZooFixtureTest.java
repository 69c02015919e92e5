package dev.cdclake.it.mysql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cdclake.it.fixtures.TypeZoo;
import dev.cdclake.it.fixtures.TypedLakeComparison;
import dev.cdclake.it.fixtures.TypedLakeComparison.InvalidDate;
import dev.cdclake.it.paimon.PaimonWarehouse;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.data.BinaryString;
import org.apache.paimon.data.Decimal;
import org.apache.paimon.data.GenericRow;
import org.apache.paimon.data.Timestamp;
import org.apache.paimon.schema.Schema;
import org.apache.paimon.table.Table;
import org.apache.paimon.table.sink.BatchTableCommit;
import org.apache.paimon.table.sink.BatchTableWrite;
import org.apache.paimon.table.sink.BatchWriteBuilder;
import org.apache.paimon.types.DataType;
import org.apache.paimon.types.DecimalType;
import org.apache.paimon.types.RowKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TypeZoo} on a private +08:00 server, read back by {@link TypedLakeComparison}: every row reads without
 * exceptions, every column holds a value in some row, and the values MariaDB is known to change arrive as the lake
 * comparison expects them. A Paimon copy written here by the documented mapping checks the comparison itself.
 */
class TypeZooFixtureTest {

    private static MySqlServer mysql;
    private static TypeZoo zoo;

    @BeforeAll
    static void startPlus8Server() {
        mysql = MySqlServers.startLocal("plus8", "+08:00");
        zoo = TypeZoo.create(mysql, "it_type_zoo");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (mysql != null) {
            mysql.close();
        }
    }

    @Test
    void snapshotAndBinlogRowsReadBackTyped() throws Exception {
        assertThat(query("SELECT @@GLOBAL.time_zone, @@SESSION.time_zone, @@GLOBAL.log_bin, @@GLOBAL.binlog_format"))
                .containsExactly("+08:00", "+08:00", "1", "ROW");

        zoo.insertSnapshotRows();
        Map<String, Map<String, Object>> snapshot = zooRows();
        assertThat(snapshot).containsOnlyKeys("1", "2", "3", "4", "5", "6");
        assertEveryColumnExercised(snapshot);
        assertThat(nonNullValues(snapshot.get("6")))
                .as("row 6 is all NULL but its id")
                .containsExactly(6L);

        Map<String, Object> minimums = snapshot.get("1");
        assertThat(minimums.get("c_bigint")).isEqualTo(Long.MIN_VALUE);
        assertThat(minimums.get("c_bit16")).as("BIT(16) big-endian").isEqualTo(new byte[] {1, 2});
        assertThat(minimums.get("c_time")).isEqualTo(-(838 * 3600 + 59 * 60 + 59) * 1_000_000L);
        assertThat(minimums.get("c_time6")).isEqualTo(-1L);
        assertThat(minimums.get("c_date")).isEqualTo(LocalDate.of(1, 1, 1));
        assertThat(minimums.get("c_datetime6")).isEqualTo(LocalDateTime.of(1, 1, 1, 0, 0));
        assertThat(minimums.get("c_timestamp6")).isEqualTo(Instant.ofEpochSecond(1));
        assertThat(minimums.get("c_char"))
                .as("MySQL strips CHAR's trailing spaces")
                .isEqualTo("ab");
        assertThat(minimums.get("c_blob")).isEqualTo(allBytes());
        assertThat(minimums.get("c_set")).isEqualTo("");
        assertThat(((JsonNode) minimums.get("c_point")).get("srid").asInt())
                .as("MariaDB keeps SRID")
                .isEqualTo(4326);

        Map<String, Object> maximums = snapshot.get("2");
        assertThat(maximums.get("c_bigint_u")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(maximums.get("c_float")).isEqualTo(Float.MAX_VALUE);
        assertThat(maximums.get("c_double")).isEqualTo(Double.MAX_VALUE);
        assertThat(maximums.get("c_bit64")).isEqualTo(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1});
        assertThat(maximums.get("c_timestamp6")).isEqualTo(Instant.ofEpochSecond(2147483647L, 999_999_000));
        assertThat(maximums.get("c_varchar")).isEqualTo("emoji 😀 and clef 𝄞");
        assertThat((BigDecimal) maximums.get("c_dec_65_30"))
                .isEqualTo(new BigDecimal("9".repeat(35) + "." + "9".repeat(30)));

        Map<String, Object> awkward = snapshot.get("3");
        assertThat(awkward.get("c_binary")).as("BINARY pads with 0x00").isEqualTo(new byte[] {'a', 'b', 0, 0, 0, 0, 0, 0
        });
        assertThat(awkward.get("c_set")).as("SET members in definition order").isEqualTo("x,z");
        assertThat(awkward.get("c_float")).isEqualTo(0.1f);
        assertThat(awkward.get("c_year")).isEqualTo(0L);
        assertThat(awkward.get("c_datetime6")).isEqualTo(LocalDateTime.of(1582, 10, 4, 12, 0, 0, 500_000_000));
        assertThat(awkward.get("c_timestamp6"))
                .as("a literal in the server's +08:00")
                .isEqualTo(Instant.parse("2024-02-29T23:59:59.500Z"));
        assertThat(((JsonNode) awkward.get("c_geometry")).get("type").asText()).isEqualTo("Polygon");

        zoo.applyBinlogChanges();
        Map<String, Map<String, Object>> afterBinlog = zooRows();
        assertThat(afterBinlog).containsOnlyKeys("1", "2", "3", "5", "6", "10", "11");
        assertEveryColumnExercised(afterBinlog);
        assertThat(nonNullValues(afterBinlog.get("2")))
                .as("row 2 updated to all NULL")
                .containsExactly(2L);
        assertThat(afterBinlog.get("1").get("c_varchar")).isEqualTo("again");
        assertThat(afterBinlog.get("10").get("c_float")).isEqualTo(Float.MIN_VALUE);
        assertThat(afterBinlog.get("10").get("c_varchar")).isEqualTo("😀".repeat(255));
        assertThat(Double.doubleToRawLongBits((Double) afterBinlog.get("11").get("c_double")))
                .as("MariaDB keeps DOUBLE -0")
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(((JsonNode) afterBinlog.get("11").get("c_json")).isNull())
                .as("JSON null, not SQL NULL")
                .isTrue();
        assertThat(afterBinlog.get("5").values()).as("row 5 after its update").doesNotContainNull();

        Map<String, Map<String, Object>> zeroDates =
                TypedLakeComparison.mysqlRows(mysql, zoo.database(), TypeZoo.ZERO_DATES_TABLE);
        assertThat(zeroDates).containsOnlyKeys("1", "2", "3", "4", "10");
        assertThat(zeroDates.get("1").get("d")).isEqualTo(new InvalidDate("0000-00-00"));
        assertThat(zeroDates.get("1").get("dt")).isEqualTo(new InvalidDate("0000-00-00 00:00:00"));
        assertThat(zeroDates.get("2").get("d_nn")).isEqualTo(new InvalidDate("2024-02-00"));
        assertThat(zeroDates.get("3").get("dt")).isEqualTo(LocalDateTime.of(2024, 2, 29, 0, 0));
    }

    @Test
    void comparisonAcceptsAFaithfulLakeCopyAndNamesEachTamperedCell() throws Exception {
        TypeZoo lakeZoo = TypeZoo.create(mysql, "it_type_zoo_lake");
        lakeZoo.insertSnapshotRows();
        lakeZoo.applyBinlogChanges();
        String db = lakeZoo.database();
        Map<String, Map<String, Object>> source = TypedLakeComparison.mysqlRows(mysql, db, TypeZoo.TABLE);
        Map<String, DataType> types = TypeZoo.expectedLakeTypes();
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        try (Catalog lake = warehouse.createCatalog()) {
            lake.createDatabase(db, true);
            Schema.Builder schema = Schema.newBuilder().primaryKey("id").option("bucket", "1");
            types.forEach(schema::column);
            lake.createTable(Identifier.create(db, TypeZoo.TABLE), schema.build(), false);
            Table table = lake.getTable(Identifier.create(db, TypeZoo.TABLE));
            write(
                    table,
                    source.values().stream()
                            .map(row -> lakeRow(RowKind.INSERT, row, types))
                            .toList());

            TypedLakeComparison.assertLakeTypes(lake, db, TypeZoo.TABLE, types);
            TypedLakeComparison.awaitLakeEqualsSource(mysql, lake, db, TypeZoo.TABLE, Duration.ofSeconds(10));

            Map<String, Object> paddedChar = new LinkedHashMap<>(source.get("3"));
            paddedChar.put("c_char", "   ");
            Map<String, Object> positiveZero = new LinkedHashMap<>(source.get("11"));
            positiveZero.put("c_double", 0.0);
            Map<String, Object> shortScale = new LinkedHashMap<>(source.get("1"));
            shortScale.put("c_dec_65_30", ((BigDecimal) shortScale.get("c_dec_65_30")).stripTrailingZeros());
            write(
                    table,
                    List.of(
                            lakeRow(RowKind.INSERT, paddedChar, types),
                            lakeRow(RowKind.INSERT, positiveZero, types),
                            lakeRow(RowKind.INSERT, shortScale, types),
                            lakeRow(RowKind.DELETE, source.get("6"), types)));

            assertThat(TypedLakeComparison.mismatches(mysql, lake, db, TypeZoo.TABLE))
                    .containsExactly(
                            "type_zoo pk=1 column c_dec_65_30: mysql 1." + "0".repeat(30)
                                    + " (decimal(65,30)) vs lake '1'" + " (STRING)",
                            "type_zoo pk=6: in MySQL, missing in the lake",
                            "type_zoo pk=11 column c_double: mysql -0.0 (double) vs lake 0.0 (DOUBLE)");
        }
    }

    /** The documented mapping, done here by hand from the typed MySQL values. */
    private static GenericRow lakeRow(RowKind kind, Map<String, Object> mysqlRow, Map<String, DataType> types) {
        List<String> columns = new ArrayList<>(types.keySet());
        GenericRow row = new GenericRow(kind, columns.size());
        for (int i = 0; i < columns.size(); i++) {
            Object value = mysqlRow.get(columns.get(i));
            DataType type = types.get(columns.get(i));
            row.setField(
                    i,
                    value == null
                            ? null
                            : switch (type.getTypeRoot()) {
                                case BOOLEAN -> value instanceof Boolean b ? b : ((Long) value) != 0;
                                case TINYINT -> ((Number) value).byteValue();
                                case SMALLINT -> ((Number) value).shortValue();
                                case INTEGER -> ((Number) value).intValue();
                                case BIGINT -> ((Number) value).longValue();
                                case DECIMAL ->
                                    Decimal.fromBigDecimal(
                                            new BigDecimal(value.toString()),
                                            ((DecimalType) type).getPrecision(),
                                            ((DecimalType) type).getScale());
                                case CHAR, VARCHAR ->
                                    BinaryString.fromString(
                                            value instanceof BigDecimal d ? d.toPlainString() : value.toString());
                                case DATE -> (int) ((LocalDate) value).toEpochDay();
                                case TIMESTAMP_WITHOUT_TIME_ZONE -> Timestamp.fromLocalDateTime((LocalDateTime) value);
                                case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> Timestamp.fromInstant((Instant) value);
                                default -> value; // FLOAT, DOUBLE, BINARY, VARBINARY: the same Java value
                            });
        }
        return row;
    }

    private static void write(Table table, List<GenericRow> rows) throws Exception {
        BatchWriteBuilder builder = table.newBatchWriteBuilder();
        try (BatchTableWrite write = builder.newWrite();
                BatchTableCommit commit = builder.newCommit()) {
            for (GenericRow row : rows) {
                write.write(row);
            }
            commit.commit(write.prepareCommit());
        }
    }

    private static Map<String, Map<String, Object>> zooRows() throws SQLException {
        Map<String, Map<String, Object>> rows = TypedLakeComparison.mysqlRows(mysql, zoo.database(), TypeZoo.TABLE);
        rows.values()
                .forEach(row -> assertThat(row.keySet())
                        .as("the zoo's columns are those of its expected lake types")
                        .containsExactlyElementsOf(TypeZoo.expectedLakeTypes().keySet()));
        return rows;
    }

    /** No column is NULL in every row: each type reaches the lake with a value. */
    private static void assertEveryColumnExercised(Map<String, Map<String, Object>> rows) {
        List<String> neverSet = TypeZoo.expectedLakeTypes().keySet().stream()
                .filter(column ->
                        rows.values().stream().map(row -> row.get(column)).allMatch(Objects::isNull))
                .toList();
        assertThat(neverSet).as("columns NULL in every row").isEmpty();
    }

    private static List<Object> nonNullValues(Map<String, Object> row) {
        return row.values().stream().filter(Objects::nonNull).toList();
    }

    private static byte[] allBytes() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    private static List<String> query(String sql) throws SQLException {
        try (Connection connection = mysql.adminConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                values.add(rs.getString(i));
            }
            return values;
        }
    }
}

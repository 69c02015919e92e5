package dev.cdclake.ingest.schema;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.SourceColumnType;
import org.junit.jupiter.api.Test;

import java.sql.Types;
import java.util.List;

import static dev.cdclake.events.SourceColumnType.ABSENT;
import static org.assertj.core.api.Assertions.assertThat;

class MySqlTypesTest {

    private static ColumnType t(String mysqlType) {
        return MySqlTypes.fromMySqlType(mysqlType, true).type();
    }

    @Test
    void mapsLikeFlinkCdc() {
        assertThat(t("bigint(20) unsigned")).isEqualTo(ColumnType.decimal(20, 0));
        assertThat(t("bigint(20)")).isEqualTo(ColumnType.of(DataKind.BIGINT));
        assertThat(t("int(10) unsigned")).isEqualTo(ColumnType.of(DataKind.BIGINT));
        assertThat(t("int(11)")).isEqualTo(ColumnType.of(DataKind.INT));
        assertThat(t("tinyint(1)")).isEqualTo(ColumnType.of(DataKind.BOOLEAN));
        assertThat(MySqlTypes.fromMySqlType("tinyint(1)", false).type()).isEqualTo(ColumnType.of(DataKind.TINYINT));
        assertThat(t("tinyint(3) unsigned")).isEqualTo(ColumnType.of(DataKind.SMALLINT));
        assertThat(t("smallint(5) unsigned")).isEqualTo(ColumnType.of(DataKind.INT));
        assertThat(t("mediumint(8)")).isEqualTo(ColumnType.of(DataKind.INT));
        assertThat(t("decimal(10,2)")).isEqualTo(ColumnType.decimal(10, 2));
        assertThat(t("DECIMAL(65,4)")).isEqualTo(ColumnType.of(DataKind.STRING));
        assertThat(t("decimal")).isEqualTo(ColumnType.decimal(10, 0));
        assertThat(t("float")).isEqualTo(ColumnType.of(DataKind.FLOAT));
        assertThat(t("float(10,2)")).isEqualTo(ColumnType.of(DataKind.DOUBLE));
        assertThat(t("double")).isEqualTo(ColumnType.of(DataKind.DOUBLE));
        assertThat(t("datetime(6)")).isEqualTo(ColumnType.of(DataKind.TIMESTAMP, 6));
        assertThat(t("datetime")).isEqualTo(ColumnType.of(DataKind.TIMESTAMP, 0));
        assertThat(t("timestamp(3)")).isEqualTo(ColumnType.of(DataKind.TIMESTAMP, 3));
        assertThat(t("time(6)")).isEqualTo(ColumnType.of(DataKind.TIME, 6));
        assertThat(t("date")).isEqualTo(ColumnType.of(DataKind.DATE));
        assertThat(t("year(4)")).isEqualTo(ColumnType.of(DataKind.INT));
        assertThat(t("varchar(255)")).isEqualTo(ColumnType.of(DataKind.VARCHAR, 255));
        assertThat(t("char(3)")).isEqualTo(ColumnType.of(DataKind.CHAR, 3));
        assertThat(t("longtext")).isEqualTo(ColumnType.of(DataKind.STRING));
        assertThat(t("json")).isEqualTo(ColumnType.of(DataKind.STRING));
        assertThat(t("enum('a','b,c')")).isEqualTo(ColumnType.of(DataKind.STRING));
        assertThat(t("set('a','b')")).isEqualTo(ColumnType.of(DataKind.STRING));
        assertThat(t("geometry")).isEqualTo(ColumnType.of(DataKind.STRING));
        assertThat(t("bit(1)")).isEqualTo(ColumnType.of(DataKind.BOOLEAN));
        assertThat(t("bit(10)")).isEqualTo(ColumnType.of(DataKind.BINARY, 2));
        assertThat(t("varbinary(16)")).isEqualTo(ColumnType.of(DataKind.VARBINARY, 16));
        assertThat(t("blob")).isEqualTo(ColumnType.of(DataKind.BYTES));
        assertThat(MySqlTypes.fromMySqlType("blob", true).encoding()).isEqualTo(ValueEncoding.LATIN1);
        assertThat(MySqlTypes.fromMySqlType("varchar(255)", true).sourceType()).isEqualTo("varchar(255)");
    }

    private static ColumnType refine(ColumnType connect, String type, int length, int scale) {
        return MySqlTypes.refine(connect, SourceColumnType.of(type, length, scale, List.of()));
    }

    /** Debezium's Connect type refined by its column.propagate.source.type parameters (type, length, scale). */
    @Test
    void sourceParametersRefineTheConnectType() {
        ColumnType string = ColumnType.of(DataKind.STRING);
        ColumnType bytes = ColumnType.of(DataKind.BYTES);
        assertThat(refine(string, "VARCHAR", 255, ABSENT)).isEqualTo(ColumnType.of(DataKind.VARCHAR, 255));
        assertThat(refine(string, "CHAR", 3, ABSENT)).isEqualTo(ColumnType.of(DataKind.CHAR, 3));
        assertThat(refine(string, "CHAR", ABSENT, ABSENT)).isEqualTo(ColumnType.of(DataKind.CHAR, 1));
        assertThat(refine(string, "LONGTEXT", ABSENT, ABSENT)).isEqualTo(string);
        assertThat(refine(string, "ENUM", 1, ABSENT)).isEqualTo(string);
        assertThat(refine(bytes, "BINARY", 16, ABSENT)).isEqualTo(ColumnType.of(DataKind.BINARY, 16));
        assertThat(refine(bytes, "VARBINARY", 8, ABSENT)).isEqualTo(ColumnType.of(DataKind.VARBINARY, 8));
        assertThat(refine(bytes, "MEDIUMBLOB", ABSENT, ABSENT)).isEqualTo(bytes);
        ColumnType int16 = ColumnType.of(DataKind.SMALLINT);
        assertThat(refine(int16, "TINYINT", 4, ABSENT)).isEqualTo(ColumnType.of(DataKind.TINYINT));
        assertThat(refine(int16, "TINYINT", 1, ABSENT)).isEqualTo(ColumnType.of(DataKind.TINYINT));
        assertThat(refine(int16, "TINYINT UNSIGNED", 3, ABSENT)).isEqualTo(int16);
        assertThat(refine(ColumnType.of(DataKind.BIGINT), "INT UNSIGNED", ABSENT, ABSENT))
                .isEqualTo(ColumnType.of(DataKind.BIGINT));
        assertThat(refine(ColumnType.decimal(38, 0), "BIGINT UNSIGNED", 20, ABSENT)).isEqualTo(ColumnType.decimal(20, 0));
        assertThat(refine(ColumnType.decimal(10, 2), "DECIMAL", 10, 2)).isEqualTo(ColumnType.decimal(10, 2));
        assertThat(refine(ColumnType.of(DataKind.TIMESTAMP, 6), "DATETIME", ABSENT, ABSENT))
                .isEqualTo(ColumnType.of(DataKind.TIMESTAMP, 0));
        assertThat(refine(ColumnType.of(DataKind.TIMESTAMP_LTZ, 6), "TIMESTAMP", 3, ABSENT))
                .isEqualTo(ColumnType.of(DataKind.TIMESTAMP_LTZ, 3));
        assertThat(refine(ColumnType.of(DataKind.TIME, 6), "TIME", ABSENT, ABSENT)).isEqualTo(ColumnType.of(DataKind.TIME, 0));
    }

    /** Where Debezium's settings encode values differently from the MySQL type, the Connect type keeps deciding. */
    @Test
    void connectTypeWinsWhereTheEncodingDiffers() {
        // bigint.unsigned.handling.mode=long: the values are int64 (wrapped above Long.MAX_VALUE)
        assertThat(refine(ColumnType.of(DataKind.BIGINT), "BIGINT UNSIGNED", 20, ABSENT))
                .isEqualTo(ColumnType.of(DataKind.BIGINT));
        // decimal.handling.mode=string / double
        assertThat(refine(ColumnType.of(DataKind.STRING), "DECIMAL", 10, 2)).isEqualTo(ColumnType.of(DataKind.STRING));
        assertThat(refine(ColumnType.of(DataKind.DOUBLE), "DECIMAL", 10, 2)).isEqualTo(ColumnType.of(DataKind.DOUBLE));
        // binary.handling.mode=base64: the values are text
        assertThat(refine(ColumnType.of(DataKind.STRING), "VARBINARY", 8, ABSENT)).isEqualTo(ColumnType.of(DataKind.STRING));
        // a Decimal of another scale, and DECIMAL(65) beyond Paimon's precision
        assertThat(refine(ColumnType.decimal(12, 4), "DECIMAL", 10, 2)).isEqualTo(ColumnType.decimal(12, 4));
        assertThat(refine(ColumnType.decimal(38, 4), "DECIMAL", 65, 4)).isEqualTo(ColumnType.decimal(38, 4));
        // time.precision.mode=connect: milliseconds, whatever DATETIME(6) holds
        assertThat(refine(ColumnType.of(DataKind.TIMESTAMP, 3), "DATETIME", 6, ABSENT))
                .isEqualTo(ColumnType.of(DataKind.TIMESTAMP, 3));
        // TINYINT(1) as a boolean (capture-job's treat-tinyint1-as-boolean, Debezium's bit converters)
        assertThat(refine(ColumnType.of(DataKind.BOOLEAN), "TINYINT", 1, ABSENT)).isEqualTo(ColumnType.of(DataKind.BOOLEAN));
        // a type name MySQL does not have: text, so a non-text Connect type stays
        assertThat(refine(ColumnType.of(DataKind.INT), "INT4", 10, ABSENT)).isEqualTo(ColumnType.of(DataKind.INT));
    }

    @Test
    void sqlTypeCodes() {
        assertThat(MySqlTypes.fromSqlType(Types.BIGINT).type()).isEqualTo(ColumnType.of(DataKind.BIGINT));
        assertThat(MySqlTypes.fromSqlType(Types.BIGINT)).isSameAs(MySqlTypes.fromSqlType(Types.BIGINT));
        assertThat(MySqlTypes.fromSqlType(Types.DECIMAL)).isNull();
    }
}

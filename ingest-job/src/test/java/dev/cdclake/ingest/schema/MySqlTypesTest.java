package dev.cdclake.ingest.schema;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import org.junit.jupiter.api.Test;

import java.sql.Types;

import static org.assertj.core.api.Assertions.assertThat;

/** Canal's mysqlType and sqlType; the MySQL mapping itself is {@code MySqlTypeMappingTest}'s. */
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
        // Canal's TIMESTAMP text has no offset: a wall clock, not the instant capture-job's TIMESTAMP_LTZ is
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

    @Test
    void sqlTypeCodes() {
        assertThat(MySqlTypes.fromSqlType(Types.BIGINT).type()).isEqualTo(ColumnType.of(DataKind.BIGINT));
        assertThat(MySqlTypes.fromSqlType(Types.BIGINT)).isSameAs(MySqlTypes.fromSqlType(Types.BIGINT));
        assertThat(MySqlTypes.fromSqlType(Types.DECIMAL)).isNull();
    }
}

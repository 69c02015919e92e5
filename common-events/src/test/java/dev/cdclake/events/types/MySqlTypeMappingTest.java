package dev.cdclake.events.types;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.SourceColumnType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.cdclake.events.SourceColumnType.ABSENT;
import static org.assertj.core.api.Assertions.assertThat;

class MySqlTypeMappingTest {

    private static ColumnType t(String declaration) {
        return MySqlTypeMapping.columnType(SourceColumnType.parse(declaration), true);
    }

    @Test
    void everyMySqlTypeGetsTheClosestTypeThatHoldsItsValues() {
        assertThat(t("bigint(20) unsigned")).isEqualTo(ColumnType.decimal(20, 0));
        assertThat(t("int(10) unsigned")).isEqualTo(ColumnType.of(DataKind.BIGINT));
        assertThat(t("tinyint(1)")).isEqualTo(ColumnType.of(DataKind.BOOLEAN));
        assertThat(MySqlTypeMapping.columnType(SourceColumnType.parse("tinyint(1)"), false))
                .isEqualTo(ColumnType.of(DataKind.TINYINT));
        assertThat(t("tinyint(3) unsigned")).isEqualTo(ColumnType.of(DataKind.SMALLINT));
        assertThat(t("smallint unsigned")).isEqualTo(ColumnType.of(DataKind.INT));
        assertThat(t("mediumint unsigned")).isEqualTo(ColumnType.of(DataKind.INT));
        assertThat(t("decimal(38,10)")).isEqualTo(ColumnType.decimal(38, 10));
        // beyond Paimon's 38 digits: the exact plain text
        assertThat(t("decimal(65,30)")).isEqualTo(ColumnType.of(DataKind.STRING));
        assertThat(t("time(6)")).isEqualTo(ColumnType.of(DataKind.TIME, 6));
        assertThat(t("datetime(6)")).isEqualTo(ColumnType.of(DataKind.TIMESTAMP, 6));
        assertThat(t("timestamp(6)")).isEqualTo(ColumnType.of(DataKind.TIMESTAMP_LTZ, 6));
        assertThat(t("year")).isEqualTo(ColumnType.of(DataKind.INT));
        assertThat(t("bit(1)")).isEqualTo(ColumnType.of(DataKind.BOOLEAN));
        assertThat(t("bit(16)")).isEqualTo(ColumnType.of(DataKind.BINARY, 2));
        assertThat(t("bit(64)")).isEqualTo(ColumnType.of(DataKind.BINARY, 8));
        assertThat(t("binary(8)")).isEqualTo(ColumnType.of(DataKind.BINARY, 8));
        assertThat(t("longblob")).isEqualTo(ColumnType.of(DataKind.BYTES));
        assertThat(t("set('x','y')")).isEqualTo(ColumnType.of(DataKind.STRING));
        assertThat(t("point")).isEqualTo(ColumnType.of(DataKind.STRING));
    }

    private static ColumnType refine(ColumnType connect, String type, int length, int scale) {
        return MySqlTypeMapping.refine(connect, SourceColumnType.of(type, length, scale, List.of()));
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
        assertThat(refine(ColumnType.decimal(38, 0), "BIGINT UNSIGNED", 20, ABSENT))
                .isEqualTo(ColumnType.decimal(20, 0));
        assertThat(refine(ColumnType.decimal(10, 2), "DECIMAL", 10, 2)).isEqualTo(ColumnType.decimal(10, 2));
        assertThat(refine(ColumnType.of(DataKind.TIMESTAMP, 6), "DATETIME", ABSENT, ABSENT))
                .isEqualTo(ColumnType.of(DataKind.TIMESTAMP, 0));
        assertThat(refine(ColumnType.of(DataKind.TIMESTAMP_LTZ, 6), "TIMESTAMP", 3, ABSENT))
                .isEqualTo(ColumnType.of(DataKind.TIMESTAMP_LTZ, 3));
        assertThat(refine(ColumnType.of(DataKind.TIME, 6), "TIME", ABSENT, ABSENT))
                .isEqualTo(ColumnType.of(DataKind.TIME, 0));
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
        assertThat(refine(ColumnType.of(DataKind.STRING), "VARBINARY", 8, ABSENT))
                .isEqualTo(ColumnType.of(DataKind.STRING));
        // a Decimal of another scale, and DECIMAL(65) beyond Paimon's precision
        assertThat(refine(ColumnType.decimal(12, 4), "DECIMAL", 10, 2)).isEqualTo(ColumnType.decimal(12, 4));
        assertThat(refine(ColumnType.decimal(38, 4), "DECIMAL", 65, 4)).isEqualTo(ColumnType.decimal(38, 4));
        // time.precision.mode=connect: milliseconds, whatever DATETIME(6) holds
        assertThat(refine(ColumnType.of(DataKind.TIMESTAMP, 3), "DATETIME", 6, ABSENT))
                .isEqualTo(ColumnType.of(DataKind.TIMESTAMP, 3));
        // TINYINT(1) as a boolean (capture-job's treat-tinyint1-as-boolean, Debezium's bit converters)
        assertThat(refine(ColumnType.of(DataKind.BOOLEAN), "TINYINT", 1, ABSENT))
                .isEqualTo(ColumnType.of(DataKind.BOOLEAN));
        // a type name MySQL does not have: text, so a non-text Connect type stays
        assertThat(refine(ColumnType.of(DataKind.INT), "INT4", 10, ABSENT)).isEqualTo(ColumnType.of(DataKind.INT));
    }
}

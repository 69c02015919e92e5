package dev.cdclake.ingest.paimon;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import org.apache.paimon.data.BinaryString;
import org.apache.paimon.data.Decimal;
import org.apache.paimon.data.Timestamp;
import org.apache.paimon.types.DataType;
import org.apache.paimon.types.DataTypes;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaimonTypesTest {

    @Test
    void mapsEveryKind() {
        assertThat(PaimonTypes.toDataType(ColumnType.of(DataKind.BOOLEAN))).isEqualTo(DataTypes.BOOLEAN());
        assertThat(PaimonTypes.toDataType(ColumnType.of(DataKind.TINYINT))).isEqualTo(DataTypes.TINYINT());
        assertThat(PaimonTypes.toDataType(ColumnType.of(DataKind.SMALLINT))).isEqualTo(DataTypes.SMALLINT());
        assertThat(PaimonTypes.toDataType(ColumnType.of(DataKind.INT))).isEqualTo(DataTypes.INT());
        assertThat(PaimonTypes.toDataType(ColumnType.of(DataKind.BIGINT))).isEqualTo(DataTypes.BIGINT());
        assertThat(PaimonTypes.toDataType(ColumnType.decimal(10, 2))).isEqualTo(DataTypes.DECIMAL(10, 2));
        assertThat(PaimonTypes.toDataType(ColumnType.decimal(65, 4))).isEqualTo(DataTypes.STRING());
        assertThat(PaimonTypes.toDataType(ColumnType.of(DataKind.FLOAT))).isEqualTo(DataTypes.FLOAT());
        assertThat(PaimonTypes.toDataType(ColumnType.of(DataKind.DOUBLE))).isEqualTo(DataTypes.DOUBLE());
        assertThat(PaimonTypes.toDataType(ColumnType.of(DataKind.DATE))).isEqualTo(DataTypes.DATE());
        assertThat(PaimonTypes.toDataType(ColumnType.of(DataKind.TIME, 3))).isEqualTo(DataTypes.TIME(3));
        assertThat(PaimonTypes.toDataType(ColumnType.of(DataKind.TIMESTAMP, 6))).isEqualTo(DataTypes.TIMESTAMP(6));
        assertThat(PaimonTypes.toDataType(ColumnType.of(DataKind.TIMESTAMP_LTZ, 3)))
                .isEqualTo(DataTypes.TIMESTAMP_WITH_LOCAL_TIME_ZONE(3));
        assertThat(PaimonTypes.toDataType(ColumnType.of(DataKind.CHAR, 4))).isEqualTo(DataTypes.CHAR(4));
        assertThat(PaimonTypes.toDataType(ColumnType.of(DataKind.VARCHAR, 255))).isEqualTo(DataTypes.VARCHAR(255));
        assertThat(PaimonTypes.toDataType(ColumnType.of(DataKind.VARCHAR))).isEqualTo(DataTypes.STRING());
        assertThat(PaimonTypes.toDataType(ColumnType.of(DataKind.STRING))).isEqualTo(DataTypes.STRING());
        assertThat(PaimonTypes.toDataType(ColumnType.of(DataKind.BINARY, 16))).isEqualTo(DataTypes.BINARY(16));
        assertThat(PaimonTypes.toDataType(ColumnType.of(DataKind.VARBINARY, 8))).isEqualTo(DataTypes.VARBINARY(8));
        assertThat(PaimonTypes.toDataType(ColumnType.of(DataKind.BYTES))).isEqualTo(DataTypes.BYTES());
    }

    @Test
    void widensWithinTheLattice() {
        assertWiden(DataTypes.TINYINT(), DataTypes.INT(), DataTypes.INT());
        assertWiden(DataTypes.BIGINT(), DataTypes.SMALLINT(), DataTypes.BIGINT());
        assertWiden(DataTypes.BIGINT(), DataTypes.DECIMAL(20, 0), DataTypes.DECIMAL(20, 0));
        assertWiden(DataTypes.INT(), DataTypes.DECIMAL(5, 2), DataTypes.DECIMAL(12, 2));
        assertWiden(DataTypes.DECIMAL(10, 2), DataTypes.DECIMAL(8, 4), DataTypes.DECIMAL(12, 4));
        assertWiden(DataTypes.FLOAT(), DataTypes.DOUBLE(), DataTypes.DOUBLE());
        assertWiden(DataTypes.INT(), DataTypes.DOUBLE(), DataTypes.DOUBLE());
        assertWiden(DataTypes.DOUBLE(), DataTypes.BIGINT(), DataTypes.DOUBLE());
        assertWiden(DataTypes.VARCHAR(10), DataTypes.VARCHAR(20), DataTypes.VARCHAR(20));
        assertWiden(DataTypes.CHAR(3), DataTypes.CHAR(5), DataTypes.CHAR(5));
        assertWiden(DataTypes.CHAR(3), DataTypes.VARCHAR(2), DataTypes.VARCHAR(3));
        assertWiden(DataTypes.TIMESTAMP(3), DataTypes.TIMESTAMP(6), DataTypes.TIMESTAMP(6));
        assertWiden(DataTypes.TIME(0), DataTypes.TIME(3), DataTypes.TIME(3));
        assertWiden(DataTypes.BINARY(4), DataTypes.VARBINARY(8), DataTypes.VARBINARY(8));
        assertWiden(DataTypes.INT(), DataTypes.STRING(), DataTypes.STRING());
        assertWiden(DataTypes.VARCHAR(10), DataTypes.INT(), DataTypes.STRING());
        assertWiden(DataTypes.STRING(), DataTypes.TIMESTAMP(6), DataTypes.STRING());
    }

    @Test
    void neverNarrowsAndKeepsNullability() {
        assertWiden(DataTypes.BIGINT().notNull(), DataTypes.INT(), DataTypes.BIGINT().notNull());
        assertWiden(DataTypes.DECIMAL(12, 4), DataTypes.DECIMAL(5, 1), DataTypes.DECIMAL(12, 4));
        assertWiden(DataTypes.VARCHAR(20), DataTypes.CHAR(5), DataTypes.VARCHAR(20));
        assertWiden(DataTypes.INT().notNull(), DataTypes.BIGINT(), DataTypes.BIGINT().notNull());
        assertThat(PaimonTypes.fits(DataTypes.BIGINT(), DataTypes.TINYINT())).isTrue();
        assertThat(PaimonTypes.fits(DataTypes.INT(), DataTypes.BIGINT())).isFalse();
    }

    @Test
    void refusesChangesOutsideTheLattice() {
        assertThat(PaimonTypes.widen(DataTypes.DATE(), DataTypes.TIMESTAMP(3))).isNull();
        assertThat(PaimonTypes.widen(DataTypes.BOOLEAN(), DataTypes.INT())).isNull();
        assertThat(PaimonTypes.widen(DataTypes.DECIMAL(10, 2), DataTypes.DOUBLE())).isNull();
        assertThat(PaimonTypes.widen(DataTypes.DECIMAL(38, 25), DataTypes.BIGINT())).isNull();
        assertThat(PaimonTypes.widen(DataTypes.TIMESTAMP(3), DataTypes.TIMESTAMP_WITH_LOCAL_TIME_ZONE(3))).isNull();
        assertThat(PaimonTypes.widen(DataTypes.BYTES(), DataTypes.INT())).isNull();
    }

    @Test
    void convertsValuesToPaimonInternals() {
        assertThat(convert(ColumnType.of(DataKind.VARCHAR, 5), DataTypes.STRING(), "héllo"))
                .isEqualTo(BinaryString.fromString("héllo"));
        assertThat(convert(ColumnType.of(DataKind.TINYINT), DataTypes.BIGINT(), (byte) -3)).isEqualTo(-3L);
        assertThat(convert(ColumnType.of(DataKind.SMALLINT), DataTypes.INT(), (short) 7)).isEqualTo(7);
        assertThat(convert(ColumnType.of(DataKind.INT), DataTypes.DOUBLE(), 3)).isEqualTo(3.0d);
        assertThat(convert(ColumnType.decimal(5, 1), DataTypes.DECIMAL(10, 3), new BigDecimal("12.5")))
                .isEqualTo(Decimal.fromBigDecimal(new BigDecimal("12.500"), 10, 3));
        assertThat(convert(ColumnType.of(DataKind.BIGINT), DataTypes.DECIMAL(20, 0), Long.MAX_VALUE))
                .isEqualTo(Decimal.fromBigDecimal(new BigDecimal(Long.MAX_VALUE), 20, 0));
        assertThat(convert(ColumnType.of(DataKind.DATE), DataTypes.DATE(), LocalDate.of(1970, 1, 11))).isEqualTo(10);
        assertThat(convert(ColumnType.of(DataKind.TIME, 3), DataTypes.TIME(3), LocalTime.of(0, 0, 1, 5_000_000)))
                .isEqualTo(1005);
        LocalDateTime ldt = LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_000);
        assertThat(convert(ColumnType.of(DataKind.TIMESTAMP, 6), DataTypes.TIMESTAMP(6), ldt))
                .isEqualTo(Timestamp.fromLocalDateTime(ldt));
        Instant instant = Instant.parse("1969-12-31T23:59:59.999999Z");
        Timestamp ltz = (Timestamp) convert(
                ColumnType.of(DataKind.TIMESTAMP_LTZ, 6), DataTypes.TIMESTAMP_WITH_LOCAL_TIME_ZONE(6), instant);
        assertThat(ltz.getMillisecond()).isEqualTo(-1L);
        assertThat(ltz.getNanoOfMillisecond()).isEqualTo(999_000);
        assertThat(convert(ColumnType.of(DataKind.BIGINT), DataTypes.STRING(), 42L))
                .isEqualTo(BinaryString.fromString("42"));
        assertThat(convert(ColumnType.decimal(5, 2), DataTypes.STRING(), new BigDecimal("1E+3")))
                .isEqualTo(BinaryString.fromString("1000"));
        assertThat(convert(ColumnType.of(DataKind.BYTES), DataTypes.STRING(), new byte[] {1, 2, 3}))
                .isEqualTo(BinaryString.fromString("AQID"));
    }

    @Test
    void decimalThatDoesNotFitIsAnError() {
        PaimonTypes.ValueConverter c = PaimonTypes.converter(ColumnType.decimal(10, 4), DataTypes.DECIMAL(10, 2));
        assertThatThrownBy(() -> c.convert(new BigDecimal("1.2345")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than 2 fractional digits");
        PaimonTypes.ValueConverter narrow = PaimonTypes.converter(ColumnType.decimal(10, 0), DataTypes.DECIMAL(3, 0));
        assertThatThrownBy(() -> narrow.convert(new BigDecimal("12345")))
                .hasMessageContaining("does not fit DECIMAL(3, 0)");
    }

    private static Object convert(ColumnType from, DataType to, Object value) {
        return PaimonTypes.converter(from, to).convert(value);
    }

    private static void assertWiden(DataType current, DataType incoming, DataType expected) {
        assertThat(PaimonTypes.widen(current, incoming)).as("widen(%s, %s)", current, incoming).isEqualTo(expected);
    }
}

package dev.cdclake.ingest.paimon;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.config.SchemaChangeBehavior;
import org.apache.paimon.data.BinaryString;
import org.apache.paimon.data.Decimal;
import org.apache.paimon.data.Timestamp;
import org.apache.paimon.types.DataType;
import org.apache.paimon.types.DataTypes;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaimonTypesTest {
    private static final PaimonTypes TYPES = PaimonTypes.DEFAULT;

    @Test
    void mapsEveryKind() {
        assertThat(TYPES.toDataType(ColumnType.of(DataKind.BOOLEAN))).isEqualTo(DataTypes.BOOLEAN());
        assertThat(TYPES.toDataType(ColumnType.of(DataKind.TINYINT))).isEqualTo(DataTypes.TINYINT());
        assertThat(TYPES.toDataType(ColumnType.of(DataKind.SMALLINT))).isEqualTo(DataTypes.SMALLINT());
        assertThat(TYPES.toDataType(ColumnType.of(DataKind.INT))).isEqualTo(DataTypes.INT());
        assertThat(TYPES.toDataType(ColumnType.of(DataKind.BIGINT))).isEqualTo(DataTypes.BIGINT());
        assertThat(TYPES.toDataType(ColumnType.decimal(10, 2))).isEqualTo(DataTypes.DECIMAL(10, 2));
        assertThat(TYPES.toDataType(ColumnType.of(DataKind.FLOAT))).isEqualTo(DataTypes.FLOAT());
        assertThat(TYPES.toDataType(ColumnType.of(DataKind.DOUBLE))).isEqualTo(DataTypes.DOUBLE());
        assertThat(TYPES.toDataType(ColumnType.of(DataKind.DATE))).isEqualTo(DataTypes.DATE());
        assertThat(TYPES.toDataType(ColumnType.of(DataKind.TIME, 3))).isEqualTo(DataTypes.BIGINT());
        assertThat(TYPES.toDataType(ColumnType.of(DataKind.TIMESTAMP, 6))).isEqualTo(DataTypes.TIMESTAMP(6));
        assertThat(TYPES.toDataType(ColumnType.of(DataKind.TIMESTAMP_LTZ, 3)))
                .isEqualTo(DataTypes.TIMESTAMP_WITH_LOCAL_TIME_ZONE(3));
        assertThat(TYPES.toDataType(ColumnType.of(DataKind.CHAR, 4))).isEqualTo(DataTypes.CHAR(4));
        assertThat(TYPES.toDataType(ColumnType.of(DataKind.VARCHAR, 255))).isEqualTo(DataTypes.VARCHAR(255));
        assertThat(TYPES.toDataType(ColumnType.of(DataKind.VARCHAR))).isEqualTo(DataTypes.STRING());
        assertThat(TYPES.toDataType(ColumnType.of(DataKind.STRING))).isEqualTo(DataTypes.STRING());
        assertThat(TYPES.toDataType(ColumnType.of(DataKind.BINARY, 16))).isEqualTo(DataTypes.BINARY(16));
        assertThat(TYPES.toDataType(ColumnType.of(DataKind.VARBINARY, 8))).isEqualTo(DataTypes.VARBINARY(8));
        assertThat(TYPES.toDataType(ColumnType.of(DataKind.BYTES))).isEqualTo(DataTypes.BYTES());
        PaimonTypes timeOfDay = new PaimonTypes(PaimonTypes.TimeMapping.TIME, false, SchemaChangeBehavior.LENIENT);
        assertThat(timeOfDay.toDataType(ColumnType.of(DataKind.TIME, 3))).isEqualTo(DataTypes.TIME(3));
    }

    @Test
    void paimonTypesMapBackToTheKindsTheyCameFrom() {
        for (ColumnType t : new ColumnType[] {
            ColumnType.of(DataKind.BOOLEAN),
            ColumnType.decimal(20, 0),
            ColumnType.of(DataKind.FLOAT),
            ColumnType.of(DataKind.TIMESTAMP, 3),
            ColumnType.of(DataKind.TIMESTAMP_LTZ, 6),
            ColumnType.of(DataKind.CHAR, 4),
            ColumnType.of(DataKind.VARCHAR, 300),
            ColumnType.of(DataKind.STRING),
            ColumnType.of(DataKind.BINARY, 2),
            ColumnType.of(DataKind.VARBINARY, 9),
            ColumnType.of(DataKind.BYTES)
        }) {
            assertThat(PaimonTypes.toColumnType(TYPES.toDataType(t))).isEqualTo(t);
        }
        assertThat(PaimonTypes.toColumnType(DataTypes.ARRAY(DataTypes.INT()))).isNull();
    }

    @Test
    void widensWithinTheOneLattice() {
        assertHolding(DataTypes.TINYINT(), ColumnType.of(DataKind.INT), DataTypes.INT());
        assertHolding(DataTypes.BIGINT(), ColumnType.of(DataKind.SMALLINT), DataTypes.BIGINT());
        assertHolding(DataTypes.BIGINT(), ColumnType.decimal(20, 0), DataTypes.DECIMAL(20, 0));
        assertHolding(DataTypes.INT(), ColumnType.decimal(5, 2), DataTypes.DECIMAL(12, 2));
        assertHolding(DataTypes.DECIMAL(10, 2), ColumnType.decimal(8, 4), DataTypes.DECIMAL(12, 4));
        assertHolding(DataTypes.FLOAT(), ColumnType.of(DataKind.DOUBLE), DataTypes.DOUBLE());
        assertHolding(DataTypes.INT(), ColumnType.of(DataKind.DOUBLE), DataTypes.DOUBLE());
        assertHolding(DataTypes.DOUBLE(), ColumnType.of(DataKind.BIGINT), DataTypes.DOUBLE());
        // the case that looped before: a column inferred DECIMAL meets a DOUBLE, and the two lattices disagreed
        assertHolding(DataTypes.DECIMAL(13, 6), ColumnType.of(DataKind.DOUBLE), DataTypes.DOUBLE());
        assertHolding(DataTypes.DECIMAL(38, 25), ColumnType.of(DataKind.BIGINT), DataTypes.DOUBLE());
        assertHolding(DataTypes.VARCHAR(10), ColumnType.of(DataKind.VARCHAR, 20), DataTypes.VARCHAR(20));
        assertHolding(DataTypes.CHAR(3), ColumnType.of(DataKind.CHAR, 5), DataTypes.CHAR(5));
        assertHolding(DataTypes.CHAR(3), ColumnType.of(DataKind.VARCHAR, 2), DataTypes.VARCHAR(3));
        assertHolding(DataTypes.TIMESTAMP(3), ColumnType.of(DataKind.TIMESTAMP, 6), DataTypes.TIMESTAMP(6));
        assertHolding(DataTypes.BINARY(4), ColumnType.of(DataKind.VARBINARY, 8), DataTypes.VARBINARY(8));
        assertHolding(DataTypes.VARCHAR(10), ColumnType.of(DataKind.STRING), DataTypes.STRING());
    }

    @Test
    void neverNarrowsAndKeepsNullability() {
        assertHolding(
                DataTypes.BIGINT().notNull(),
                ColumnType.of(DataKind.INT),
                DataTypes.BIGINT().notNull());
        assertHolding(DataTypes.DECIMAL(12, 4), ColumnType.decimal(5, 1), DataTypes.DECIMAL(12, 4));
        assertHolding(DataTypes.VARCHAR(20), ColumnType.of(DataKind.CHAR, 5), DataTypes.VARCHAR(20));
        assertHolding(
                DataTypes.INT().notNull(),
                ColumnType.of(DataKind.BIGINT),
                DataTypes.BIGINT().notNull());
    }

    @Test
    void timeColumnsTakeDurationsWhetherBigintOrLegacyTime() {
        assertHolding(DataTypes.BIGINT(), ColumnType.of(DataKind.TIME, 6), DataTypes.BIGINT());
        assertHolding(DataTypes.TIME(3), ColumnType.of(DataKind.TIME, 6), DataTypes.TIME(3));
        assertThat(TYPES.holding(DataTypes.INT(), ColumnType.of(DataKind.TIME, 0)))
                .isNull();
    }

    @Test
    void textAndNumbersMeetOnlyWhenWideningToStringIsAllowed() {
        assertThat(TYPES.holding(DataTypes.INT(), ColumnType.of(DataKind.STRING)))
                .isNull();
        assertThat(TYPES.holding(DataTypes.STRING(), ColumnType.of(DataKind.INT)))
                .isNull();
        PaimonTypes toString =
                new PaimonTypes(PaimonTypes.TimeMapping.BIGINT_MICROS, true, SchemaChangeBehavior.LENIENT);
        assertThat(toString.holding(DataTypes.INT(), ColumnType.of(DataKind.STRING)))
                .isEqualTo(DataTypes.STRING());
        assertThat(toString.holding(DataTypes.VARCHAR(10), ColumnType.of(DataKind.INT)))
                .isEqualTo(DataTypes.STRING());
    }

    @Test
    void refusesChangesOutsideTheLattice() {
        assertThat(TYPES.holding(DataTypes.DATE(), ColumnType.of(DataKind.TIMESTAMP, 3)))
                .isNull();
        assertThat(TYPES.holding(DataTypes.BOOLEAN(), ColumnType.of(DataKind.INT)))
                .isNull();
        assertThat(TYPES.holding(DataTypes.TIMESTAMP(3), ColumnType.of(DataKind.TIMESTAMP_LTZ, 3)))
                .isNull();
        assertThat(TYPES.holding(DataTypes.BYTES(), ColumnType.of(DataKind.INT)))
                .isNull();
        assertThat(TYPES.holding(DataTypes.ARRAY(DataTypes.INT()), ColumnType.of(DataKind.INT)))
                .isNull();
    }

    @Test
    void convertsValuesToPaimonInternals() {
        assertThat(convert(ColumnType.of(DataKind.VARCHAR, 5), DataTypes.STRING(), "héllo"))
                .isEqualTo(BinaryString.fromString("héllo"));
        assertThat(convert(ColumnType.of(DataKind.TINYINT), DataTypes.BIGINT(), (byte) -3))
                .isEqualTo(-3L);
        assertThat(convert(ColumnType.of(DataKind.SMALLINT), DataTypes.INT(), (short) 7))
                .isEqualTo(7);
        assertThat(convert(ColumnType.of(DataKind.INT), DataTypes.DOUBLE(), 3)).isEqualTo(3.0d);
        assertThat(convert(ColumnType.decimal(13, 6), DataTypes.DOUBLE(), new BigDecimal("1234567.890123")))
                .isEqualTo(1234567.890123d);
        assertThat(convert(ColumnType.decimal(5, 1), DataTypes.DECIMAL(10, 3), new BigDecimal("12.5")))
                .isEqualTo(Decimal.fromBigDecimal(new BigDecimal("12.500"), 10, 3));
        assertThat(convert(ColumnType.of(DataKind.BIGINT), DataTypes.DECIMAL(20, 0), Long.MAX_VALUE))
                .isEqualTo(Decimal.fromBigDecimal(new BigDecimal(Long.MAX_VALUE), 20, 0));
        assertThat(convert(ColumnType.of(DataKind.DATE), DataTypes.DATE(), LocalDate.of(1970, 1, 11)))
                .isEqualTo(10);
        LocalDateTime ldt = LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_000);
        assertThat(convert(ColumnType.of(DataKind.TIMESTAMP, 6), DataTypes.TIMESTAMP(6), ldt))
                .isEqualTo(Timestamp.fromLocalDateTime(ldt));
        Instant instant = Instant.parse("1969-12-31T23:59:59.999999Z");
        Timestamp ltz = (Timestamp)
                convert(ColumnType.of(DataKind.TIMESTAMP_LTZ, 6), DataTypes.TIMESTAMP_WITH_LOCAL_TIME_ZONE(6), instant);
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
    void timeBecomesSignedMicrosecondsOrATimeOfDay() {
        Duration max = Duration.ofHours(838).plusMinutes(59).plusSeconds(59);
        ColumnType time = ColumnType.of(DataKind.TIME, 6);
        assertThat(convert(time, DataTypes.BIGINT(), max.negated())).isEqualTo(-3_020_399_000_000L);
        assertThat(convert(time, DataTypes.BIGINT(), Duration.ofNanos(-1_000))).isEqualTo(-1L);
        assertThat(convert(time, DataTypes.STRING(), max.negated())).isEqualTo(BinaryString.fromString("-838:59:59"));
        assertThat(convert(time, DataTypes.TIME(3), Duration.ofMillis(1005))).isEqualTo(1005);
        assertThatThrownBy(() -> convert(time, DataTypes.TIME(3), max))
                .hasMessageContaining("838:59:59 is not a time of day");
        assertThatThrownBy(() -> convert(time, DataTypes.TIME(3), Duration.ofSeconds(-1)))
                .hasMessageContaining("-00:00:01 is not a time of day");
        assertThatThrownBy(() -> convert(time, DataTypes.TIME(6), Duration.ofNanos(1_000)))
                .hasMessageContaining("00:00:00.000001 is not a time of day in milliseconds");
        assertThat(PaimonTypes.rejectsValues(time, DataTypes.TIME(3))).isTrue();
        assertThat(PaimonTypes.rejectsValues(ColumnType.of(DataKind.INT), DataTypes.BIGINT()))
                .isFalse();
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

    private static void assertHolding(DataType existing, ColumnType incoming, DataType expected) {
        assertThat(TYPES.holding(existing, incoming))
                .as("holding(%s, %s)", existing, incoming)
                .isEqualTo(expected);
    }
}

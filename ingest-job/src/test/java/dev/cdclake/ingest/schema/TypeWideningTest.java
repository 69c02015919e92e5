package dev.cdclake.ingest.schema;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import org.junit.jupiter.api.Test;

import static dev.cdclake.ingest.schema.TypeWidening.widen;
import static org.assertj.core.api.Assertions.assertThat;

class TypeWideningTest {
    private static final ColumnType TINYINT = ColumnType.of(DataKind.TINYINT);
    private static final ColumnType INT = ColumnType.of(DataKind.INT);
    private static final ColumnType BIGINT = ColumnType.of(DataKind.BIGINT);
    private static final ColumnType FLOAT = ColumnType.of(DataKind.FLOAT);
    private static final ColumnType DOUBLE = ColumnType.of(DataKind.DOUBLE);
    private static final ColumnType STRING = ColumnType.of(DataKind.STRING);
    private static final ColumnType BOOLEAN = ColumnType.of(DataKind.BOOLEAN);

    @Test
    void integersWidenBySizeAndNeverNarrow() {
        assertThat(widen(INT, BIGINT, false)).isEqualTo(BIGINT);
        assertThat(widen(BIGINT, INT, false)).isEqualTo(BIGINT);
        assertThat(widen(TINYINT, INT, false)).isEqualTo(INT);
    }

    @Test
    void integersAndDecimalsMeetInADecimalWithEnoughDigits() {
        assertThat(widen(INT, ColumnType.decimal(4, 3), false)).isEqualTo(ColumnType.decimal(13, 3));
        assertThat(widen(BIGINT, ColumnType.decimal(20, 0), false)).isEqualTo(ColumnType.decimal(20, 0));
        assertThat(widen(ColumnType.decimal(5, 2), ColumnType.decimal(4, 3), false)).isEqualTo(ColumnType.decimal(6, 3));
        assertThat(widen(ColumnType.decimal(38, 0), ColumnType.decimal(2, 2), false)).isEqualTo(DOUBLE);
    }

    @Test
    void floatingPoint() {
        assertThat(widen(FLOAT, FLOAT, false)).isEqualTo(FLOAT);
        assertThat(widen(FLOAT, INT, false)).isEqualTo(DOUBLE);
        assertThat(widen(BIGINT, DOUBLE, false)).isEqualTo(DOUBLE);
        assertThat(widen(ColumnType.decimal(10, 2), DOUBLE, false)).isEqualTo(DOUBLE);
    }

    @Test
    void stringsBinariesAndTimes() {
        assertThat(widen(ColumnType.of(DataKind.VARCHAR, 10), ColumnType.of(DataKind.CHAR, 20), false))
                .isEqualTo(ColumnType.of(DataKind.VARCHAR, 20));
        assertThat(widen(ColumnType.of(DataKind.VARCHAR, 10), STRING, false)).isEqualTo(STRING);
        assertThat(widen(ColumnType.of(DataKind.VARCHAR, 255), ColumnType.of(DataKind.VARCHAR, 300), false))
                .isEqualTo(ColumnType.of(DataKind.VARCHAR, 300));
        assertThat(widen(ColumnType.of(DataKind.VARCHAR, 300), ColumnType.of(DataKind.VARCHAR, 100), false))
                .isEqualTo(ColumnType.of(DataKind.VARCHAR, 300));
        assertThat(widen(ColumnType.of(DataKind.CHAR, 3), ColumnType.of(DataKind.CHAR, 5), false))
                .isEqualTo(ColumnType.of(DataKind.CHAR, 5));
        assertThat(widen(ColumnType.of(DataKind.CHAR, 3), ColumnType.of(DataKind.VARCHAR, 2), false))
                .isEqualTo(ColumnType.of(DataKind.VARCHAR, 3));
        assertThat(widen(ColumnType.of(DataKind.BINARY, 3), ColumnType.of(DataKind.BINARY, 8), false))
                .isEqualTo(ColumnType.of(DataKind.BINARY, 8));
        assertThat(widen(ColumnType.of(DataKind.BINARY, 3), ColumnType.of(DataKind.VARBINARY, 2), false))
                .isEqualTo(ColumnType.of(DataKind.VARBINARY, 3));
        assertThat(widen(ColumnType.of(DataKind.BINARY, 2), ColumnType.of(DataKind.BYTES), false))
                .isEqualTo(ColumnType.of(DataKind.BYTES));
        assertThat(widen(ColumnType.of(DataKind.TIMESTAMP, 3), ColumnType.of(DataKind.TIMESTAMP, 6), false))
                .isEqualTo(ColumnType.of(DataKind.TIMESTAMP, 6));
        assertThat(widen(STRING, INT, false)).isEqualTo(STRING);
    }

    @Test
    void unrelatedTypesMeetOnlyInStringWhenAllowed() {
        assertThat(widen(INT, STRING, false)).isNull();
        assertThat(widen(INT, STRING, true)).isEqualTo(STRING);
        assertThat(widen(BOOLEAN, INT, false)).isNull();
        assertThat(widen(ColumnType.of(DataKind.DATE), ColumnType.of(DataKind.TIMESTAMP), true)).isEqualTo(STRING);
    }
}

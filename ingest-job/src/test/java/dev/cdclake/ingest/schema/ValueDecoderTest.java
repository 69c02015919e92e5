package dev.cdclake.ingest.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class ValueDecoderTest {
    private static final JsonFactory FACTORY = new JsonFactory();

    static RawRow row(String json) throws Exception {
        RawRow row = new RawRow();
        try (JsonParser p = FACTORY.createParser(json)) {
            p.nextToken();
            row.readObject(p, FACTORY);
        }
        return row;
    }

    @Test
    void inferenceRules() throws Exception {
        RawRow r =
                row("{\"b\":true,\"i\":12,\"l\":5000000000,\"u\":18446744073709551615,\"h\":123456789012345678901234,"
                        + "\"d\":7.123,\"z\":100.00,\"e\":1.5E-8,\"s\":\"2020-07-17\",\"o\":{\"k\":[1,2]},\"n\":null,"
                        + "\"small\":0.05}");
        assertThat(ValueDecoder.inferType(r, 0)).isEqualTo(ColumnType.of(DataKind.BOOLEAN));
        assertThat(ValueDecoder.inferType(r, 1)).isEqualTo(ColumnType.of(DataKind.INT));
        assertThat(ValueDecoder.inferType(r, 2)).isEqualTo(ColumnType.of(DataKind.BIGINT));
        assertThat(ValueDecoder.inferType(r, 3)).isEqualTo(ColumnType.decimal(20, 0));
        assertThat(ValueDecoder.inferType(r, 4)).isEqualTo(ColumnType.decimal(24, 0));
        assertThat(ValueDecoder.inferType(r, 5)).isEqualTo(ColumnType.decimal(4, 3));
        assertThat(ValueDecoder.inferType(r, 6)).isEqualTo(ColumnType.decimal(5, 2));
        assertThat(ValueDecoder.inferType(r, 7)).isEqualTo(ColumnType.of(DataKind.DOUBLE));
        assertThat(ValueDecoder.inferType(r, 8)).isEqualTo(ColumnType.of(DataKind.STRING));
        assertThat(ValueDecoder.inferType(r, 9)).isEqualTo(ColumnType.of(DataKind.STRING));
        assertThat(ValueDecoder.decode(r, 9, ColumnType.of(DataKind.STRING))).isEqualTo("{\"k\":[1,2]}");
        assertThat(ValueDecoder.inferType(r, 10)).isNull();
        assertThat(ValueDecoder.inferType(r, 11)).isEqualTo(ColumnType.decimal(2, 2));
    }

    @Test
    void fittingIsExact() throws Exception {
        RawRow r = row("{\"i\":300,\"d\":1.25,\"t\":\"2020-07-17 10:00:22Z\",\"w\":\"2020-07-17T18:00:22.5\","
                + "\"zero\":\"0000-00-00 00:00:00\"}");
        assertThat(ValueDecoder.decode(r, 0, ColumnType.of(DataKind.TINYINT))).isSameAs(ValueDecoder.NO_FIT);
        assertThat(ValueDecoder.decode(r, 0, ColumnType.of(DataKind.SMALLINT))).isEqualTo((short) 300);
        assertThat(ValueDecoder.decode(r, 0, ColumnType.decimal(5, 2))).isEqualTo(new BigDecimal("300.00"));
        assertThat(ValueDecoder.decode(r, 0, ColumnType.decimal(4, 2))).isSameAs(ValueDecoder.NO_FIT);
        assertThat(ValueDecoder.decode(r, 1, ColumnType.decimal(3, 1))).isSameAs(ValueDecoder.NO_FIT);
        assertThat(ValueDecoder.decode(r, 1, ColumnType.of(DataKind.INT))).isSameAs(ValueDecoder.NO_FIT);
        assertThat(ValueDecoder.decode(r, 1, ColumnType.of(DataKind.STRING))).isEqualTo("1.25");
        assertThat(ValueDecoder.decode(r, 2, ColumnType.of(DataKind.TIMESTAMP_LTZ)))
                .isEqualTo(Instant.parse("2020-07-17T10:00:22Z"));
        assertThat(ValueDecoder.decode(r, 3, ColumnType.of(DataKind.TIMESTAMP)))
                .isEqualTo(LocalDateTime.of(2020, 7, 17, 18, 0, 22, 500_000_000));
        assertThat(ValueDecoder.decode(r, 4, ColumnType.of(DataKind.TIMESTAMP))).isNull();
    }
}

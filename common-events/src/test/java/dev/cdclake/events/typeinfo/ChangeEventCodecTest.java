package dev.cdclake.events.typeinfo;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Column;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire format of change events between operators is fixed: the bytes of one event of every kind are pinned in
 * {@code change-event.hex}, and the layout's landmarks (op byte, kind codes) are checked against the documented codes,
 * so a reordered enum or a changed encoding fails here. {@code -Dgolden.update=true} rewrites the file.
 */
class ChangeEventCodecTest {
    private static final String GOLDEN = "change-event.hex";

    static ChangeEvent event() {
        TableSchema schema = TableSchema.builder()
                .column(new Column("id", ColumnType.of(DataKind.INT), false, "INT", null, "key"))
                .column("b", ColumnType.of(DataKind.BOOLEAN), true)
                .column("t", ColumnType.of(DataKind.TINYINT), true)
                .column("s", ColumnType.of(DataKind.SMALLINT), true)
                .column("l", ColumnType.of(DataKind.BIGINT), true)
                .column("d", ColumnType.decimal(20, 0), true)
                .column("f", ColumnType.of(DataKind.FLOAT), true)
                .column("x", ColumnType.of(DataKind.DOUBLE), true)
                .column("dt", ColumnType.of(DataKind.DATE), true)
                .column("tm", ColumnType.of(DataKind.TIME, 6), true)
                .column("ts", ColumnType.of(DataKind.TIMESTAMP, 6), true)
                .column("ltz", ColumnType.of(DataKind.TIMESTAMP_LTZ, 3), true)
                .column("c", ColumnType.of(DataKind.CHAR, 2), true)
                .column("v", ColumnType.of(DataKind.VARCHAR, 5), true)
                .column("str", ColumnType.of(DataKind.STRING), true)
                .column("bin", ColumnType.of(DataKind.BINARY, 2), true)
                .column("vb", ColumnType.of(DataKind.VARBINARY, 4), true)
                .column("by", ColumnType.of(DataKind.BYTES), true)
                .primaryKey("id")
                .comment("golden")
                .build();
        Object[] after = {
            7,
            true,
            (byte) -1,
            (short) 2,
            -3L,
            new BigDecimal("18446744073709551615"),
            0.5f,
            -1e300,
            LocalDate.of(1582, 10, 4),
            Duration.ofSeconds(-1, 999_999_000),
            LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000),
            Instant.parse("2038-01-19T03:14:07.999Z"),
            "ab",
            "é😀",
            "",
            new byte[] {1, 2},
            new byte[] {},
            new byte[] {(byte) 0xff}
        };
        Object[] before = new Object[after.length];
        before[0] = 7;
        return ChangeEvent.update(TableId.of("db", "tbl"), schema, before, after, 1728528674000L);
    }

    static byte[] bytes(ChangeEvent e) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(512);
        new ChangeEventSerializer().serialize(e, out);
        return out.getCopyOfBuffer();
    }

    @Test
    void theBytesOfAnEventArePinned() throws IOException {
        byte[] bytes = bytes(event());
        String hex = HexFormat.of().formatHex(bytes);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(Path.of("src/test/resources/" + GOLDEN), hex + "\n");
        }
        String golden;
        try (InputStream in = getClass().getResourceAsStream("/" + GOLDEN)) {
            golden = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
        assertThat(hex).isEqualTo(golden);
    }

    @Test
    void landmarksAreTheDocumentedCodes() throws IOException {
        byte[] b = bytes(event());
        assertThat(b[0]).as("op UPDATE is Debezium's 'u'").isEqualTo((byte) 'u');
        // then "db" and "tbl" as StringValue (length + 1, chars), the opTs, the schema's length and column count
        assertThat(new byte[] {b[1], b[2], b[3], b[4], b[5], b[6], b[7]})
                .isEqualTo(new byte[] {3, 'd', 'b', 4, 't', 'b', 'l'});
        assertThat(readLong(b, 8)).isEqualTo(1728528674000L);
        assertThat(readInt(b, 20)).as("columns").isEqualTo(18);
        // the first column: "id" then the kind byte of INT
        assertThat(new byte[] {b[24], b[25], b[26], b[27]}).isEqualTo(new byte[] {3, 'i', 'd', DataKind.INT.code()});
        assertThat(DataKind.INT.code()).isEqualTo((byte) 4);
        assertThat(DataKind.TIME.code()).isEqualTo((byte) 10);
        assertThat(DataKind.BYTES.code()).isEqualTo((byte) 18);
    }

    @Test
    void roundTripsEveryValue() throws IOException {
        ChangeEvent e = event();
        ChangeEvent back = new ChangeEventSerializer().deserialize(new DataInputDeserializer(bytes(e)));
        assertThat(back.schema()).isEqualTo(e.schema());
        assertThat(back.after()).containsExactly(e.after());
        assertThat(back.before()).containsExactly(e.before());
        assertThat(back.opTs()).isEqualTo(e.opTs());
    }

    @Test
    void aHeartbeatIsItsCodeTimeChannelAndTable() throws IOException {
        ChangeEvent heartbeat = ChangeEvent.heartbeat(1000L, "t-0", TableId.of("db", "t"));

        // 'h', the watermark, then channel and table behind presence flags, each string as StringValue
        assertThat(HexFormat.of().formatHex(bytes(heartbeat)))
                .isEqualTo("68" + "00000000000003e8" + "01" + "04742d30" + "01" + "036462" + "0274");
        assertThat(HexFormat.of().formatHex(bytes(ChangeEvent.heartbeat(1L, null, null))))
                .isEqualTo("68" + "0000000000000001" + "00" + "00");
        assertThat(new ChangeEventSerializer().deserialize(new DataInputDeserializer(bytes(heartbeat))))
                .isEqualTo(heartbeat);
    }

    private static long readLong(byte[] b, int at) throws IOException {
        return new DataInputDeserializer(b, at, 8).readLong();
    }

    private static int readInt(byte[] b, int at) throws IOException {
        return new DataInputDeserializer(b, at, 4).readInt();
    }
}

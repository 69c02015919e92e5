package dev.cdclake.capture.source;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.Op;
import dev.cdclake.events.SourceDdl;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.selector.TableSelector;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Decimal;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debezium envelopes as MySqlSource emits them (field schemas with the {@code __debezium.source.column.*} parameters
 * that {@code column.propagate.source.type} adds), converted into typed events.
 */
class ChangeEventDeserializerTest {

    private static SchemaBuilder col(SchemaBuilder b, String type, String length) {
        b.parameter("__debezium.source.column.type", type);
        if (length != null) {
            b.parameter("__debezium.source.column.length", length);
        }
        return b;
    }

    private static final Schema ROW = SchemaBuilder.struct()
            .name("mysql_binlog_source.shop.items.Value")
            .field("id", col(SchemaBuilder.int32(), "INT", "11").build())
            .field("flag", col(SchemaBuilder.int16(), "TINYINT", "1").optional().build())
            .field(
                    "small",
                    col(SchemaBuilder.int16(), "TINYINT", "4").optional().build())
            .field(
                    "usmall",
                    col(SchemaBuilder.int16(), "TINYINT UNSIGNED", "3")
                            .optional()
                            .build())
            .field(
                    "price",
                    col(Decimal.builder(2).parameter("connect.decimal.precision", "10"), "DECIMAL", "10")
                            .optional()
                            .build())
            .field(
                    "big_unsigned",
                    col(Decimal.builder(0), "BIGINT UNSIGNED", "20").optional().build())
            .field(
                    "d",
                    col(SchemaBuilder.int32().name("io.debezium.time.Date"), "DATE", null)
                            .optional()
                            .build())
            .field(
                    "t",
                    col(SchemaBuilder.int64().name("io.debezium.time.MicroTime"), "TIME", "6")
                            .optional()
                            .build())
            .field(
                    "dt",
                    col(SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp"), "DATETIME", "6")
                            .optional()
                            .build())
            .field(
                    "ts",
                    col(SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp"), "TIMESTAMP", "6")
                            .optional()
                            .build())
            .field(
                    "doc",
                    col(SchemaBuilder.string().name("io.debezium.data.Json"), "JSON", null)
                            .optional()
                            .build())
            .field(
                    "tags",
                    col(
                                    SchemaBuilder.string()
                                            .name("io.debezium.data.EnumSet")
                                            .parameter("allowed", "a,b,c"),
                                    "SET",
                                    "5")
                            .optional()
                            .build())
            .field(
                    "name",
                    col(SchemaBuilder.string(), "VARCHAR", "255")
                            .optional()
                            .parameter("__debezium.source.column.comment", "the customer''s name")
                            .build())
            .field(
                    "bin",
                    col(SchemaBuilder.bytes(), "VARBINARY", "16").optional().build())
            .optional()
            .build();
    private static final Schema SOURCE = SchemaBuilder.struct()
            .field("db", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .build();
    private static final Schema ENVELOPE = SchemaBuilder.struct()
            .name("mysql_binlog_source.shop.items.Envelope")
            .field("before", ROW)
            .field("after", ROW)
            .field("source", SOURCE)
            .field("op", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .build();
    private static final Schema KEY =
            SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();

    private static Struct row(int id) {
        return new Struct(ROW)
                .put("id", id)
                .put("flag", (short) 1)
                .put("small", (short) -5)
                .put("usmall", (short) 200)
                .put("price", new BigDecimal("12.50"))
                .put("big_unsigned", new BigDecimal("18446744073709551615"))
                .put("d", 18460)
                .put("t", 64822123456L)
                .put("dt", 1594994422123456L)
                .put("ts", "2020-07-17T10:00:22.123456Z")
                .put("doc", "{\"k1\":\"v1\",\"k2\":[1,2]}")
                .put("tags", "a,b")
                .put("name", "x")
                .put("bin", ByteBuffer.wrap(new byte[] {1, 2}));
    }

    private static SourceRecord record(String op, Struct before, Struct after, long sourceTs, long envelopeTs) {
        Struct value = new Struct(ENVELOPE)
                .put("op", op)
                .put(
                        "source",
                        new Struct(SOURCE)
                                .put("db", "shop")
                                .put("table", "items")
                                .put("ts_ms", sourceTs))
                .put("ts_ms", envelopeTs);
        if (after != null) {
            value.put("after", after);
        }
        if (before != null) {
            value.put("before", before);
        }
        return new SourceRecord(
                Map.of(),
                Map.of(),
                "mysql_binlog_source.shop.items",
                null,
                KEY,
                new Struct(KEY).put("id", 1),
                ENVELOPE,
                value);
    }

    @Test
    void convertsEveryColumnToItsTypedValue() {
        ChangeEventDeserializer d = new ChangeEventDeserializer(true, true, List.of());
        ChangeEvent e = d.convert(record("c", null, row(1), 1728528674000L, 1728528675000L));
        assertThat(e.op()).isEqualTo(Op.INSERT);
        assertThat(e.opTs()).isEqualTo(1728528674000L);
        assertThat(e.tableId().toString()).isEqualTo("shop.items");
        TableSchema s = e.schema();
        assertThat(s.primaryKeys()).containsExactly("id");
        assertThat(s.column(s.indexOf("flag")).type().kind()).isEqualTo(DataKind.BOOLEAN);
        assertThat(s.column(s.indexOf("small")).type().kind()).isEqualTo(DataKind.TINYINT);
        assertThat(s.column(s.indexOf("usmall")).type().kind()).isEqualTo(DataKind.SMALLINT);
        assertThat(s.column(s.indexOf("price")).type().toString()).isEqualTo("DECIMAL(10, 2)");
        assertThat(s.column(s.indexOf("big_unsigned")).type().toString()).isEqualTo("DECIMAL(20, 0)");
        assertThat(s.column(s.indexOf("t")).type().toString()).isEqualTo("TIME(6)");
        assertThat(s.column(s.indexOf("ts")).type().kind()).isEqualTo(DataKind.TIMESTAMP_LTZ);
        assertThat(s.column(s.indexOf("name")).type().toString()).isEqualTo("VARCHAR(255)");
        assertThat(s.column(s.indexOf("name")).comment()).isEqualTo("the customer's name");
        assertThat(s.column(s.indexOf("name")).sourceType()).isEqualTo("VARCHAR(255)");
        assertThat(s.column(s.indexOf("usmall")).sourceType()).isEqualTo("TINYINT UNSIGNED(3)");
        assertThat(s.column(s.indexOf("price")).sourceType()).isEqualTo("DECIMAL(10)");
        // the values, not Debezium's length 2n-1, so that the include-schema output can list them as 'allowed'
        assertThat(s.column(s.indexOf("tags")).sourceType()).isEqualTo("SET('a','b','c')");
        assertThat(s.column(s.indexOf("d")).sourceType()).isEqualTo("DATE");
        Object[] a = e.after();
        assertThat(a)
                .containsExactly(
                        1,
                        true,
                        (byte) -5,
                        (short) 200,
                        new BigDecimal("12.50"),
                        new BigDecimal("18446744073709551615"),
                        LocalDate.of(2020, 7, 17),
                        Duration.ofNanos(64822123456000L),
                        LocalDateTime.of(2020, 7, 17, 14, 0, 22, 123456000),
                        Instant.parse("2020-07-17T10:00:22.123456Z"),
                        "{\"k1\": \"v1\", \"k2\": [1, 2]}",
                        "a,b",
                        "x",
                        new byte[] {1, 2});
    }

    private static final Schema VALUES = SchemaBuilder.struct()
            .name("mysql_binlog_source.shop.v.Value")
            .field("id", col(SchemaBuilder.int32(), "INT", "11").build())
            .field(
                    "t",
                    col(SchemaBuilder.int64().name("io.debezium.time.MicroTime"), "TIME", null)
                            .optional()
                            .build())
            .field(
                    "b16",
                    col(SchemaBuilder.bytes().name("io.debezium.data.Bits").parameter("length", "16"), "BIT", "16")
                            .optional()
                            .build())
            .field("b1", col(SchemaBuilder.bool(), "BIT", "1").optional().build())
            .field(
                    "y",
                    col(SchemaBuilder.int32().name("io.debezium.time.Year"), "YEAR", null)
                            .optional()
                            .build())
            .field(
                    "ts",
                    col(SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp"), "TIMESTAMP", null)
                            .optional()
                            .build())
            .field(
                    "ts_nn",
                    col(SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp"), "TIMESTAMP", null)
                            .build())
            .field(
                    "d65",
                    col(Decimal.builder(30).parameter("connect.decimal.precision", "65"), "DECIMAL", "65")
                            .optional()
                            .build())
            .optional()
            .build();

    /** The values Debezium 1.9 hands over for these columns (observed against MariaDB 11.4, snapshot and binlog). */
    @Test
    void valuesAreWhatMySqlHoldsNotWhatDebeziumHandsOver() {
        Schema envelope = SchemaBuilder.struct()
                .name("mysql_binlog_source.shop.v.Envelope")
                .field("before", VALUES)
                .field("after", VALUES)
                .field("source", SOURCE)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
        Struct after = new Struct(VALUES)
                .put("id", 1)
                .put("t", -3_020_399_000_000L)
                // b'0000000100000010', little-endian as Debezium gives it
                .put("b16", new byte[] {0x02, 0x01})
                .put("b1", true)
                .put("y", 1900)
                .put("ts", "1970-01-01T00:00:00Z")
                .put("ts_nn", "1970-01-01T00:00:00Z")
                .put("d65", new BigDecimal("-99999999999999999999999999999999999.999999999999999999999999999999"));
        Struct value = new Struct(envelope)
                .put("op", "c")
                .put("after", after)
                .put(
                        "source",
                        new Struct(SOURCE).put("db", "shop").put("table", "v").put("ts_ms", 1L));
        ChangeEvent e = new ChangeEventDeserializer(true, false, List.of())
                .convert(new SourceRecord(
                        Map.of(), Map.of(), "t", null, KEY, new Struct(KEY).put("id", 1), envelope, value));
        TableSchema s = e.schema();
        assertThat(s.column(1).type().toString()).isEqualTo("TIME(0)");
        assertThat(s.column(2).type().toString()).isEqualTo("BINARY(2)");
        assertThat(s.column(3).type().kind()).isEqualTo(DataKind.BOOLEAN);
        assertThat(s.column(7).type().kind()).isEqualTo(DataKind.STRING);
        assertThat(e.after())
                .containsExactly(
                        1,
                        // -838:59:59, a duration, not a time of day
                        Duration.ofHours(-838).minusMinutes(59).minusSeconds(59),
                        // MySQL's big-endian bytes
                        new byte[] {0x01, 0x02},
                        true,
                        // YEAR 0000, which the binlog decodes as 1900
                        0,
                        // a zero TIMESTAMP in a nullable column is null, as the snapshot hands it over
                        null,
                        // in a NOT NULL column it stays the epoch, as Debezium gives it (documented)
                        Instant.EPOCH,
                        // beyond 38 digits: the exact plain text, scale kept
                        "-99999999999999999999999999999999999.999999999999999999999999999999");
    }

    @Test
    void snapshotRowsUseTheReadTimeAndTheSchemaIsDerivedOncePerConnectSchema() {
        ChangeEventDeserializer d = new ChangeEventDeserializer(
                true, false, List.of(MetadataColumn.OP_TS, MetadataColumn.DATABASE_NAME, MetadataColumn.TABLE_NAME));
        ChangeEvent r1 = d.convert(record("r", null, row(1), 0L, 1700000000123L));
        ChangeEvent r2 = d.convert(record("r", null, row(2), 0L, 1700000000456L));
        assertThat(r1.op()).isEqualTo(Op.READ);
        assertThat(r1.opTs()).isEqualTo(1700000000123L);
        assertThat(r1.schema()).isSameAs(r2.schema());
        assertThat(r1.schema().column(r1.schema().indexOf("name")).comment()).isNull();
        int n = r1.schema().columnCount();
        assertThat(r1.schema().columnNames().subList(n - 3, n)).containsExactly("op_ts", "database_name", "table_name");
        assertThat(r1.after()[n - 3]).isEqualTo(1700000000123L);
        assertThat(r1.after()[n - 2]).isEqualTo("shop");
        assertThat(r1.after()[n - 1]).isEqualTo("items");
    }

    @Test
    void updatesAndDeletesCarryTheirImagesAndOtherRecordsAreIgnored() {
        ChangeEventDeserializer d = new ChangeEventDeserializer(false, false, List.of());
        ChangeEvent u = d.convert(record("u", row(1), row(1), 5L, 6L));
        assertThat(u.op()).isEqualTo(Op.UPDATE);
        assertThat(u.before()).isNotNull();
        // with treat-tinyint1-as-boolean off, TINYINT(1) stays a number
        assertThat(u.schema().column(1).type().kind()).isEqualTo(DataKind.TINYINT);
        ChangeEvent del = d.convert(record("d", row(1), null, 5L, 6L));
        assertThat(del.op()).isEqualTo(Op.DELETE);
        assertThat(del.after()).isNull();
        assertThat(d.convert(record("t", null, null, 5L, 6L))).isNull();
        Schema heartbeat = SchemaBuilder.struct()
                .name("io.debezium.connector.common.Heartbeat")
                .field("ts_ms", Schema.INT64_SCHEMA)
                .build();
        assertThat(d.convert(new SourceRecord(
                        Map.of(), Map.of(), "hb", null, null, null, heartbeat, new Struct(heartbeat).put("ts_ms", 1L))))
                .isNull();
    }

    /** A schema-change record as MySqlSource emits it: Debezium's history record in its {@code historyRecord} field. */
    private static SourceRecord ddlRecord(String database, String ddl, String... tableIds) {
        Schema key = SchemaBuilder.struct()
                .name("io.debezium.connector.mysql.SchemaChangeKey")
                .field("databaseName", Schema.STRING_SCHEMA)
                .build();
        Schema value = SchemaBuilder.struct()
                .name("io.debezium.connector.mysql.SchemaChangeValue")
                .field("historyRecord", Schema.STRING_SCHEMA)
                .build();
        StringBuilder changes = new StringBuilder();
        for (String id : tableIds) {
            changes.append(changes.length() == 0 ? "" : ",")
                    .append("{\"type\":\"ALTER\",\"id\":\"")
                    .append(id.replace("\"", "\\\""))
                    .append("\"}");
        }
        String history = "{\"source\":{\"server\":\"mysql_binlog_source\"},\"position\":{\"ts_sec\":1700000000,"
                + "\"file\":\"mysql-bin.000003\",\"pos\":4711},\"databaseName\":\"" + database + "\",\"ddl\":\""
                + ddl + "\",\"tableChanges\":[" + changes + "]}";
        return new SourceRecord(
                Map.of(),
                Map.of(),
                "t",
                null,
                key,
                new Struct(key).put("databaseName", database),
                value,
                new Struct(value).put("historyRecord", history));
    }

    @Test
    void aDdlStatementBecomesOneSchemaChangePerCapturedTableItChanged() throws Exception {
        ChangeEventDeserializer d = new ChangeEventDeserializer(
                true, false, List.of(), TableSelector.parse("app.\\.*"), TableSelector.parse("app.secret"));
        List<ChangeEvent> events = d.schemaChanges(
                ddlRecord("app", "RENAME TABLE t TO u, secret TO s, other.x TO other.y", "\"app\".\"t\""));
        // the new names: u's marker says where it came from; s came from a table not captured, so it is new here
        assertThat(events).hasSize(3);
        ChangeEvent e = events.get(0);
        assertThat(e.op()).isEqualTo(Op.SCHEMA_CHANGE);
        assertThat(e.opTs()).isEqualTo(1_700_000_000_000L);
        assertThat(e.ddl())
                .isEqualTo(new SourceDdl(
                        TableId.of("app", "t"),
                        "RENAME TABLE t TO u, secret TO s, other.x TO other.y",
                        "mysql-bin.000003:4711",
                        false,
                        List.of(new SourceDdl.Change(SourceDdl.Kind.RENAME_TABLE, null, "app.u"))));
        assertThat(events.get(1).ddl().table()).isEqualTo(TableId.of("app", "u"));
        assertThat(events.get(1).ddl().changes())
                .containsExactly(new SourceDdl.Change(SourceDdl.Kind.RENAME_TABLE, "app.t", "app.u"));
        assertThat(events.get(1).ddl().renamedFrom()).isEqualTo(TableId.of("app", "t"));
        assertThat(events.get(1).ddl().renamedTo()).isNull();
        assertThat(events.get(2).ddl().table()).isEqualTo(TableId.of("app", "s"));
        assertThat(events.get(2).ddl().changes())
                .containsExactly(new SourceDdl.Change(SourceDdl.Kind.CREATE_TABLE, null, null));

        // a statement Debezium read but the grammar did not: its tables changed, in ways the next rows show
        List<ChangeEvent> unread = d.schemaChanges(ddlRecord("app", "ALTER TABLE t FROBNICATE", "\"app\".\"t\""));
        assertThat(unread)
                .extracting(c -> c.ddl().changes())
                .containsExactly(List.of(new SourceDdl.Change(SourceDdl.Kind.OTHER, null, null)));
        assertThat(unread.get(0).ddl().changesRows()).isFalse();

        // Debezium records a TRUNCATE as a database-level change, without table changes: the statement names it
        List<ChangeEvent> truncated = d.schemaChanges(ddlRecord("app", "TRUNCATE TABLE t"));
        assertThat(truncated)
                .extracting(c -> c.ddl().table() + " " + c.ddl().changes())
                .containsExactly("app.t " + List.of(new SourceDdl.Change(SourceDdl.Kind.TRUNCATE_TABLE, null, null)));
        assertThat(d.schemaChanges(ddlRecord("app", "DROP TEMPORARY TABLE IF EXISTS t")))
                .isEmpty();
    }

    @Test
    void commentsAreUnescapedAsMySqlStringLiterals() {
        assertThat(ChangeEventDeserializer.unescapeSqlLiteral("it''s \\\"q\\\" a\\\\b\\nc"))
                .isEqualTo("it's \"q\" a\\b\nc");
    }

    @Test
    void jsonTextIsPrintedInMySqlLayout() {
        assertThat(JsonText.canonical("{\"a\":1,\"b\":{\"c\":[1,2,\"x\"]},\"d\":null}"))
                .isEqualTo("{\"a\": 1, \"b\": {\"c\": [1, 2, \"x\"]}, \"d\": null}");
        assertThat(JsonText.canonical("{\"a\": 1, \"b\": {\"c\": [1, 2, \"x\"]}, \"d\": null}"))
                .isEqualTo("{\"a\": 1, \"b\": {\"c\": [1, 2, \"x\"]}, \"d\": null}");
        assertThat(JsonText.canonical("[]")).isEqualTo("[]");
    }
}

package dev.cdclake.ingest.format;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Column;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.Op;
import dev.cdclake.events.SourceDdl;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.wire.WireNames;
import dev.cdclake.ingest.transform.TransformRules;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import static dev.cdclake.events.wire.ValueFormat.DEBEZIUM_JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DebeziumJsonReaderTest {
    private static final TableId CUSTOMERS = TableId.of("kafka_test", "customers");

    @Test
    void referenceUpdateWithReferenceRule() throws Exception {
        ChangeRecordParser parser = Golden.parser(DEBEZIUM_JSON, true, Golden.referenceRules());
        Golden.Events out = new Golden.Events();

        ParseOutcome outcome =
                parser.parse("inventory", 0, 42, 99L, null, Golden.bytes("reference/debezium-update.json"), null, out);

        assertThat(outcome).isEqualTo(ParseOutcome.EMITTED);
        ChangeEvent e = out.single();
        assertThat(e.op()).isEqualTo(Op.UPDATE);
        assertThat(e.tableId()).isEqualTo(CUSTOMERS);
        assertThat(e.opTs()).isEqualTo(1728528674000L);
        assertThat(e.schema())
                .isEqualTo(TableSchema.builder()
                        .column("id", ColumnType.of(DataKind.INT), false)
                        .column("name", ColumnType.of(DataKind.STRING), true)
                        .column("address", ColumnType.of(DataKind.STRING), true)
                        .column("phone_number", ColumnType.of(DataKind.STRING), true)
                        .column("age", ColumnType.of(DataKind.INT), true)
                        .primaryKey("id")
                        .build());
        assertThat(e.before()).containsExactly(4, "John", "New York", "2222", 12);
        assertThat(e.after()).containsExactly(4, "John", "New York", "1234", 12);
        assertThat(parser.count(ParseOutcome.EMITTED)).isEqualTo(1);
    }

    @Test
    void mysqlAllLogicalTypesWithSchemaUseTheDeclaredTypes() throws Exception {
        ChangeRecordParser parser = Golden.parser(DEBEZIUM_JSON, false, TransformRules.none());
        Golden.Events out = new Golden.Events();

        parser.parse(
                "dbserver1.kafka_test.all_types",
                0,
                0,
                0L,
                Golden.bytes("debezium/mysql-all-types-key.json"),
                Golden.bytes("debezium/mysql-all-types-with-schema.json"),
                null,
                out);

        ChangeEvent e = out.single();
        assertThat(e.op()).isEqualTo(Op.INSERT);
        assertThat(e.tableId()).isEqualTo(TableId.of("kafka_test", "all_types"));
        assertThat(e.opTs()).isEqualTo(1728528674000L);
        TableSchema schema = e.schema();
        assertThat(schema.primaryKeys()).containsExactly("id");
        assertThat(types(schema))
                .containsExactly(
                        "id INT NOT NULL",
                        "c_bigint_unsigned DECIMAL(20, 0)",
                        "c_decimal DECIMAL(10, 2)",
                        "c_date DATE",
                        "c_time TIME(6)",
                        "c_datetime3 TIMESTAMP(3)",
                        "c_datetime6 TIMESTAMP(6)",
                        "c_timestamp TIMESTAMP(6) WITH LOCAL TIME ZONE",
                        "c_json STRING",
                        "c_enum STRING",
                        "c_set STRING",
                        "c_bit BINARY(2)",
                        "c_year INT",
                        "c_tinyint SMALLINT",
                        "c_smallint SMALLINT",
                        "c_bigint BIGINT",
                        "c_float FLOAT",
                        "c_double DOUBLE",
                        "c_bool BOOLEAN",
                        "c_blob BYTES",
                        "c_varchar VARCHAR(255)");
        Column varchar = schema.column(schema.indexOf("c_varchar"));
        assertThat(varchar.comment()).isEqualTo("customer name");
        assertThat(varchar.sourceType()).isEqualTo("varchar(255)");
        Object[] a = e.after();
        assertThat(a)
                .containsExactly(
                        1,
                        new BigDecimal("18446744073709551615"),
                        new BigDecimal("12345.67"),
                        LocalDate.of(2020, 7, 17),
                        time(18, 0, 22, 123_456_000),
                        LocalDateTime.of(2020, 7, 17, 18, 0, 22, 123_000_000),
                        LocalDateTime.of(2020, 7, 17, 18, 0, 22, 123_456_000),
                        Instant.parse("2020-07-17T10:00:22.123456Z"),
                        "{\"k1\":\"v1\"}",
                        "red",
                        "a,b",
                        // io.debezium.data.Bits comes little-endian (qgI= is AA 02); MySQL's BIT(10) bytes are 02 AA
                        new byte[] {0x02, (byte) 0xAA},
                        2021,
                        (short) -7,
                        (short) 300,
                        Long.MIN_VALUE,
                        0.875f,
                        404.4443d,
                        true,
                        new byte[] {1, 2, 3},
                        "John");
    }

    @Test
    void sameMessageWithoutSchemaInfersTypesFromValues() throws Exception {
        ChangeRecordParser parser = Golden.parser(DEBEZIUM_JSON, false, TransformRules.none());
        Golden.Events out = new Golden.Events();

        parser.parse(
                "dbserver1.kafka_test.all_types",
                0,
                0,
                0L,
                Golden.bytes("debezium/mysql-all-types-key.json"),
                Golden.bytes("debezium/mysql-all-types-no-schema.json"),
                null,
                out);

        TableSchema schema = out.single().schema();
        assertThat(schema.primaryKeys()).containsExactly("id");
        assertThat(schema.column(schema.indexOf("c_date")).type()).isEqualTo(ColumnType.of(DataKind.INT));
        assertThat(schema.column(schema.indexOf("c_datetime6")).type()).isEqualTo(ColumnType.of(DataKind.BIGINT));
        assertThat(schema.column(schema.indexOf("c_double")).type()).isEqualTo(ColumnType.decimal(7, 4));
        assertThat(schema.column(schema.indexOf("c_bool")).type()).isEqualTo(ColumnType.of(DataKind.BOOLEAN));
        assertThat(schema.column(schema.indexOf("c_decimal")).type()).isEqualTo(ColumnType.of(DataKind.STRING));
        assertThat(out.single().after()[schema.indexOf("c_double")]).isEqualTo(new BigDecimal("404.4443"));
    }

    @Test
    void otherLogicalTypesAndSnapshotTimestampFallback() throws Exception {
        ChangeRecordParser parser = Golden.parser(DEBEZIUM_JSON, false, Golden.referenceRules());
        Golden.Events out = new Golden.Events();

        parser.parse(
                "pg.public.other_types",
                3,
                7,
                5L,
                null,
                Golden.bytes("debezium/other-logical-types-update.json"),
                null,
                out);

        ChangeEvent e = out.single();
        assertThat(e.op()).isEqualTo(Op.UPDATE);
        assertThat(e.tableId()).isEqualTo(TableId.of("inventory", "other_types"));
        // source.ts_ms is 0 (snapshot): the envelope's ts_ms is the event time.
        assertThat(e.opTs()).isEqualTo(1700000000000L);
        assertThat(types(e.schema()))
                .containsExactly(
                        "id BIGINT NOT NULL",
                        "c_time_ms TIME(3)",
                        "c_nanotime TIME(9)",
                        "c_nanots TIMESTAMP(9)",
                        "c_zoned_time TIME(6)",
                        "c_connect_date DATE",
                        "c_connect_ts TIMESTAMP(3)",
                        "c_int8 TINYINT",
                        "c_float32 FLOAT");
        assertThat(e.before())
                .containsExactly(
                        7L,
                        time(1, 2, 3, 4_000_000),
                        time(1, 2, 3, 4_005_006),
                        LocalDateTime.of(2020, 7, 17, 18, 0, 22, 123_456_789),
                        time(10, 15, 30, 123_456_000),
                        LocalDate.of(2020, 7, 17),
                        LocalDateTime.of(2020, 7, 17, 18, 0, 22, 123_000_000),
                        (byte) 5,
                        1.5f);
        assertThat(e.after()[7]).isEqualTo((byte) 6);
    }

    @Test
    void flinkCdcLinesInsertUpdateDelete() throws Exception {
        ChangeRecordParser parser = Golden.parser(DEBEZIUM_JSON, false, Golden.referenceRules());
        Golden.Events out = new Golden.Events();
        long offset = 0;
        for (byte[] line : Golden.lines("debezium/flink-cdc-products.jsonl")) {
            parser.parse("inventory.products", 0, offset++, 1234L, null, line, null, out);
        }
        assertThat(out.list).extracting(ChangeEvent::op).containsExactly(Op.INSERT, Op.UPDATE, Op.DELETE);
        ChangeEvent update = out.list.get(1);
        // 0.875 then 1.25: DECIMAL(3, 3) widens to DECIMAL(4, 3)
        assertThat(update.schema().column(update.schema().indexOf("weight")).type())
                .isEqualTo(ColumnType.decimal(4, 3));
        assertThat(update.before()[update.schema().indexOf("weight")]).isEqualTo(new BigDecimal("0.875"));
        assertThat(update.after()[update.schema().indexOf("weight")]).isEqualTo(new BigDecimal("1.250"));
        assertThat(out.list.get(2).before()[0]).isEqualTo(105);
        assertThat(out.list.get(2).opTs()).isEqualTo(1234L);
        assertThat(out.list.get(0).after()[update.schema().indexOf("json_c")])
                .isEqualTo("{\"k1\": \"v1\", \"k2\": \"v2\"}");
    }

    @Test
    void changeMetadataAndSoftDeleteKeepTheDeletedRowMarked() throws Exception {
        TransformRules rules = TransformRules.parse(List.of(Map.of(
                "source-table", "\\.*.\\.*",
                "primary-keys", "id",
                "projection", "\\*, __data_event_type__ AS op, op_ts",
                "converter-after-transform", "SOFT_DELETE")));
        ChangeRecordParser parser = Golden.parser(DEBEZIUM_JSON, false, rules);
        Golden.Events out = new Golden.Events();
        long offset = 0;
        for (byte[] line : Golden.lines("debezium/flink-cdc-products.jsonl")) {
            parser.parse("inventory.products", 0, offset++, 1234L, null, line, null, out);
        }
        // the delete arrives as an insert of the deleted row, so an upsert keeps it, marked -D
        assertThat(out.list).extracting(ChangeEvent::op).containsExactly(Op.INSERT, Op.UPDATE, Op.INSERT);
        TableSchema schema = out.list.get(2).schema();
        int op = schema.indexOf("op");
        int opTs = schema.indexOf("op_ts");
        assertThat(schema.column(opTs).type()).isEqualTo(ColumnType.of(DataKind.TIMESTAMP_LTZ, 3));
        assertThat(schema.column(op).nullable()).isFalse();
        assertThat(out.list.get(0).after()[op]).isEqualTo("+I");
        assertThat(out.list.get(1).before()[op]).isEqualTo("-U");
        assertThat(out.list.get(1).after()[op]).isEqualTo("+U");
        assertThat(out.list.get(2).before()).isNull();
        assertThat(out.list.get(2).after()[0]).isEqualTo(105);
        assertThat(out.list.get(2).after()[op]).isEqualTo("-D");
        assertThat(out.list.get(2).after()[opTs])
                .isEqualTo(Instant.ofEpochMilli(out.list.get(2).opTs()));
    }

    @Test
    void snapshotReadIsRead() throws Exception {
        ChangeRecordParser parser = Golden.parser(DEBEZIUM_JSON, false, Golden.referenceRules());
        Golden.Events out = new Golden.Events();
        parser.parse("t", 0, 0, 0L, null, Golden.bytes("debezium/snapshot-read.json"), null, out);
        assertThat(out.single().op()).isEqualTo(Op.READ);
        assertThat(out.single().opTs()).isEqualTo(1680763113699L);
        assertThat(out.single().after()[0]).isEqualTo(1001);
    }

    @Test
    void truncateMessageAndTombstonesAreSkippedAndCounted() throws Exception {
        ChangeRecordParser parser = Golden.parser(DEBEZIUM_JSON, true, Golden.referenceRules());
        Golden.Events out = new Golden.Events();
        assertThat(parser.parse("t", 0, 0, 0L, null, Golden.bytes("debezium/truncate.json"), null, out))
                .isEqualTo(ParseOutcome.TRUNCATE);
        assertThat(parser.parse("t", 0, 1, 0L, null, Golden.bytes("debezium/message.json"), null, out))
                .isEqualTo(ParseOutcome.MESSAGE);
        assertThat(parser.parse("t", 0, 2, 0L, "{\"id\":1}".getBytes(StandardCharsets.UTF_8), null, null, out))
                .isEqualTo(ParseOutcome.TOMBSTONE);
        assertThat(parser.parse("t", 0, 3, 0L, null, Golden.bytes("debezium/payload-null.json"), null, out))
                .isEqualTo(ParseOutcome.TOMBSTONE);
        assertThat(out.list).isEmpty();
        assertThat(parser.count(ParseOutcome.TOMBSTONE)).isEqualTo(2);
        assertThat(parser.count(ParseOutcome.TRUNCATE)).isEqualTo(1);
        assertThat(ParseOutcome.TRUNCATE.skipped()).isTrue();
    }

    /**
     * A capture-job DDL marker becomes a schema change of its table; after a statement that changed the rows, the
     * table's schema is learnt afresh (the renamed column is gone from the next event); a marker whose header is not a
     * DDL document is a bad record with its coordinates.
     */
    @Test
    void ddlMarkersBecomeSchemaChangesAndTheSchemaStartsAfresh() throws Exception {
        ChangeRecordParser parser = Golden.parser(DEBEZIUM_JSON, true, Golden.referenceRules());
        Golden.Events out = new Golden.Events();
        String before = "{\"before\":null,\"after\":{\"id\":1,\"a\":1},\"op\":\"c\","
                + "\"source\":{\"db\":\"app\",\"table\":\"t\",\"ts_ms\":1}}";
        String after = "{\"before\":null,\"after\":{\"id\":2,\"c\":2},\"op\":\"c\","
                + "\"source\":{\"db\":\"app\",\"table\":\"t\",\"ts_ms\":3}}";
        SourceDdl rename = new SourceDdl(
                TableId.of("app", "t"),
                "ALTER TABLE t RENAME COLUMN a TO c",
                "mysql-bin.000003:4711",
                true,
                List.of(new SourceDdl.Change(SourceDdl.Kind.RENAME_COLUMN, "a", "c")));
        RecordHeaders marker = new RecordHeaders();
        marker.add(WireNames.DDL_HEADER, rename.document());
        parser.parse("t", 0, 0, 1L, null, before.getBytes(StandardCharsets.UTF_8), null, out);
        assertThat(parser.parse("t", 0, 1, 2L, null, new byte[0], marker, out)).isEqualTo(ParseOutcome.EMITTED);
        parser.parse("t", 0, 2, 3L, null, after.getBytes(StandardCharsets.UTF_8), null, out);
        assertThat(out.list).extracting(ChangeEvent::op).containsExactly(Op.INSERT, Op.SCHEMA_CHANGE, Op.INSERT);
        assertThat(out.list.get(1).ddl()).isEqualTo(rename);
        assertThat(out.list.get(1).opTs()).isEqualTo(2L);
        assertThat(out.list.get(0).schema().columnNames()).containsExactly("id", "a");
        assertThat(out.list.get(2).schema().columnNames()).containsExactly("id", "c");

        RecordHeaders broken = new RecordHeaders();
        broken.add(WireNames.DDL_HEADER, "{\"version\":1}".getBytes(StandardCharsets.UTF_8));
        MalformedRecordException e = catchThrowableOfType(
                () -> parser.parse("t", 0, 3, 4L, null, new byte[0], broken, out), MalformedRecordException.class);
        assertThat(e.getMessage()).contains("topic 't'").contains("offset 3").contains("cdclake.ddl");
    }

    /**
     * Learning schemas per partition (evolve over capture-job's hash-by-key, which copies a marker into every
     * partition): a row another partition still carries from before the statement keeps its own schema, instead of
     * merging the old column into the schema the statement's partition learnt afresh, and each partition learns
     * afresh at its own copy.
     */
    @Test
    void schemasLearntPerPartitionKeepEachPartitionsRowsAsWritten() throws Exception {
        ChangeRecordParser parser =
                Golden.parser(DEBEZIUM_JSON, true, Golden.referenceRules()).learningSchemasPerPartition();
        Golden.Events out = new Golden.Events();
        String old1 = "{\"before\":null,\"after\":{\"id\":1,\"a\":1},\"op\":\"c\","
                + "\"source\":{\"db\":\"app\",\"table\":\"t\",\"ts_ms\":1}}";
        String old2 = "{\"before\":null,\"after\":{\"id\":2,\"a\":2},\"op\":\"c\","
                + "\"source\":{\"db\":\"app\",\"table\":\"t\",\"ts_ms\":1}}";
        String new3 = "{\"before\":null,\"after\":{\"id\":3,\"c\":3},\"op\":\"c\","
                + "\"source\":{\"db\":\"app\",\"table\":\"t\",\"ts_ms\":3}}";
        String new4 = "{\"before\":null,\"after\":{\"id\":4,\"c\":4},\"op\":\"c\","
                + "\"source\":{\"db\":\"app\",\"table\":\"t\",\"ts_ms\":3}}";
        RecordHeaders marker = new RecordHeaders();
        marker.add(
                WireNames.DDL_HEADER,
                new SourceDdl(
                                TableId.of("app", "t"),
                                "ALTER TABLE t RENAME COLUMN a TO c",
                                "mysql-bin.000003:4711",
                                true,
                                2,
                                List.of(new SourceDdl.Change(SourceDdl.Kind.RENAME_COLUMN, "a", "c")))
                        .document());
        parser.parse("t", 0, 0, 1L, null, old1.getBytes(StandardCharsets.UTF_8), null, out);
        parser.parse("t", 1, 0, 1L, null, old2.getBytes(StandardCharsets.UTF_8), null, out);
        parser.parse("t", 0, 1, 2L, null, new byte[0], marker, out);
        parser.parse("t", 0, 2, 3L, null, new3.getBytes(StandardCharsets.UTF_8), null, out);
        parser.parse("t", 1, 1, 1L, null, old2.getBytes(StandardCharsets.UTF_8), null, out);
        parser.parse("t", 0, 3, 3L, null, new4.getBytes(StandardCharsets.UTF_8), null, out);
        parser.parse("t", 1, 2, 2L, null, new byte[0], marker, out);
        parser.parse("t", 1, 3, 3L, null, new4.getBytes(StandardCharsets.UTF_8), null, out);

        assertThat(out.list)
                .extracting(e -> e.op() == Op.SCHEMA_CHANGE
                        ? "DDL"
                        : String.join(",", e.schema().columnNames()))
                .containsExactly("id,a", "id,a", "DDL", "id,c", "id,a", "id,c", "DDL", "id,c");
    }

    @Test
    void primaryKeyFromCaptureJobRecordKey() throws Exception {
        ChangeRecordParser parser = Golden.parser(DEBEZIUM_JSON, true, TransformRules.none());
        Golden.Events out = new Golden.Events();
        parser.parse(
                "inventory",
                0,
                0,
                0L,
                Golden.bytes("json/customer-key.json"),
                Golden.bytes("reference/debezium-update.json"),
                null,
                out);
        assertThat(out.single().schema().primaryKeys()).containsExactly("id");
    }

    @Test
    void tableWithoutPrimaryKeyNamesTableAndRule() {
        ChangeRecordParser parser = Golden.parser(DEBEZIUM_JSON, true, TransformRules.none());
        assertThatThrownBy(() -> parser.parse(
                        "inventory",
                        0,
                        0,
                        0L,
                        null,
                        Golden.bytes("reference/debezium-update.json"),
                        null,
                        new Golden.Events()))
                .isInstanceOf(SourceConfigurationException.class)
                .hasMessageContaining("Table kafka_test.customers has no primary key")
                .hasMessageContaining("- source-table: kafka_test.customers\n    primary-keys: id");
    }

    @Test
    void oneTablePerTopicUnlessDistributed() throws Exception {
        byte[] products = Golden.lines("debezium/flink-cdc-products.jsonl").get(0);
        byte[] customers = Golden.bytes("reference/debezium-update.json");

        ChangeRecordParser single = Golden.parser(DEBEZIUM_JSON, false, Golden.referenceRules());
        single.parse("inventory", 0, 0, 0L, null, customers, null, new Golden.Events());
        assertThatThrownBy(() -> single.parse("inventory", 1, 0, 0L, null, products, null, new Golden.Events()))
                .isInstanceOf(SourceConfigurationException.class)
                .hasMessageContaining("Topic 'inventory' carries records of several tables")
                .hasMessageContaining("debezium-json.distributed-tables: true");

        ChangeRecordParser distributed = Golden.parser(DEBEZIUM_JSON, true, Golden.referenceRules());
        Golden.Events out = new Golden.Events();
        distributed.parse("inventory", 0, 0, 0L, null, customers, null, out);
        distributed.parse("inventory", 1, 0, 0L, null, products, null, out);
        assertThat(out.list)
                .extracting(e -> e.tableId().toString())
                .containsExactly("kafka_test.customers", "inventory.products");
    }

    @Test
    void captureJobIncludeSchemaTypesAndPrimaryKey() throws Exception {
        ChangeRecordParser parser = Golden.parser(DEBEZIUM_JSON, false, TransformRules.none());
        Golden.Events out = new Golden.Events();
        parser.parse(
                "kafka_test.orders", 0, 0, 0L, null, Golden.bytes("debezium/capture-job-with-schema.json"), null, out);
        ChangeEvent e = out.single();
        assertThat(e.schema().primaryKeys()).containsExactly("id");
        assertThat(e.schema().comment()).isEqualTo("orders of customers");
        assertThat(types(e.schema()))
                .containsExactly(
                        "id BIGINT NOT NULL",
                        "price DECIMAL(10, 2)",
                        "ordered DATE",
                        "at_time TIME(6)",
                        "created TIMESTAMP(6)",
                        "paid TIMESTAMP(6) WITH LOCAL TIME ZONE",
                        "doc STRING",
                        "raw BYTES");
        assertThat(e.after())
                .containsExactly(
                        7L,
                        new BigDecimal("100.00"),
                        LocalDate.of(2020, 7, 17),
                        time(18, 0, 22, 123_456_000),
                        LocalDateTime.of(2020, 7, 17, 18, 0, 22, 120_000_000),
                        Instant.parse("2020-07-17T10:00:22Z"),
                        "{\"a\":1}",
                        new byte[] {1, 2});
        assertThat(e.schema().column(0).comment()).isEqualTo("order id");
    }

    /**
     * A message as Debezium's MySQL connector writes it with {@code column.propagate.source.type=.*} (written by hand
     * after Debezium's documented event format): the MySQL types give what Connect's types cannot say.
     */
    @Test
    void debeziumPropagatedSourceTypesGiveTheExactMySqlTypes() throws Exception {
        ChangeRecordParser parser = Golden.parser(DEBEZIUM_JSON, false, Golden.referenceRules());
        Golden.Events out = new Golden.Events();

        parser.parse(
                "dbserver1.kafka_test.typed",
                0,
                0,
                0L,
                null,
                Golden.bytes("debezium/mysql-propagated-source-types.json"),
                null,
                out);

        ChangeEvent e = out.single();
        assertThat(e.tableId()).isEqualTo(TableId.of("kafka_test", "typed"));
        assertThat(types(e.schema()))
                .containsExactly(
                        "id INT NOT NULL",
                        "c_tinyint TINYINT",
                        // Debezium's int16 of TINYINT(1) holds numbers, not booleans
                        "c_tinyint1 TINYINT",
                        "c_tinyint_unsigned SMALLINT",
                        "c_smallint_unsigned INT",
                        "c_mediumint INT",
                        "c_int_unsigned BIGINT",
                        // a precise BIGINT UNSIGNED Decimal has no connect.decimal.precision
                        "c_bigint_unsigned DECIMAL(20, 0)",
                        "c_decimal DECIMAL(10, 2)",
                        "c_char CHAR(3)",
                        "c_varchar VARCHAR(255)",
                        "c_text STRING",
                        "c_binary BINARY(3)",
                        "c_varbinary VARBINARY(8)",
                        "c_blob BYTES",
                        // TIME and DATETIME without fractional digits: MicroTime and Timestamp carry more than the
                        // column has
                        "c_time TIME(0)",
                        "c_datetime TIMESTAMP(0)",
                        "c_datetime3 TIMESTAMP(3)",
                        "c_datetime6 TIMESTAMP(6)",
                        "c_timestamp TIMESTAMP(3) WITH LOCAL TIME ZONE",
                        "c_enum STRING",
                        "c_json STRING",
                        "c_bit BINARY(2)",
                        "c_float FLOAT",
                        "c_year INT");
        assertThat(e.schema().column(e.schema().indexOf("c_varchar")).sourceType())
                .isEqualTo("varchar(255)");
        assertThat(e.after())
                .containsExactly(
                        1,
                        (byte) -7,
                        (byte) 1,
                        (short) 255,
                        65535,
                        -8388608,
                        4294967295L,
                        new BigDecimal("18446744073709551615"),
                        new BigDecimal("12345.67"),
                        "abc",
                        "John",
                        "a long text",
                        new byte[] {1, 2, 3},
                        new byte[] {(byte) 0xFF, (byte) 0xFE},
                        new byte[] {9, 8, 7},
                        time(18, 0, 22, 0),
                        LocalDateTime.of(2020, 7, 17, 18, 0, 22),
                        LocalDateTime.of(2020, 7, 17, 18, 0, 22, 123_000_000),
                        LocalDateTime.of(2020, 7, 17, 18, 0, 22, 123_456_000),
                        Instant.parse("2020-07-17T10:00:22.123Z"),
                        "green",
                        "{\"k1\":\"v1\"}",
                        // io.debezium.data.Bits comes little-endian (qgI= is AA 02); MySQL's BIT(10) bytes are 02 AA
                        new byte[] {0x02, (byte) 0xAA},
                        0.875f,
                        2021);
    }

    /** capture-job's include-schema message of its all-types table (its golden file): every MySQL type comes back. */
    @Test
    void captureJobSchemaWithSourceTypesRoundTripsEveryType() throws Exception {
        ChangeRecordParser parser = Golden.parser(DEBEZIUM_JSON, false, TransformRules.none());
        Golden.Events out = new Golden.Events();

        parser.parse(
                "kafka_test.all_types",
                0,
                0,
                0L,
                null,
                Golden.bytes("debezium/capture-job-all-types-update.json"),
                null,
                out);

        ChangeEvent e = out.single();
        assertThat(e.op()).isEqualTo(Op.UPDATE);
        assertThat(e.schema().primaryKeys()).containsExactly("id");
        assertThat(types(e.schema()))
                .containsExactly(
                        "id INT NOT NULL",
                        "tiny_c TINYINT",
                        "tiny_un_c SMALLINT",
                        "small_c SMALLINT",
                        "small_un_c INT",
                        "medium_c INT",
                        "medium_un_c INT",
                        "int_c INT",
                        "int_un_c BIGINT",
                        "big_c BIGINT",
                        "big_un_c DECIMAL(20, 0)",
                        "decimal_c DECIMAL(10, 2)",
                        "decimal_small_c DECIMAL(10, 8)",
                        "float_c FLOAT",
                        "double_c DOUBLE",
                        "bit1_c BOOLEAN",
                        "bits_c BINARY(1)",
                        "bool_c BOOLEAN",
                        "date_c DATE",
                        "time_c TIME(6)",
                        "datetime_c TIMESTAMP(6)",
                        "datetime3_c TIMESTAMP(3)",
                        "timestamp_c TIMESTAMP(6) WITH LOCAL TIME ZONE",
                        "year_c INT",
                        "char_c CHAR(3)",
                        "varchar_c VARCHAR(255)",
                        "text_c STRING",
                        "blob_c BYTES",
                        "binary_c BINARY(3)",
                        "varbinary_c VARBINARY(8)",
                        "json_c STRING",
                        "enum_c STRING",
                        "set_c STRING",
                        "geometry_c STRING",
                        "null_int_c INT",
                        "null_varchar_c VARCHAR(16)");
        TableSchema schema = e.schema();
        assertThat(schema.column(schema.indexOf("varchar_c")).comment()).isEqualTo("customer's \"name\"");
        assertThat(e.before()[schema.indexOf("varchar_c")]).isEqualTo("John \"Q\" Müller 你好 😀");
        assertThat(e.after()[schema.indexOf("varchar_c")]).isEqualTo("Jane");
        assertThat(e.after()[schema.indexOf("char_c")]).isEqualTo("abc");
        assertThat(e.after()[schema.indexOf("bits_c")]).isEqualTo(new byte[] {3});
        assertThat(e.after()[schema.indexOf("decimal_small_c")]).isEqualTo(new BigDecimal("0.00000001"));
    }

    /**
     * MySQL {@code ALTER TABLE ... MODIFY} widens VARCHAR(255) to VARCHAR(300) and CHAR(3) to VARCHAR(10): the column
     * widens with the declared type; a later narrower declaration (an old message, another upstream) never narrows it.
     */
    @Test
    void declaredLengthsWidenColumnsAndNeverNarrowThem() throws Exception {
        ChangeRecordParser parser = Golden.parser(DEBEZIUM_JSON, false, Golden.referenceRules());
        Golden.Events out = new Golden.Events();
        int offset = 0;
        for (String[] declared :
                new String[][] {{"255", "CHAR", "3"}, {"300", "VARCHAR", "10"}, {"100", "CHAR", "2"}}) {
            parser.parse("d.t", 0, offset++, 0L, null, nameAndCode(declared[0], declared[1], declared[2]), null, out);
        }
        assertThat(out.list)
                .extracting(e -> types(e.schema()))
                .containsExactly(
                        List.of("id INT NOT NULL", "name VARCHAR(255)", "code CHAR(3)"),
                        List.of("id INT NOT NULL", "name VARCHAR(300)", "code VARCHAR(10)"),
                        List.of("id INT NOT NULL", "name VARCHAR(300)", "code VARCHAR(10)"));
        assertThat(out.last().after()).containsExactly(1, "n", "c");
    }

    private static byte[] nameAndCode(String nameLength, String codeType, String codeLength) {
        String column =
                "{\"type\":\"string\",\"optional\":true,\"parameters\":{\"__debezium.source.column.type\":\"%s\","
                        + "\"__debezium.source.column.length\":\"%s\"},\"field\":\"%s\"}";
        String row = "{\"type\":\"struct\",\"optional\":true,\"fields\":[{\"type\":\"int32\",\"optional\":false,"
                + "\"field\":\"id\"}," + String.format(column, "VARCHAR", nameLength, "name") + ","
                + String.format(column, codeType, codeLength, "code") + "],\"field\":\"%s\"}";
        return ("{\"schema\":{\"type\":\"struct\",\"fields\":[" + String.format(row, "before") + ","
                        + String.format(row, "after")
                        + "]},\"payload\":{\"before\":null,\"after\":{\"id\":1,\"name\":\"n\","
                        + "\"code\":\"c\"},\"op\":\"c\",\"source\":{\"db\":\"d\",\"table\":\"t\"}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void schemaOfRepeatedMessagesIsParsedOnce() throws Exception {
        ChangeRecordParser parser = Golden.parser(DEBEZIUM_JSON, false, TransformRules.none());
        Golden.Events out = new Golden.Events();
        byte[] value = Golden.bytes("debezium/mysql-all-types-with-schema.json");
        byte[] key = Golden.bytes("debezium/mysql-all-types-key.json");
        for (int i = 0; i < 3; i++) {
            parser.parse("dbserver1.kafka_test.all_types", 0, i, 0L, key, value, null, out);
        }
        assertThat(out.list).hasSize(3);
        assertThat(out.list.get(2).schema()).isSameAs(out.list.get(0).schema());
        assertThat(parser.inferenceStats().schemaChanges()).isEqualTo(21);
    }

    @Test
    void widenedByTheAfterImageRedecodesTheBeforeImage() throws Exception {
        ChangeRecordParser parser = Golden.parser(DEBEZIUM_JSON, false, Golden.referenceRules());
        Golden.Events out = new Golden.Events();
        byte[] value = ("{\"before\":{\"id\":1,\"n\":5},\"after\":{\"id\":1,\"n\":5000000000,\"added\":\"x\"},"
                        + "\"op\":\"u\",\"source\":{\"db\":\"d\",\"table\":\"t\"}}")
                .getBytes(StandardCharsets.UTF_8);
        parser.parse("d.t", 0, 0, 0L, null, value, null, out);
        ChangeEvent e = out.single();
        assertThat(e.schema().column(1).type()).isEqualTo(ColumnType.of(DataKind.BIGINT));
        assertThat(e.before()).containsExactly(1, 5L, null);
        assertThat(e.after()).containsExactly(1, 5000000000L, "x");
    }

    /**
     * Messages that repeat the last schema as {"schema":…,"payload":…} skip the schema by one byte comparison; every
     * other shape, and any error, takes the full parse, so each message reads exactly as on its own.
     */
    @Test
    void repeatedSchemaIsSkippedWithTheSameResultAsAFullParse() throws Exception {
        String message = Golden.text("debezium/capture-job-with-schema.json").trim();
        String schemaPart = message.substring(0, message.indexOf(",\"payload\":"));
        String payload = message.substring(schemaPart.length() + ",\"payload\":".length(), message.length() - 1);
        byte[] again = message.getBytes(StandardCharsets.UTF_8);
        byte[] trailingMember =
                (schemaPart + ",\"payload\":" + payload + ",\"payload\":null}").getBytes(StandardCharsets.UTF_8);
        byte[] nullPayload = (schemaPart + ",\"payload\":null}").getBytes(StandardCharsets.UTF_8);
        byte[] badBefore = (schemaPart + ",\"payload\":" + payload.replace("\"before\":null", "\"before\":7") + "}")
                .getBytes(StandardCharsets.UTF_8);

        ChangeRecordParser parser = Golden.parser(DEBEZIUM_JSON, false, TransformRules.none());
        Golden.Events out = new Golden.Events();
        parser.parse("kafka_test.orders", 0, 0, 0L, null, again, null, out);
        parser.parse("kafka_test.orders", 0, 1, 0L, null, again, null, out);
        assertThat(out.list.get(1)).isEqualTo(out.list.get(0));
        assertThat(out.list.get(1).schema()).isSameAs(out.list.get(0).schema());
        // a later member overrides the payload, as in a full parse: a tombstone
        assertThat(parser.parse("kafka_test.orders", 0, 2, 0L, null, trailingMember, null, out))
                .isEqualTo(ParseOutcome.TOMBSTONE);
        assertThat(parser.parse("kafka_test.orders", 0, 3, 0L, null, nullPayload, null, out))
                .isEqualTo(ParseOutcome.TOMBSTONE);
        String fullParseError = catchThrowableOfType(
                        MalformedRecordException.class,
                        () -> Golden.parser(DEBEZIUM_JSON, false, TransformRules.none())
                                .parse("kafka_test.orders", 0, 4, 0L, null, badBefore, null, out))
                .getMessage();
        assertThatThrownBy(() -> parser.parse("kafka_test.orders", 0, 4, 0L, null, badBefore, null, out))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage(fullParseError)
                .hasMessageContaining("'before' must be an object or null");
        assertThat(out.list).hasSize(2);
    }

    private static List<String> types(TableSchema schema) {
        return schema.columns().stream().map(Column::toString).toList();
    }

    /** A MySQL TIME value: a duration of hours, minutes, seconds and nanoseconds. */
    private static Duration time(long hours, long minutes, long seconds, long nanos) {
        return Duration.ofHours(hours).plusMinutes(minutes).plusSeconds(seconds).plusNanos(nanos);
    }
}

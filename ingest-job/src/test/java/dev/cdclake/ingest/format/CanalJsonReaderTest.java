package dev.cdclake.ingest.format;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Column;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.Op;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.ingest.transform.TransformRules;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;

import static dev.cdclake.events.wire.ValueFormat.CANAL_JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanalJsonReaderTest {

    @Test
    void referenceUpdateTakesPrimaryKeyFromPkNames() throws Exception {
        ChangeRecordParser parser = Golden.parser(CANAL_JSON, false, TransformRules.none());
        Golden.Events out = new Golden.Events();

        parser.parse("kafka_test.customers", 0, 0, 5L, null, Golden.bytes("reference/canal-update.json"), null, out);

        ChangeEvent e = out.single();
        assertThat(e.op()).isEqualTo(Op.UPDATE);
        assertThat(e.tableId()).isEqualTo(TableId.of("kafka_test", "customers"));
        assertThat(e.schema().primaryKeys()).containsExactly("id");
        assertThat(e.before()).containsExactly(4, "John", "New York", "2222", 12);
        assertThat(e.after()).containsExactly(4, "John", "New York", "1234", 12);
        // es is 0: ts is the event time
        assertThat(e.opTs()).isEqualTo(1728528674000L);
    }

    @Test
    void realCanalStringValuesWithMySqlTypes() throws Exception {
        ChangeRecordParser parser = Golden.parser(CANAL_JSON, false, TransformRules.none());
        Golden.Events out = new Golden.Events();

        parser.parse("kafka_test.products", 0, 0, 5L, null, Golden.bytes("canal/real-update.json"), null, out);

        ChangeEvent e = out.single();
        TableSchema schema = e.schema();
        assertThat(schema.columns().stream().map(Column::toString).toList())
                .containsExactly(
                        "id BIGINT NOT NULL",
                        "name VARCHAR(255)",
                        "price DECIMAL(10, 2)",
                        "weight FLOAT",
                        "big_id DECIMAL(20, 0)",
                        "created TIMESTAMP(0)",
                        "birthday DATE",
                        "alarm TIME(0)",
                        "flag BOOLEAN",
                        "tiny TINYINT",
                        "bits BINARY(1)",
                        "avatar VARBINARY(16)",
                        "note STRING",
                        "updated_ts TIMESTAMP(0)");
        assertThat(schema.column(schema.indexOf("big_id")).sourceType()).isEqualTo("bigint(20) unsigned");
        assertThat(e.after())
                .containsExactly(
                        4L,
                        "John",
                        new BigDecimal("1234.50"),
                        0.875f,
                        new BigDecimal("18446744073709551615"),
                        LocalDateTime.of(2020, 7, 17, 18, 0, 22),
                        LocalDate.of(1990, 1, 2),
                        time(7, 30, 0, 0),
                        true,
                        (byte) -3,
                        new byte[] {5},
                        new byte[] {1, 2, (byte) 0xFF},
                        null,
                        LocalDateTime.of(2024, 10, 10, 2, 51, 14));
        // Real Canal's old holds only the changed columns: laid over data they make the before image.
        assertThat(e.before()[schema.indexOf("name")]).isEqualTo("Jon");
        assertThat(e.before()[schema.indexOf("price")]).isEqualTo(new BigDecimal("1200.00"));
        assertThat(e.before()[schema.indexOf("weight")]).isEqualTo(0.875f);
        assertThat(e.opTs()).isEqualTo(1728528674000L);
    }

    @Test
    void severalRowsAreSeveralEventsAndDeletesComeFromData() throws Exception {
        ChangeRecordParser parser = Golden.parser(CANAL_JSON, false, TransformRules.none());
        Golden.Events out = new Golden.Events();

        parser.parse("kafka_test.orders", 0, 0, 0L, null, Golden.bytes("canal/real-insert-two-rows.json"), null, out);
        parser.parse("kafka_test.orders", 0, 1, 0L, null, Golden.bytes("canal/real-delete.json"), null, out);

        assertThat(out.list).extracting(ChangeEvent::op).containsExactly(Op.INSERT, Op.INSERT, Op.DELETE);
        assertThat(out.list.get(0).after()).containsExactly(1, "a", 10);
        assertThat(out.list.get(1).after()).containsExactly(2, "b", null);
        assertThat(out.list.get(2).before()).containsExactly(2, "b", null);
        assertThat(out.list.get(0).schema().column(2).type()).isEqualTo(ColumnType.of(DataKind.INT));
    }

    @Test
    void sqlTypeAloneGivesTypesAndDecimalsAreInferred() throws Exception {
        ChangeRecordParser parser = Golden.parser(CANAL_JSON, false, TransformRules.none());
        Golden.Events out = new Golden.Events();
        parser.parse("kafka_test.payments", 0, 0, 0L, null, Golden.bytes("canal/sqltype-only-insert.json"), null, out);
        ChangeEvent e = out.single();
        assertThat(e.schema().columns().stream().map(Column::toString).toList())
                .containsExactly("id BIGINT NOT NULL", "amount STRING", "label STRING", "at TIMESTAMP(6)");
        assertThat(e.after()).containsExactly(9L, "12.5", "x", LocalDateTime.of(2021, 1, 2, 3, 4, 5, 678_000_000));
    }

    @Test
    void ddlIsSkipped() throws Exception {
        ChangeRecordParser parser = Golden.parser(CANAL_JSON, false, TransformRules.none());
        Golden.Events out = new Golden.Events();
        assertThat(parser.parse("kafka_test.orders", 0, 0, 0L, null, Golden.bytes("canal/ddl.json"), null, out))
                .isEqualTo(ParseOutcome.DDL);
        assertThat(out.list).isEmpty();
        assertThat(parser.count(ParseOutcome.DDL)).isEqualTo(1);
    }

    @Test
    void flinkCdcCanalLines() throws Exception {
        ChangeRecordParser parser = Golden.parser(CANAL_JSON, false, TransformRules.none());
        Golden.Events out = new Golden.Events();
        for (byte[] line : Golden.lines("canal/flink-cdc-lines.jsonl")) {
            parser.parse("table1", 0, 0, 0L, null, line, null, out);
        }
        assertThat(out.list).extracting(ChangeEvent::op).containsExactly(Op.INSERT, Op.UPDATE, Op.DELETE);
        assertThat(out.list.get(1).before()).containsExactly("1", "1");
        assertThat(out.list.get(1).after()).containsExactly("1", "x");
        assertThat(out.list.get(2).before()).containsExactly("1", "x");
        assertThat(out.list.get(0).tableId()).isEqualTo(TableId.of("default_schema", "table1"));
    }

    @Test
    void topicWithSeveralTablesNeedsCanalOption() throws Exception {
        ChangeRecordParser parser = Golden.parser(CANAL_JSON, false, TransformRules.none());
        parser.parse("all", 0, 0, 0L, null, Golden.bytes("canal/real-delete.json"), null, new Golden.Events());
        assertThatThrownBy(() -> parser.parse(
                        "all", 0, 1, 0L, null, Golden.bytes("reference/canal-update.json"), null, new Golden.Events()))
                .isInstanceOf(SourceConfigurationException.class)
                .hasMessageContaining("canal-json.distributed-tables: true");
    }

    @Test
    void updateWithoutOldIsMissingRowImage() {
        ChangeRecordParser parser = Golden.parser(CANAL_JSON, false, TransformRules.none());
        byte[] value = ("{\"data\":[{\"id\":1}],\"type\":\"UPDATE\",\"database\":\"d\",\"table\":\"t\","
                        + "\"pkNames\":[\"id\"]}")
                .getBytes();
        assertThatThrownBy(() -> parser.parse("d.t", 2, 9, 0L, null, value, null, new Golden.Events()))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("Bad record at topic 'd.t' partition 2 offset 9 of table d.t: missing row image: UPDATE"
                        + " message has 1 rows in 'data' but 0 in 'old'; each updated row needs its old values");
    }

    @Test
    void typeMapsThatAreNotObjectsAreSkippedWhole() throws Exception {
        ChangeRecordParser parser = Golden.parser(CANAL_JSON, false, TransformRules.none());
        Golden.Events out = new Golden.Events();
        // the arrays' strings must not be read as members of the message ("type" inside them is no op)
        byte[] value = ("{\"mysqlType\":[\"type\",\"DELETE\"],\"sqlType\":[{\"type\":\"DELETE\"}],"
                        + "\"data\":[{\"id\":1}],\"type\":\"INSERT\",\"database\":\"d\",\"table\":\"t\","
                        + "\"pkNames\":[\"id\"]}")
                .getBytes();

        parser.parse("d.t", 0, 0, 0L, null, value, null, out);

        assertThat(out.single().op()).isEqualTo(Op.INSERT);
        assertThat(out.single().after()).containsExactly(1);
    }

    /** A MySQL TIME value: a duration of hours, minutes, seconds and nanoseconds. */
    private static Duration time(long hours, long minutes, long seconds, long nanos) {
        return Duration.ofHours(hours).plusMinutes(minutes).plusSeconds(seconds).plusNanos(nanos);
    }
}

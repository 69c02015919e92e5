package dev.cdclake.ingest.format;

import dev.cdclake.events.Column;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.registry.PublishedSchema;
import dev.cdclake.events.wire.ValueFormat;
import dev.cdclake.events.wire.WireNames;
import dev.cdclake.ingest.schema.InferenceSettings;
import dev.cdclake.ingest.schema.SchemaTopic;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Plain messages naming a published schema get its exact column types in every format: the values alone would say
 * DECIMAL(13, 6) and STRING where MySQL says DOUBLE, TIME and TIMESTAMP. Messages as capture-job writes them (the
 * reference's shapes) with the {@code cdclake.schema} header; the schema topic is a map here.
 */
class PublishedSchemaParsingTest {
    private static final TableId TABLE = TableId.of("kafka_test", "readings");
    private static final TableSchema SCHEMA = TableSchema.builder()
            .column(new Column("id", ColumnType.of(DataKind.INT), false, "INT", null, null))
            .column(new Column("c_double", ColumnType.of(DataKind.DOUBLE), true, "DOUBLE", null, null))
            .column(new Column("c_time", ColumnType.of(DataKind.TIME, 0), true, "TIME", null, null))
            .column(new Column("c_ts", ColumnType.of(DataKind.TIMESTAMP_LTZ, 6), true, "TIMESTAMP(6)", null, null))
            .column(new Column("c_dec", ColumnType.decimal(38, 10), true, "DECIMAL(38,10)", null, null))
            .column(new Column("c_bin", ColumnType.of(DataKind.BINARY, 2), true, "BIT(16)", null, null))
            .primaryKey("id")
            .build();
    private static final PublishedSchema PUBLISHED = PublishedSchema.of(TABLE, SCHEMA);

    /** A schema topic holding the given documents, counting the reads. */
    private static class MapTopic implements SchemaTopic {
        final Map<String, byte[]> records = new LinkedHashMap<>();
        int reads;

        @Override
        public void readNew(BiConsumer<String, byte[]> sink, Duration timeout) {
            reads++;
            records.forEach(sink);
            records.clear();
        }

        @Override
        public String name() {
            return "_cdclake_schemas";
        }

        @Override
        public void close() {}
    }

    private static ChangeRecordParser parser(ValueFormat format, SchemaTopic topic, boolean fallback) {
        return new ParserSettings(
                        format,
                        true,
                        true,
                        InferenceSettings.continuous(),
                        null,
                        Golden.referenceRules(),
                        new ParserSettings.SchemaTopicSettings("_cdclake_schemas", Duration.ofMillis(50), fallback))
                .createParser(() -> topic);
    }

    private static RecordHeaders header(String id) {
        RecordHeaders h = new RecordHeaders();
        h.add(WireNames.SCHEMA_ID_HEADER, id.getBytes(StandardCharsets.US_ASCII));
        return h;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final String ROW = "{\"id\":1,\"c_double\":1234567.890123,\"c_time\":\"-838:59:59\","
            + "\"c_ts\":\"2024-02-29 23:59:59.5Z\",\"c_dec\":0.1,\"c_bin\":\"AQI=\"}";

    private static void assertExactTypesAndValues(Golden.Events out) {
        assertThat(out.single().schema().columns())
                .extracting(Column::type)
                .containsExactly(
                        ColumnType.of(DataKind.INT),
                        ColumnType.of(DataKind.DOUBLE),
                        ColumnType.of(DataKind.TIME, 0),
                        ColumnType.of(DataKind.TIMESTAMP_LTZ, 6),
                        ColumnType.decimal(38, 10),
                        ColumnType.of(DataKind.BINARY, 2));
        assertThat(out.single().after())
                .containsExactly(
                        1,
                        1234567.890123d,
                        Duration.ofHours(-838).minusMinutes(59).minusSeconds(59),
                        Instant.parse("2024-02-29T23:59:59.5Z"),
                        new BigDecimal("0.1000000000"),
                        new byte[] {1, 2});
    }

    @Test
    void everyPlainFormatGetsThePublishedTypes() throws Exception {
        Map<ValueFormat, String> messages = Map.of(
                ValueFormat.DEBEZIUM_JSON,
                        "{\"before\":null,\"after\":" + ROW
                                + ",\"op\":\"c\",\"source\":{\"db\":\"kafka_test\",\"table\":\"readings\","
                                + "\"ts_ms\":1}}",
                ValueFormat.CANAL_JSON,
                        "{\"old\":null,\"data\":[" + ROW + "],\"type\":\"INSERT\","
                                + "\"database\":\"kafka_test\",\"table\":\"readings\",\"pkNames\":[\"id\"],"
                                + "\"ts\":1,\"es\":1}",
                // json: the table comes from the published schema (no headers naming it, no TableId in the key)
                ValueFormat.JSON, ROW);
        for (Map.Entry<ValueFormat, String> m : messages.entrySet()) {
            MapTopic topic = new MapTopic();
            topic.records.put(PUBLISHED.id(), PUBLISHED.document());
            Golden.Events out = new Golden.Events();
            parser(m.getKey(), topic, false)
                    .parse("inventory", 0, 0, 0L, null, utf8(m.getValue()), header(PUBLISHED.id()), out);
            assertThat(out.single().tableId()).as("%s", m.getKey()).isEqualTo(TABLE);
            assertExactTypesAndValues(out);
        }
    }

    @Test
    void withoutTheHeaderTheValuesDecide() throws Exception {
        Golden.Events out = new Golden.Events();
        parser(ValueFormat.JSON, new MapTopic(), false)
                .parse("kafka_test.readings", 0, 0, 0L, null, utf8(ROW), null, out);
        assertThat(out.single().schema().column(1).type()).isEqualTo(ColumnType.decimal(13, 6));
        assertThat(out.single().schema().column(2).type()).isEqualTo(ColumnType.of(DataKind.STRING));
    }

    @Test
    void theTopicIsReadOncePerUnknownSchemaNotPerRecord() throws Exception {
        MapTopic topic = new MapTopic();
        topic.records.put(PUBLISHED.id(), PUBLISHED.document());
        ChangeRecordParser parser = parser(ValueFormat.JSON, topic, false);
        Golden.Events out = new Golden.Events();
        for (int i = 0; i < 100; i++) {
            parser.parse("t", 0, i, 0L, null, utf8(ROW), header(PUBLISHED.id()), out);
        }
        assertThat(topic.reads).isEqualTo(1);
        assertThat(out.list).hasSize(100);
    }

    @Test
    void anUnknownSchemaIsABadRecordOrInferredWhenAllowed() throws Exception {
        ChangeRecordParser strict = parser(ValueFormat.JSON, new MapTopic(), false);
        Golden.Events out = new Golden.Events();
        assertThatThrownBy(() -> strict.parse(
                        "kafka_test.readings",
                        3,
                        42,
                        0L,
                        null,
                        utf8(ROW),
                        header("00000000000000000000000000000000"),
                        out))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("topic 'kafka_test.readings' partition 3 offset 42")
                .hasMessageContaining("unknown schema")
                .hasMessageContaining("schema topic '_cdclake_schemas' does not hold it")
                .hasMessageContaining("schema.fallback-to-inference.enabled");

        ChangeRecordParser lenient = parser(ValueFormat.JSON, new MapTopic(), true);
        lenient.parse(
                "kafka_test.readings", 3, 42, 0L, null, utf8(ROW), header("00000000000000000000000000000000"), out);
        assertThat(out.single().schema().column(1).type()).isEqualTo(ColumnType.decimal(13, 6));
    }

    @Test
    void aSchemaTopicThatCannotBeReadSaysWhy() {
        SchemaTopic gone = new MapTopic() {
            @Override
            public void readNew(BiConsumer<String, byte[]> sink, Duration timeout) {
                throw new IllegalStateException("schema topic '_cdclake_schemas' does not exist");
            }
        };
        assertThatThrownBy(() -> parser(ValueFormat.JSON, gone, false)
                        .parse("t", 0, 7, 0L, null, utf8(ROW), header(PUBLISHED.id()), new Golden.Events()))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("schema topic '_cdclake_schemas' does not exist");
    }

    @Test
    void aRecordOfAnotherTableThanItsSchemaIsABadRecord() {
        MapTopic topic = new MapTopic();
        topic.records.put(PUBLISHED.id(), PUBLISHED.document());
        String other = "{\"before\":null,\"after\":" + ROW
                + ",\"op\":\"c\",\"source\":{\"db\":\"kafka_test\",\"table\":\"other\",\"ts_ms\":1}}";
        assertThatThrownBy(() -> parser(ValueFormat.DEBEZIUM_JSON, topic, false)
                        .parse("t", 0, 7, 0L, null, utf8(other), header(PUBLISHED.id()), new Golden.Events()))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining(
                        "change of kafka_test.other but names schema " + PUBLISHED.id() + " of kafka_test.readings");
    }

    /** An ALTER publishes a new schema: records of both versions, interleaved, decode with their own. */
    @Test
    void recordsOfTheOldAndTheNewSchemaInterleave() throws Exception {
        TableSchema altered = TableSchema.builder()
                .column(new Column("id", ColumnType.of(DataKind.INT), false, "INT", null, null))
                .column(new Column("c_double", ColumnType.of(DataKind.DOUBLE), true, "DOUBLE", null, null))
                .column(new Column("c_new", ColumnType.of(DataKind.VARCHAR, 300), true, "VARCHAR(300)", null, null))
                .primaryKey("id")
                .build();
        PublishedSchema v2 = PublishedSchema.of(TABLE, altered);
        MapTopic topic = new MapTopic();
        topic.records.put(PUBLISHED.id(), PUBLISHED.document());
        ChangeRecordParser parser = parser(ValueFormat.JSON, topic, false);
        Golden.Events out = new Golden.Events();
        parser.parse("t", 0, 0, 0L, null, utf8(ROW), header(PUBLISHED.id()), out);
        topic.records.put(v2.id(), v2.document());
        parser.parse("t", 1, 0, 0L, null, utf8("{\"id\":2,\"c_double\":-1e300,\"c_new\":\"x\"}"), header(v2.id()), out);
        parser.parse("t", 0, 1, 0L, null, utf8(ROW.replace("\"id\":1", "\"id\":3")), header(PUBLISHED.id()), out);
        TableSchema last = out.list.get(2).schema();
        assertThat(last.columnNames()).containsExactly("id", "c_double", "c_time", "c_ts", "c_dec", "c_bin", "c_new");
        assertThat(last.column(last.indexOf("c_new")).type()).isEqualTo(ColumnType.of(DataKind.VARCHAR, 300));
        assertThat(out.list.get(1).after()[1]).isEqualTo(-1e300);
        assertThat(Arrays.copyOf(out.list.get(2).after(), 2)).containsExactly(3, 1234567.890123d);
    }
}

package dev.cdclake.ingest.format;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Op;
import dev.cdclake.events.TableId;
import dev.cdclake.ingest.schema.InferenceSettings;
import dev.cdclake.ingest.transform.TransformRules;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static dev.cdclake.events.wire.ValueFormat.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonReaderTest {
    private static final byte[] ROW = Golden.bytes("json/customer-row.json");
    private static final byte[] KEY = Golden.bytes("json/customer-key.json");

    @Test
    void tableFromHeadersAndKeyFromRecordKey() throws Exception {
        ChangeRecordParser parser = Golden.parser(JSON, false, TransformRules.none());
        Golden.Events out = new Golden.Events();
        RecordHeaders headers = new RecordHeaders();
        headers.add("namespace", new byte[0]);
        headers.add("schemaName", "shop".getBytes(StandardCharsets.UTF_8));
        headers.add("tableName", "clients".getBytes(StandardCharsets.UTF_8));

        parser.parse("whatever", 0, 0, 77L, "{\"id\":4}".getBytes(StandardCharsets.UTF_8), ROW, headers, out);

        ChangeEvent e = out.single();
        assertThat(e.op()).isEqualTo(Op.INSERT);
        assertThat(e.tableId()).isEqualTo(TableId.of("shop", "clients"));
        assertThat(e.schema().primaryKeys()).containsExactly("id");
        assertThat(e.after()).containsExactly(4, "John", "New York", "1234", 12);
        assertThat(e.opTs()).isEqualTo(77L);
    }

    @Test
    void tableFromKeyTableIdThenTombstoneDeletes() throws Exception {
        ChangeRecordParser parser = Golden.parser(JSON, false, TransformRules.none());
        Golden.Events out = new Golden.Events();

        parser.parse("customers", 0, 0, 1L, KEY, ROW, null, out);
        parser.parse("customers", 0, 1, 2L, KEY, null, null, out);

        assertThat(out.list).extracting(ChangeEvent::op).containsExactly(Op.INSERT, Op.DELETE);
        ChangeEvent delete = out.list.get(1);
        assertThat(delete.tableId()).isEqualTo(TableId.of("kafka_test", "customers"));
        assertThat(delete.before()).containsExactly(4, null, null, null, null);
        assertThat(delete.schema().columnCount()).isEqualTo(5);
    }

    @Test
    void tableFromTopicNameOrDefaultDatabase() throws Exception {
        Golden.Events out = new Golden.Events();
        ChangeRecordParser parser = Golden.parser(JSON, false, Golden.referenceRules());
        parser.parse("kafka_test.customers", 0, 0, 0L, null, ROW, null, out);
        assertThat(out.single().tableId()).isEqualTo(TableId.of("kafka_test", "customers"));

        assertThatThrownBy(() -> parser.parse("customers", 0, 1, 0L, null, ROW, null, out))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("missing table identity")
                .hasMessageContaining("set topic.default-database");

        ChangeRecordParser withDefault = new ParserSettings(
                        JSON,
                        false,
                        true,
                        InferenceSettings.continuous(),
                        "shop",
                        Golden.referenceRules(),
                        ParserSettings.SchemaTopicSettings.DEFAULT)
                .createParser();
        Golden.Events second = new Golden.Events();
        withDefault.parse("customers", 0, 0, 0L, null, ROW, null, second);
        assertThat(second.single().tableId()).isEqualTo(TableId.of("shop", "customers"));
    }

    @Test
    void tombstoneWithoutKeyIsBad() {
        ChangeRecordParser parser = Golden.parser(JSON, false, Golden.referenceRules());
        assertThatThrownBy(() -> parser.parse("kafka_test.customers", 1, 5, 0L, null, null, null, new Golden.Events()))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("Bad record at topic 'kafka_test.customers' partition 1 offset 5 of table"
                        + " kafka_test.customers: missing row image: a null value (delete) needs a JSON object key"
                        + " naming the row's primary key, but the key is null");
    }
}

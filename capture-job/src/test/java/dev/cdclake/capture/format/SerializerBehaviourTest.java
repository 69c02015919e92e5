package dev.cdclake.capture.format;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Column;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.SourceColumnType;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.typeinfo.ChangeEventSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;

import static dev.cdclake.capture.format.FormatTestData.CUSTOMERS;
import static dev.cdclake.capture.format.FormatTestData.CUSTOMERS_SCHEMA;
import static dev.cdclake.capture.format.FormatTestData.customerFourPhoneUpdate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keys, schema changes, bad input and shipping of the serializers. */
class SerializerBehaviourTest {
    private static final TableId ORDERS = TableId.of("shop", "orders");

    /** Primary key (id, tenant) declared in the other order than the columns. */
    private static final TableSchema ORDERS_SCHEMA = TableSchema.builder()
            .column("tenant", ColumnType.of(DataKind.VARCHAR, 32), false)
            .column("id", ColumnType.of(DataKind.BIGINT), false)
            .column("placed", ColumnType.of(DataKind.TIMESTAMP, 3), true)
            .primaryKey("id", "tenant")
            .build();

    private static final TableSchema NO_KEY_SCHEMA =
            TableSchema.builder().column("v", ColumnType.of(DataKind.INT), true).build();

    @Test
    void keysFollowPrimaryKeyOrder() {
        ChangeEvent event = ChangeEvent.insert(
                ORDERS, ORDERS_SCHEMA, new Object[] {"a\"b,c", 7L, LocalDateTime.of(2024, 1, 2, 3, 4, 5)}, 1L);
        assertThat(text(new JsonKeySerializer().serialize(event)))
                .isEqualTo("{\"TableId\":\"shop.orders\",\"id\":7,\"tenant\":\"a\\\"b,c\"}");
        assertThat(text(new CsvKeySerializer().serialize(event))).isEqualTo("\"shop.orders\",7,\"a\"\"b,c\"");
    }

    @Test
    void keyOfATableWithoutPrimaryKeyIsTheTableId() {
        ChangeEvent event = ChangeEvent.delete(TableId.of("db", "log"), NO_KEY_SCHEMA, new Object[] {1}, 1L);
        assertThat(text(new JsonKeySerializer().serialize(event))).isEqualTo("{\"TableId\":\"db.log\"}");
        assertThat(text(new CsvKeySerializer().serialize(event))).isEqualTo("\"db.log\"");
    }

    @Test
    void deleteKeyComesFromTheBeforeImage() {
        ChangeEvent delete = ChangeEvent.delete(CUSTOMERS, CUSTOMERS_SCHEMA, new Object[] {9, "x", null, null, 1}, 1L);
        assertThat(text(new JsonKeySerializer().serialize(delete)))
                .isEqualTo("{\"TableId\":\"kafka_test.customers\",\"id\":9}");
        assertThat(text(new CsvKeySerializer().serialize(delete))).isEqualTo("\"kafka_test.customers\",9");
    }

    @Test
    void decimalsArePaddedToTheColumnScale() {
        TableSchema schema = TableSchema.builder()
                .column("price", ColumnType.decimal(10, 2), true)
                .build();
        ChangeEvent event = ChangeEvent.insert(ORDERS, schema, new Object[] {new BigDecimal("7")}, 1L);
        assertThat(text(new JsonSerializer().serialize(event))).isEqualTo("{\"price\":7.00}");
    }

    @Test
    void newSchemaOfATableIsPickedUp() {
        DebeziumJsonSerializer serializer = new DebeziumJsonSerializer();
        serializer.serialize(customerFourPhoneUpdate());
        TableSchema widened = TableSchema.builder()
                .column(CUSTOMERS_SCHEMA.column(0))
                .column(CUSTOMERS_SCHEMA.column(4))
                .column("new_col", ColumnType.of(DataKind.INT), true)
                .primaryKey("id")
                .build();
        ChangeEvent after = ChangeEvent.insert(CUSTOMERS, widened, new Object[] {5, 30, 1}, 2L);
        assertThat(text(serializer.serialize(after)))
                .isEqualTo("{\"before\":null,\"after\":{\"id\":5,\"age\":30,\"new_col\":1},\"op\":\"c\","
                        + "\"source\":{\"db\":\"kafka_test\",\"table\":\"customers\",\"ts_ms\":2}}");
    }

    @Test
    void commentChangeReachesTheIncludedSchema() throws Exception {
        DebeziumJsonSerializer serializer = new DebeziumJsonSerializer(JsonFormatConfig.DEFAULT, true);
        serializer.serialize(customerFourPhoneUpdate());
        Column age = CUSTOMERS_SCHEMA.column(4);
        TableSchema commented = TableSchema.builder()
                .column(CUSTOMERS_SCHEMA.column(0))
                .column(new Column(age.name(), age.type(), age.nullable(), age.sourceType(), null, "years"))
                .primaryKey("id")
                .build();
        ChangeEvent event = ChangeEvent.insert(CUSTOMERS, commented, new Object[] {4, 12}, 1L);
        assertThat(JsonAssertions.MAPPER
                        .readTree(serializer.serialize(event))
                        .at("/schema/fields/1/fields/1/doc")
                        .asText())
                .isEqualTo("years");
    }

    @Test
    void eventsAfterANetworkShuffleSerializeTheSame() throws Exception {
        ChangeEvent original = customerFourPhoneUpdate();
        ChangeEvent copy = shuffle(original);
        assertThat(copy.schema()).isNotSameAs(original.schema()).isEqualTo(original.schema());
        CanalJsonSerializer serializer = new CanalJsonSerializer();
        byte[] first = serializer.serialize(original);
        assertThat(serializer.serialize(copy)).isEqualTo(first);
        assertThat(serializer.serialize(shuffle(original))).isEqualTo(first);
    }

    @Test
    void sameSchemaInTwoTablesKeepsEachTableName() {
        JsonKeySerializer serializer = new JsonKeySerializer();
        Object[] row = {1, "n", "a", "p", 2};
        TableId other = TableId.of("kafka_test", "customers_copy");
        assertThat(text(serializer.serialize(ChangeEvent.insert(CUSTOMERS, CUSTOMERS_SCHEMA, row, 1L))))
                .contains("kafka_test.customers\"");
        assertThat(text(serializer.serialize(ChangeEvent.insert(other, CUSTOMERS_SCHEMA, row, 1L))))
                .contains("kafka_test.customers_copy\"");
    }

    @Test
    void valueOfTheWrongClassNamesColumnAndFixAndLeavesTheSerializerUsable() {
        DebeziumJsonSerializer serializer = new DebeziumJsonSerializer();
        ChangeEvent bad = ChangeEvent.insert(CUSTOMERS, CUSTOMERS_SCHEMA, new Object[] {4, "John", "NY", "1", 12L}, 1L);
        assertThatThrownBy(() -> serializer.serialize(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Column 'age' of kafka_test.customers is INT")
                .hasMessageContaining("must be java.lang.Integer")
                .hasMessageContaining("carries a java.lang.Long")
                .hasMessageNotContaining("12");
        assertThat(text(serializer.serialize(customerFourPhoneUpdate()))).startsWith("{\"before\":{\"id\":4,");
        assertThatThrownBy(() -> new CsvKeySerializer()
                        .serialize(ChangeEvent.insert(
                                CUSTOMERS, CUSTOMERS_SCHEMA, new Object[] {4L, "J", "NY", "1", 1}, 1L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Column 'id' of kafka_test.customers is INT");
    }

    @Test
    void rowImageOfTheWrongLengthIsRejected() {
        ChangeEvent bad = ChangeEvent.insert(CUSTOMERS, CUSTOMERS_SCHEMA, new Object[] {4, "John"}, 1L);
        assertThatThrownBy(() -> new JsonSerializer().serialize(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "has 2 values but its schema has 5 columns [id, name, address, phone_number, age]");
    }

    @Test
    void serializersAreShippableBeforeAndAfterUse() throws Exception {
        ChangeEvent event = customerFourPhoneUpdate();
        List<org.apache.flink.api.common.serialization.SerializationSchema<ChangeEvent>> serializers = List.of(
                new DebeziumJsonSerializer(JsonFormatConfig.DEFAULT, true),
                new CanalJsonSerializer(),
                new JsonSerializer(),
                new JsonKeySerializer(),
                new CsvKeySerializer());
        for (var serializer : serializers) {
            byte[] expected = serializer.serialize(event);
            var shipped = InstantiationUtil.clone(serializer);
            assertThat(shipped.serialize(event))
                    .as(serializer.getClass().getSimpleName())
                    .isEqualTo(expected);
        }
        RecordSerializer record = InstantiationUtil.clone(
                RecordSerializers.create(java.util.Map.of("value.format", "canal-json", "key.format", "csv")));
        record.open(null);
        assertThat(text(record.serializeKey(event))).isEqualTo("\"kafka_test.customers\",4");
        assertThat(text(record.serializeValue(event))).startsWith("{\"old\":[{\"id\":4,");
    }

    @Test
    void columnCommentsAndAllowedValuesFeedTheSchema() {
        assertThat(SourceColumnType.parse("enum('a','it''s','x,y')").values()).containsExactly("a", "it's", "x,y");
        assertThat(SourceColumnType.parse("SET('a')").values()).containsExactly("a");
        assertThat(SourceColumnType.parse("varchar(3)").values()).isEmpty();
        Column nowDefault =
                new Column("t", ColumnType.of(DataKind.TIMESTAMP), true, "datetime", "CURRENT_TIMESTAMP", null);
        assertThat(ConnectSchemaJson.parseDefault(nowDefault, "db.t")).isNull();
        Column uuidDefault = new Column("s", ColumnType.of(DataKind.VARCHAR, 36), true, "varchar(36)", "uuid()", null);
        assertThat(ConnectSchemaJson.parseDefault(uuidDefault, "db.t")).isNull();
        Column nullDefault = new Column("n", ColumnType.of(DataKind.INT), true, "int", "NULL", null);
        assertThat(ConnectSchemaJson.parseDefault(nullDefault, "db.t")).isNull();
        Column quoted = new Column("q", ColumnType.of(DataKind.VARCHAR, 9), true, "varchar(9)", "'it''s'", null);
        assertThat(ConnectSchemaJson.parseDefault(quoted, "db.t")).isEqualTo("it's");
    }

    private static ChangeEvent shuffle(ChangeEvent event) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        ChangeEventSerializer.INSTANCE.serialize(event, out);
        return ChangeEventSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

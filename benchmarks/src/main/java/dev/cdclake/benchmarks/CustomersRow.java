package dev.cdclake.benchmarks;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Column;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.typeinfo.ChangeEventSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The reference's customers table and its UPDATE of customer 4, the row every benchmark works on. */
public final class CustomersRow {
    public static final TableId TABLE = TableId.of("kafka_test", "customers");

    public static final TableSchema SCHEMA = TableSchema.builder()
            .column(new Column("id", ColumnType.of(DataKind.INT), false, "int", null, null))
            .column(new Column("name", ColumnType.of(DataKind.VARCHAR, 255), true, "varchar(255)", null, null))
            .column(new Column("address", ColumnType.of(DataKind.VARCHAR, 1024), true, "varchar(1024)", null, null))
            .column(new Column("phone_number", ColumnType.of(DataKind.VARCHAR, 512), true, "varchar(512)", null, null))
            .column(new Column("age", ColumnType.of(DataKind.INT), true, "int", null, null))
            .primaryKey("id")
            .build();

    private CustomersRow() {}

    /** {@code UPDATE customers SET phone_number = '1234' WHERE id = 4}, as the reference's expected output shows. */
    public static ChangeEvent update() {
        return ChangeEvent.update(
                TABLE,
                SCHEMA,
                new Object[] {4, "John", "New York", "2222", 12},
                new Object[] {4, "John", "New York", "1234", 12},
                1728528674000L);
    }

    public static ChangeEvent insert() {
        return ChangeEvent.insert(TABLE, SCHEMA, new Object[] {4, "John", "New York", "2222", 12}, 1728528674000L);
    }

    /**
     * The event after a round trip through Flink's serializer, as a sink behind a keyBy receives it: every copy
     * carries its own, equal, schema instance.
     */
    public static ChangeEvent afterNetworkShuffle(ChangeEvent event) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            ChangeEventSerializer.INSTANCE.serialize(event, out);
            return ChangeEventSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

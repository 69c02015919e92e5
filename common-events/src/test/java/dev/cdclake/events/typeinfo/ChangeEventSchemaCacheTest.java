package dev.cdclake.events.typeinfo;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Interleaved tables and schema versions survive the schema and table-id memoisation on both sides. */
class ChangeEventSchemaCacheTest {

    private static TableSchema schema(String... extra) {
        TableSchema.Builder b = TableSchema.builder().column("id", ColumnType.of(DataKind.BIGINT), false);
        for (String c : extra) {
            b.column(c, ColumnType.of(DataKind.STRING), true);
        }
        return b.primaryKey("id").build();
    }

    @Test
    void interleavedSchemasRoundTrip() throws Exception {
        TableSchema v1 = schema("a");
        TableSchema v2 = schema("a", "b");
        TableSchema v1Copy = schema("a");
        TableId t1 = TableId.of("db", "t1");
        TableId t2 = TableId.of("db", "t2");
        List<ChangeEvent> events = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            // more distinct schema instances than the cache holds, interleaved with recurring ones
            TableSchema distinct = schema("c" + i);
            events.add(ChangeEvent.insert(t1, v1, new Object[] {(long) i, "x"}, i));
            events.add(ChangeEvent.insert(t2, v2, new Object[] {(long) i, "x", null}, i));
            events.add(ChangeEvent.insert(t1, v1Copy, new Object[] {(long) i, "y"}, i));
            events.add(ChangeEvent.insert(t2, distinct, new Object[] {(long) i, "z"}, i));
        }
        List<ChangeEvent> back = roundTrip(events);
        assertThat(back).isEqualTo(events);
        // equal schema bytes give the same instance on the reading side
        assertThat(back.get(0).schema()).isSameAs(back.get(2).schema());
        assertThat(back.get(1).schema().columnNames()).containsExactly("id", "a", "b");
        // records of one table share one id instance on the reading side
        assertThat(back.get(0).tableId()).isSameAs(back.get(2).tableId());
    }

    @Test
    void tableIdsWithAnyNamesRoundTripAndStayDistinct() throws Exception {
        TableSchema s = schema();
        // names that split differently into database and table, characters of every varint length, and a surrogate
        // pair; "Aa" and "BB" share a String hash code
        List<TableId> ids = List.of(
                TableId.of("db", "t1"),
                TableId.of("db", "t10"),
                TableId.of("d", "bt1"),
                TableId.of("dbt", "1"),
                TableId.of("", "t"),
                TableId.of("Aa", "x"),
                TableId.of("BB", "x"),
                TableId.of("kafka_test", "customers"),
                TableId.of("bäse", "tåble"),
                TableId.of("データ", "表"),
                TableId.of("emoji\uD83D\uDE00", "t"),
                TableId.of("x".repeat(300), "y".repeat(70)));
        List<ChangeEvent> events = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (TableId id : ids) {
                events.add(ChangeEvent.insert(id, s, new Object[] {(long) round}, round));
            }
        }
        List<ChangeEvent> back = roundTrip(events);
        assertThat(back).isEqualTo(events);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(back.get(i).tableId().database()).isEqualTo(ids.get(i).database());
            assertThat(back.get(i).tableId().table()).isEqualTo(ids.get(i).table());
            int hash = ids.get(i).hashCode();
            if (ids.stream().filter(id -> id.hashCode() == hash).count() == 1) {
                // ids whose hash collides with another's take turns in the cache: equal, not always the same instance
                assertThat(back.get(i + ids.size()).tableId())
                        .isSameAs(back.get(i).tableId());
            }
        }
    }

    /** Writes the events with one serializer and reads them back with another, as two tasks would. */
    private static List<ChangeEvent> roundTrip(List<ChangeEvent> events) throws Exception {
        ChangeEventSerializer writer = new ChangeEventSerializer();
        DataOutputSerializer out = new DataOutputSerializer(1024);
        for (ChangeEvent e : events) {
            writer.serialize(e, out);
        }
        ChangeEventSerializer reader = new ChangeEventSerializer();
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        List<ChangeEvent> back = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            back.add(reader.deserialize(in));
        }
        return back;
    }
}

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

/** Interleaved tables and schema versions survive the schema memoisation on both sides. */
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
        assertThat(back).isEqualTo(events);
        // equal schema bytes give the same instance on the reading side
        assertThat(back.get(0).schema()).isSameAs(back.get(2).schema());
        assertThat(back.get(1).schema().columnNames()).containsExactly("id", "a", "b");
    }
}

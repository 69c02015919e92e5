package dev.cdclake.events.typeinfo;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Op;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

import java.io.IOException;
import java.util.List;

/**
 * Flink serializer for {@link ChangeEvent} in {@link ChangeEventCodec}'s format: the schema travels with the event and
 * every value is written in the binary form of its column's kind, so no event ever falls back to Kryo. Events are
 * immutable, so copies are the same instance. The schema and table-id caches ({@link SchemaCaches},
 * {@link TableIdCache}) make instances stateful: {@link #duplicate()} gives each thread its own.
 */
public final class ChangeEventSerializer extends TypeSerializer<ChangeEvent> {
    private static final long serialVersionUID = 1L;

    /** A prototype; Flink duplicates it per thread. */
    public static final ChangeEventSerializer INSTANCE = new ChangeEventSerializer();

    /** Flink asks for a reuse instance; events are immutable, so any event serves. */
    private static final ChangeEvent PLACEHOLDER =
            ChangeEvent.read(TableId.of("", ""), new TableSchema(List.of(), List.of(), null), new Object[0], 0L);

    private transient SchemaCaches schemas;
    private transient TableIdCache tableIds;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<ChangeEvent> duplicate() {
        return new ChangeEventSerializer();
    }

    @Override
    public ChangeEvent createInstance() {
        return PLACEHOLDER;
    }

    @Override
    public ChangeEvent copy(ChangeEvent from) {
        return from;
    }

    @Override
    public ChangeEvent copy(ChangeEvent from, ChangeEvent reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ChangeEvent event, DataOutputView out) throws IOException {
        ChangeEventCodec.writeOp(event.op(), out);
        if (event.isHeartbeat()) {
            ChangeEventCodec.writeHeartbeat(event, out);
            return;
        }
        if (event.op() == Op.SCHEMA_CHANGE) {
            ChangeEventCodec.writeSchemaChange(event, out);
            return;
        }
        StringValue.writeString(event.tableId().database(), out);
        StringValue.writeString(event.tableId().table(), out);
        out.writeLong(event.opTs());
        byte[] schema = schemas().bytesOf(event.schema());
        out.writeInt(schema.length);
        out.write(schema);
        int flags = (event.before() != null ? ChangeEventCodec.HAS_BEFORE : 0)
                | (event.after() != null ? ChangeEventCodec.HAS_AFTER : 0);
        out.writeByte(flags);
        if (event.before() != null) {
            ChangeEventCodec.writeRow(event.schema(), event.before(), out);
        }
        if (event.after() != null) {
            ChangeEventCodec.writeRow(event.schema(), event.after(), out);
        }
    }

    @Override
    public ChangeEvent deserialize(DataInputView in) throws IOException {
        Op op = ChangeEventCodec.readOp(in);
        if (tableIds == null) {
            tableIds = new TableIdCache();
        }
        if (op == Op.HEARTBEAT) {
            return ChangeEventCodec.readHeartbeat(in);
        }
        if (op == Op.SCHEMA_CHANGE) {
            return ChangeEventCodec.readSchemaChange(in);
        }
        TableId id = tableIds.read(in);
        long opTs = in.readLong();
        TableSchema schema = schemas().read(in, in.readInt());
        int flags = in.readByte();
        Object[] before = (flags & ChangeEventCodec.HAS_BEFORE) != 0 ? ChangeEventCodec.readRow(schema, in) : null;
        Object[] after = (flags & ChangeEventCodec.HAS_AFTER) != 0 ? ChangeEventCodec.readRow(schema, in) : null;
        return new ChangeEvent(op, id, schema, before, after, opTs);
    }

    @Override
    public ChangeEvent deserialize(ChangeEvent reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    private SchemaCaches schemas() {
        if (schemas == null) {
            schemas = new SchemaCaches();
        }
        return schemas;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof ChangeEventSerializer;
    }

    @Override
    public int hashCode() {
        return ChangeEventSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<ChangeEvent> snapshotConfiguration() {
        return new ChangeEventSerializerSnapshot();
    }

    /** Snapshot for savepoint compatibility. */
    public static final class ChangeEventSerializerSnapshot extends SimpleTypeSerializerSnapshot<ChangeEvent> {
        public ChangeEventSerializerSnapshot() {
            super(ChangeEventSerializer::new);
        }
    }
}

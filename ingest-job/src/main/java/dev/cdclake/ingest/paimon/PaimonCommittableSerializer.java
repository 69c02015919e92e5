package dev.cdclake.ingest.paimon;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.TableId;
import dev.cdclake.events.typeinfo.ChangeEventCodec;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.apache.paimon.table.sink.CommitMessage;
import org.apache.paimon.table.sink.CommitMessageSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Flink serializer of {@link PaimonCommittable}: checkpoint id, database, table, then the commit messages in Paimon's
 * own versioned {@link CommitMessageSerializer} format (its version is written once, so state written by one Paimon
 * version is read back by a later one). Progress, emptied and renamed committables start with a negative marker where
 * files start with their checkpoint id; state written before a marker existed still reads.
 */
public final class PaimonCommittableSerializer extends TypeSerializerSingleton<PaimonCommittable> {
    private static final long serialVersionUID = 1L;

    public static final PaimonCommittableSerializer INSTANCE = new PaimonCommittableSerializer();

    /** Written where the checkpoint id of files stands: a progress committable follows. */
    private static final long PROGRESS = -1L;
    /** Marks an {@link PaimonCommittable#emptied} committable without a mark (state before 2026-12-07). */
    private static final long EMPTIED = -2L;
    /**
     * Marks an {@link PaimonCommittable#emptied} committable: checkpoint id, table and the nullable mark of its
     * statement follow, no files.
     */
    private static final long EMPTIED_AT = -3L;
    /**
     * Marks a {@link PaimonCommittable#renamed} committable: checkpoint id, table, its new name, the mark of its
     * statement, the partition of the marker's copy and the number of copies follow, no files.
     */
    private static final long RENAMED = -4L;

    /**
     * Paimon's serializer reuses internal row buffers, so it is not thread-safe; this serializer is a stateless
     * singleton shared by every task of the JVM, hence one per call (committables are few: one per table, writer
     * subtask and checkpoint).
     */
    private static CommitMessageSerializer messageSerializer() {
        return new CommitMessageSerializer();
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public PaimonCommittable createInstance() {
        return null;
    }

    @Override
    public PaimonCommittable copy(PaimonCommittable from) {
        return from;
    }

    @Override
    public PaimonCommittable copy(PaimonCommittable from, PaimonCommittable reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(PaimonCommittable committable, DataOutputView out) throws IOException {
        if (committable.isProgress()) {
            // a marker where files start with their checkpoint id (never negative): old state still reads
            out.writeLong(PROGRESS);
            out.writeLong(committable.checkpointId());
            out.writeInt(committable.heartbeats().size());
            for (ChangeEvent heartbeat : committable.heartbeats()) {
                ChangeEventCodec.writeHeartbeat(heartbeat, out);
            }
            return;
        }
        if (committable.emptiesTable()) {
            out.writeLong(EMPTIED_AT);
            out.writeLong(committable.checkpointId());
            StringValue.writeString(committable.tableId().database(), out);
            StringValue.writeString(committable.tableId().table(), out);
            StringValue.writeString(committable.mark(), out);
            return;
        }
        if (committable.renamedTo() != null) {
            out.writeLong(RENAMED);
            out.writeLong(committable.checkpointId());
            StringValue.writeString(committable.tableId().database(), out);
            StringValue.writeString(committable.tableId().table(), out);
            StringValue.writeString(committable.renamedTo().database(), out);
            StringValue.writeString(committable.renamedTo().table(), out);
            StringValue.writeString(committable.mark(), out);
            StringValue.writeString(committable.copy(), out);
            out.writeInt(committable.copies());
            return;
        }
        CommitMessageSerializer messages = messageSerializer();
        out.writeLong(committable.checkpointId());
        StringValue.writeString(committable.tableId().database(), out);
        StringValue.writeString(committable.tableId().table(), out);
        out.writeInt(messages.getVersion());
        out.writeInt(committable.messages().size());
        for (CommitMessage message : committable.messages()) {
            byte[] bytes = messages.serialize(message);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    @Override
    public PaimonCommittable deserialize(DataInputView in) throws IOException {
        long checkpointId = in.readLong();
        if (checkpointId == PROGRESS) {
            long progressOf = in.readLong();
            int count = in.readInt();
            List<ChangeEvent> heartbeats = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                heartbeats.add(ChangeEventCodec.readHeartbeat(in));
            }
            return PaimonCommittable.progress(progressOf, heartbeats);
        }
        if (checkpointId == EMPTIED || checkpointId == EMPTIED_AT) {
            long emptiedAt = in.readLong();
            TableId table = TableId.of(StringValue.readString(in), StringValue.readString(in));
            return PaimonCommittable.emptied(
                    emptiedAt, table, checkpointId == EMPTIED_AT ? StringValue.readString(in) : null);
        }
        if (checkpointId == RENAMED) {
            long renamedAt = in.readLong();
            TableId table = TableId.of(StringValue.readString(in), StringValue.readString(in));
            TableId renamedTo = TableId.of(StringValue.readString(in), StringValue.readString(in));
            return PaimonCommittable.renamed(
                    renamedAt, table, renamedTo, StringValue.readString(in), StringValue.readString(in), in.readInt());
        }
        CommitMessageSerializer messages = messageSerializer();
        TableId tableId = TableId.of(StringValue.readString(in), StringValue.readString(in));
        int version = in.readInt();
        int count = in.readInt();
        List<CommitMessage> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            list.add(messages.deserialize(version, bytes));
        }
        return new PaimonCommittable(checkpointId, tableId, list);
    }

    @Override
    public PaimonCommittable deserialize(PaimonCommittable reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<PaimonCommittable> snapshotConfiguration() {
        return new PaimonCommittableSerializerSnapshot();
    }

    /** Snapshot for savepoint compatibility. */
    public static final class PaimonCommittableSerializerSnapshot
            extends SimpleTypeSerializerSnapshot<PaimonCommittable> {
        public PaimonCommittableSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}

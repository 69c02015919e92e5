package dev.cdclake.ingest.paimon;

import dev.cdclake.events.TableId;
import org.apache.paimon.table.sink.CommitMessage;

import java.util.List;
import java.util.Objects;

/**
 * The files one writer subtask prepared for one table in one checkpoint, travelling from the writers to the committer
 * and kept in the committer's state until the checkpoint completes. {@link #END_INPUT} marks what the writers flush at
 * the end of a bounded input, committed when the committer's input ends.
 */
public final class PaimonCommittable {
    /** Commit identifier of the data flushed at the end of a bounded input (Paimon's own convention). */
    public static final long END_INPUT = Long.MAX_VALUE;

    private final long checkpointId;
    private final TableId tableId;
    private final List<CommitMessage> messages;

    public PaimonCommittable(long checkpointId, TableId tableId, List<CommitMessage> messages) {
        this.checkpointId = checkpointId;
        this.tableId = Objects.requireNonNull(tableId, "tableId");
        this.messages = List.copyOf(messages);
    }

    public long checkpointId() {
        return checkpointId;
    }

    public TableId tableId() {
        return tableId;
    }

    public List<CommitMessage> messages() {
        return messages;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PaimonCommittable)) {
            return false;
        }
        PaimonCommittable that = (PaimonCommittable) o;
        return checkpointId == that.checkpointId && tableId.equals(that.tableId) && messages.equals(that.messages);
    }

    @Override
    public int hashCode() {
        return Objects.hash(checkpointId, tableId, messages);
    }

    @Override
    public String toString() {
        return "PaimonCommittable{checkpoint=" + checkpointId + ", table=" + tableId + ", messages=" + messages.size()
                + "}";
    }
}

package dev.cdclake.ingest.paimon;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.TableId;
import org.apache.paimon.table.sink.CommitMessage;

import javax.annotation.Nullable;
import java.util.List;
import java.util.Objects;

/**
 * The files one writer subtask prepared for one table in one checkpoint, travelling from the writers to the committer
 * and kept in the committer's state until the checkpoint completes. {@link #END_INPUT} marks what the writers flush at
 * the end of a bounded input, committed when the committer's input ends.
 *
 * <p>A {@link #progress} committable carries no files but the source's heartbeats a writer received in the checkpoint
 * (channel watermarks and the tables seen on channels): once the checkpoint is committed, every change they vouch for
 * is readable in the lake.
 *
 * <p>An {@link #emptied} committable says that the source table was dropped or truncated in the checkpoint (a DDL
 * marker under {@code evolve}): the committer empties the table before it commits the table's files of that
 * checkpoint, so only rows written after the statement remain.
 *
 * <p>A {@link #renamed} committable says that the source table was renamed in the checkpoint: the committer renames
 * the lake table after it committed the table's files of that checkpoint.
 */
public final class PaimonCommittable {
    /** Commit identifier of the data flushed at the end of a bounded input (Paimon's own convention). */
    public static final long END_INPUT = Long.MAX_VALUE;

    private final long checkpointId;

    @Nullable
    private final TableId tableId;

    private final List<CommitMessage> messages;
    private final List<ChangeEvent> heartbeats;
    private final boolean emptiesTable;

    /** The statement's mark of an emptied or renamed committable; null when unknown or for files. */
    @Nullable
    private final String mark;

    @Nullable
    private final TableId renamedTo;

    /** The Kafka partition whose copy of a rename's marker this is ("" when unknown), and how many copies there are. */
    private final String copy;

    private final int copies;

    public PaimonCommittable(long checkpointId, TableId tableId, List<CommitMessage> messages) {
        this(checkpointId, Objects.requireNonNull(tableId, "tableId"), messages, List.of(), false, null, null, "", 1);
    }

    private PaimonCommittable(
            long checkpointId,
            @Nullable TableId tableId,
            List<CommitMessage> messages,
            List<ChangeEvent> heartbeats,
            boolean emptiesTable,
            @Nullable String mark,
            @Nullable TableId renamedTo,
            String copy,
            int copies) {
        this.checkpointId = checkpointId;
        this.tableId = tableId;
        this.messages = List.copyOf(messages);
        this.heartbeats = List.copyOf(heartbeats);
        this.emptiesTable = emptiesTable;
        this.mark = mark;
        this.renamedTo = renamedTo;
        this.copy = copy;
        this.copies = copies;
    }

    /**
     * The source table was dropped or truncated before the barrier of {@code checkpointId}: its lake table is
     * emptied there.
     *
     * @param mark the statement's mark ({@link PaimonTableReconciler#markOf}), which the committer records with the
     *     emptying so that it is applied once; null when the statement's binlog position is unknown
     */
    public static PaimonCommittable emptied(long checkpointId, TableId tableId, @Nullable String mark) {
        return new PaimonCommittable(
                checkpointId,
                Objects.requireNonNull(tableId, "tableId"),
                List.of(),
                List.of(),
                true,
                mark,
                null,
                "",
                1);
    }

    /**
     * The source table was renamed before the barrier of {@code checkpointId}, as the copy of the statement's marker in
     * Kafka partition {@code copy} says: once every copy passed, its lake table takes the new name after the files of
     * the checkpoint of the last one.
     *
     * @param mark the statement's mark, which the renamed table keeps so that a replay does not rename again
     * @param copy the Kafka partition of the marker's copy, "" when unknown
     * @param copies into how many partitions capture-job copied the marker
     */
    public static PaimonCommittable renamed(
            long checkpointId, TableId tableId, TableId renamedTo, String mark, String copy, int copies) {
        return new PaimonCommittable(
                checkpointId,
                Objects.requireNonNull(tableId, "tableId"),
                List.of(),
                List.of(),
                false,
                Objects.requireNonNull(mark, "mark"),
                Objects.requireNonNull(renamedTo, "renamedTo"),
                Objects.requireNonNull(copy, "copy"),
                copies);
    }

    /** The Kafka partition of a {@link #renamed} committable's marker copy; "" when unknown. */
    public String copy() {
        return copy;
    }

    /** Into how many partitions a {@link #renamed} committable's marker was copied. */
    public int copies() {
        return copies;
    }

    /** The lake table's new name, for a {@link #renamed} committable; else null. */
    @Nullable
    public TableId renamedTo() {
        return renamedTo;
    }

    /** Whether the table's files of this checkpoint replace everything committed to it before. */
    public boolean emptiesTable() {
        return emptiesTable;
    }

    /** The mark of the statement an {@link #emptied} or {@link #renamed} committable applies; null when unknown. */
    @Nullable
    public String mark() {
        return mark;
    }

    /** The heartbeats a writer received before the barrier of {@code checkpointId}. */
    public static PaimonCommittable progress(long checkpointId, List<ChangeEvent> heartbeats) {
        return new PaimonCommittable(checkpointId, null, List.of(), heartbeats, false, null, null, "", 1);
    }

    public boolean isProgress() {
        return tableId == null;
    }

    /** The heartbeats of a progress committable; empty for files. */
    public List<ChangeEvent> heartbeats() {
        return heartbeats;
    }

    public long checkpointId() {
        return checkpointId;
    }

    /** The table of the files; null for a progress committable. */
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
        return checkpointId == that.checkpointId
                && emptiesTable == that.emptiesTable
                && Objects.equals(mark, that.mark)
                && Objects.equals(renamedTo, that.renamedTo)
                && copy.equals(that.copy)
                && copies == that.copies
                && Objects.equals(tableId, that.tableId)
                && messages.equals(that.messages)
                && heartbeats.equals(that.heartbeats);
    }

    @Override
    public int hashCode() {
        return Objects.hash(checkpointId, tableId, messages, heartbeats, emptiesTable, mark, renamedTo, copy, copies);
    }

    @Override
    public String toString() {
        return "PaimonCommittable{checkpoint=" + checkpointId + ", table=" + tableId + ", messages=" + messages.size()
                + ", heartbeats=" + heartbeats.size() + (emptiesTable ? ", empties the table at " + mark : "")
                + (renamedTo != null
                        ? ", renames the table to " + renamedTo + " at " + mark + " (copy " + copy + " of " + copies
                                + ")"
                        : "")
                + "}";
    }
}

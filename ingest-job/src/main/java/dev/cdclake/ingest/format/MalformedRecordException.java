package dev.cdclake.ingest.format;

import dev.cdclake.events.TableId;

import javax.annotation.Nullable;

/**
 * A Kafka record that cannot become change events. Thrown by the parsers with a {@link Reason} and a detail that says
 * what was expected; {@link #at} adds the record coordinates, so that the message of the exception the job sees names
 * topic, partition, offset and table. Whether the job fails or skips the record is the caller's policy.
 */
public final class MalformedRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a record was rejected. */
    public enum Reason {
        MALFORMED_JSON("malformed JSON"),
        UNKNOWN_OP("unknown operation"),
        MISSING_ROW_IMAGE("missing row image"),
        MISSING_TABLE_IDENTITY("missing table identity"),
        NULL_PRIMARY_KEY("null primary key"),
        VALUE_FITS_NO_TYPE("value fits no allowed type"),
        UNKNOWN_SCHEMA("unknown schema"),
        SCHEMA_MISMATCH("record and schema disagree"),
        TRANSFORM_FAILED("transform expression failed");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private final Reason reason;
    private final String detail;

    @Nullable
    private final TableId tableId;

    @Nullable
    private final String topic;

    private final int partition;
    private final long offset;

    public MalformedRecordException(Reason reason, String detail, @Nullable TableId tableId) {
        this(reason, detail, tableId, null, -1, -1, null);
    }

    public MalformedRecordException(
            Reason reason, String detail, @Nullable TableId tableId, @Nullable Throwable cause) {
        this(reason, detail, tableId, null, -1, -1, cause);
    }

    private MalformedRecordException(
            Reason reason,
            String detail,
            @Nullable TableId tableId,
            @Nullable String topic,
            int partition,
            long offset,
            @Nullable Throwable cause) {
        super(message(reason, detail, tableId, topic, partition, offset), cause);
        this.reason = reason;
        this.detail = detail;
        this.tableId = tableId;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    /** The same error with the record's coordinates (and the table, when the parser got that far). */
    public MalformedRecordException at(
            String recordTopic, int recordPartition, long recordOffset, @Nullable TableId table) {
        MalformedRecordException e = new MalformedRecordException(
                reason,
                detail,
                tableId != null ? tableId : table,
                recordTopic,
                recordPartition,
                recordOffset,
                getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** The same error with another detail, for callers that add what the user can do about it. */
    public MalformedRecordException withDetail(String newDetail) {
        MalformedRecordException e =
                new MalformedRecordException(reason, newDetail, tableId, topic, partition, offset, getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }

    private static String message(
            Reason reason,
            String detail,
            @Nullable TableId tableId,
            @Nullable String topic,
            int partition,
            long offset) {
        StringBuilder sb = new StringBuilder("Bad record");
        if (topic != null) {
            sb.append(" at topic '")
                    .append(topic)
                    .append("' partition ")
                    .append(partition)
                    .append(" offset ")
                    .append(offset);
        }
        if (tableId != null) {
            sb.append(" of table ").append(tableId);
        }
        return sb.append(": ").append(reason).append(": ").append(detail).toString();
    }

    public Reason reason() {
        return reason;
    }

    /** What was wrong and what was expected, without coordinates. */
    public String detail() {
        return detail;
    }

    @Nullable
    public TableId tableId() {
        return tableId;
    }

    /** @return the topic, or null before {@link #at} was applied. */
    @Nullable
    public String topic() {
        return topic;
    }

    /** @return the partition, or -1 before {@link #at} was applied. */
    public int partition() {
        return partition;
    }

    /** @return the offset, or -1 before {@link #at} was applied. */
    public long offset() {
        return offset;
    }
}

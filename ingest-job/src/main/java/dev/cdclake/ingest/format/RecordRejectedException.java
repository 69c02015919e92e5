package dev.cdclake.ingest.format;

import org.apache.flink.runtime.execution.SuppressRestartsException;

/**
 * A bad record found after parsing, by an operator chained to the Kafka source (the Paimon router: a column the table
 * cannot take, a value a column cannot hold). It travels back through the chained {@code collect} call into
 * {@link dev.cdclake.ingest.source.ChangeEventKafkaDeserializer}, which applies the bad-record policy to the record
 * being read, with its coordinates. Should it reach Flink instead (operator chaining disabled), it ends the job once
 * rather than restarting it forever on the same record: the record would fail again.
 */
public final class RecordRejectedException extends SuppressRestartsException {
    private static final long serialVersionUID = 1L;

    private final MalformedRecordException reason;

    public RecordRejectedException(MalformedRecordException reason) {
        super(reason);
        this.reason = reason;
    }

    public MalformedRecordException reason() {
        return reason;
    }

    @Override
    public String getMessage() {
        return reason.getMessage();
    }
}

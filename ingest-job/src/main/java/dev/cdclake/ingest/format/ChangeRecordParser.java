package dev.cdclake.ingest.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.wire.ValueFormat;
import dev.cdclake.ingest.format.MalformedRecordException.Reason;
import dev.cdclake.ingest.schema.InferenceStats;
import dev.cdclake.ingest.schema.PublishedSchemas;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

import javax.annotation.Nullable;
import java.io.IOException;

/**
 * Turns Kafka records of one {@link ValueFormat} into {@link ChangeEvent}s whose schema is the target table's
 * schema as inferred so far (monotone per parser: it only grows and widens) with its primary key.
 *
 * <p>Outcomes: events are handed to the collector and {@link ParseOutcome#EMITTED} returned; records skipped on purpose
 * (tombstones, truncates, DDL, ...) return their {@link ParseOutcome} and are counted ({@link #count}); bad records
 * throw {@link MalformedRecordException} carrying topic, partition, offset, table and reason, after which the parser
 * is still usable (a Canal message with several rows may have emitted the rows before the bad one); a configuration
 * the data shows to be unworkable throws {@link SourceConfigurationException}.
 *
 * <p>One instance per subtask (see {@link ParserSettings#createParser()}); not thread-safe. The
 * {@link #parse(String, int, long, long, byte[], byte[], Headers, Collector)} overload is the plain entry point for
 * benchmarks.
 */
public final class ChangeRecordParser implements AutoCloseable {
    private final JsonFactory factory = new JsonFactory();
    private final EventAssembler assembler;
    private final MessageReader reader;
    private final PublishedSchemas schemas;
    private final long[] counts = new long[ParseOutcome.values().length];

    ChangeRecordParser(ParserSettings settings, PublishedSchemas schemas) {
        this.schemas = schemas;
        this.assembler = new EventAssembler(
                settings.rules(),
                settings.inference(),
                settings.distributedTables() ? null : settings.distributedTablesOption(),
                settings.defaultDatabase());
        switch (settings.format()) {
            case CANAL_JSON:
                this.reader = new CanalJsonReader(factory, assembler, schemas, settings.tinyInt1AsBoolean());
                break;
            case JSON:
                this.reader = new JsonReader(factory, assembler, schemas);
                break;
            default:
                this.reader = new DebeziumJsonReader(factory, assembler, schemas);
        }
    }

    /** Parses a record as the Kafka source hands it over. */
    public ParseOutcome parse(ConsumerRecord<byte[], byte[]> record, Collector<ChangeEvent> out)
            throws MalformedRecordException {
        return parse(
                record.topic(),
                record.partition(),
                record.offset(),
                record.timestamp(),
                record.key(),
                record.value(),
                record.headers(),
                out);
    }

    /**
     * Parses one record.
     *
     * @param timestamp the record timestamp, the event time of messages without their own
     * @throws MalformedRecordException with the record's coordinates when the record cannot become events
     */
    public ParseOutcome parse(
            String topic,
            int partition,
            long offset,
            long timestamp,
            @Nullable byte[] key,
            @Nullable byte[] value,
            @Nullable Headers headers,
            Collector<ChangeEvent> out)
            throws MalformedRecordException {
        assembler.readingPartition(topic, partition);
        ParseOutcome outcome;
        try {
            outcome = reader.read(topic, timestamp, key, value, headers, out);
        } catch (MalformedRecordException e) {
            throw e.at(topic, partition, offset, null);
        } catch (JsonProcessingException e) {
            throw new MalformedRecordException(
                            Reason.MALFORMED_JSON,
                            e.getOriginalMessage()
                                    + (e.getLocation() != null
                                            ? " at " + e.getLocation().offsetDescription()
                                            : ""),
                            null,
                            e)
                    .at(topic, partition, offset, null);
        } catch (IOException e) {
            throw new MalformedRecordException(Reason.MALFORMED_JSON, String.valueOf(e.getMessage()), null, e)
                    .at(topic, partition, offset, null);
        }
        counts[outcome.ordinal()]++;
        return outcome;
    }

    /**
     * Learns each table's schema per Kafka partition, so that a DDL statement read in one partition does not reshape
     * the rows other partitions still carry from before it (capture-job's hash-by-key copies each DDL marker into
     * every partition). For ingest-job's {@code schema.change.behavior} evolve and try_evolve.
     */
    public ChangeRecordParser learningSchemasPerPartition() {
        assembler.learnSchemasPerPartition();
        return this;
    }

    /** Records with this outcome so far. */
    public long count(ParseOutcome outcome) {
        return counts[outcome.ordinal()];
    }

    public InferenceStats inferenceStats() {
        return assembler.stats();
    }

    /** Releases the schema topic's consumer, if a record made the parser open one. */
    @Override
    public void close() {
        schemas.close();
    }
}

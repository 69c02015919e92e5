package dev.cdclake.ingest.source;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.typeinfo.ChangeEventTypeInfo;
import dev.cdclake.ingest.format.ChangeRecordParser;
import dev.cdclake.ingest.format.MalformedRecordException;
import dev.cdclake.ingest.format.ParseOutcome;
import dev.cdclake.ingest.format.ParserSettings;
import dev.cdclake.ingest.format.RecordRejectedException;
import dev.cdclake.ingest.format.SourceConfigurationException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Parses each Kafka record into change events inside the source reader, and applies the bad-record policy to records
 * the parser rejects and to those the chained Paimon router rejects ({@link RecordRejectedException}): fail (default)
 * once, with an error naming topic, partition, offset, table and reason, and without restarts, because the same
 * record would fail again; or, with {@code ingestion.ignore-errors}, skip it, count it ({@code ingestionErrors}
 * metric), log it, and optionally copy it to a dead-letter topic before the reader moves on — the copy is acknowledged
 * before the record's offset can be checkpointed, so a skipped record is never lost. Heartbeat records become the
 * partitions' progress ({@link PartitionProgress}), never changes.
 */
public final class ChangeEventKafkaDeserializer implements KafkaRecordDeserializationSchema<ChangeEvent> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ChangeEventKafkaDeserializer.class);

    private final ParserSettings settings;
    private final boolean ignoreErrors;
    private final long maxErrors;

    @Nullable
    private final String deadLetterTopic;
    /** Connection settings (brokers, security) for the dead-letter producer and the schema topic's reader. */
    private final Map<String, String> clientProperties;
    /**
     * Whether each change and DDL marker carries its partition ({@link ChangeEvent#withChannel}) and schemas are learnt
     * per partition: the Paimon sink's evolve orders each partition's changes after the DDL markers it carried.
     */
    private final boolean channels;

    private transient ChangeRecordParser parser;
    private transient PartitionProgress progress;
    private transient Counter errors;
    private transient Map<ParseOutcome, Counter> skipped;
    private transient long errorCount;
    private transient KafkaProducer<byte[], byte[]> deadLetters;

    public ChangeEventKafkaDeserializer(
            ParserSettings settings,
            boolean ignoreErrors,
            long maxErrors,
            @Nullable String deadLetterTopic,
            Map<String, String> clientProperties,
            boolean channels) {
        this.settings = settings;
        this.ignoreErrors = ignoreErrors;
        this.maxErrors = maxErrors;
        this.deadLetterTopic = deadLetterTopic;
        this.clientProperties = new HashMap<>(clientProperties);
        this.channels = channels;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        parser = createParser();
        progress = new PartitionProgress(channels);
        errors = context.getMetricGroup().counter("ingestionErrors");
        skipped = new EnumMap<>(ParseOutcome.class);
        for (ParseOutcome o : ParseOutcome.values()) {
            if (o.skipped()) {
                skipped.put(
                        o,
                        context.getMetricGroup().counter("skipped_" + o.name().toLowerCase()));
            }
        }
        if (deadLetterTopic != null) {
            Properties p = new Properties();
            p.putAll(clientProperties);
            p.putIfAbsent("acks", "all");
            deadLetters = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        }
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ChangeEvent> out) throws IOException {
        if (parser == null) {
            parser = createParser();
            progress = new PartitionProgress(channels);
        }
        if (progress.heartbeat(record, out)) {
            return;
        }
        MalformedRecordException bad;
        try {
            ParseOutcome outcome = parser.parse(record, progress.tracking(record, out));
            if (outcome.skipped() && skipped != null) {
                skipped.get(outcome).inc();
            }
            return;
        } catch (MalformedRecordException e) {
            bad = e;
        } catch (SourceConfigurationException e) {
            // every later record of the table would fail the same way: end the job once, with the fix
            throw new SuppressRestartsException(e);
        } catch (RuntimeException e) {
            RecordRejectedException rejected = rejection(e);
            if (rejected == null) {
                throw e;
            }
            bad = rejected.reason().at(record.topic(), record.partition(), record.offset(), null);
        }
        if (!ignoreErrors) {
            // the same record would fail again after a restart: end the job once, naming the record
            throw new RecordRejectedException(bad.withDetail(bad.detail() + ". To skip such records set "
                    + "ingestion.ignore-errors: true (with ingestion.dead-letter.topic to keep them)"));
        }
        skip(record, bad);
    }

    /** The rejection of a chained operator, which Flink hands back wrapped (ExceptionInChainedOperatorException). */
    @Nullable
    private static RecordRejectedException rejection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordRejectedException) {
                return (RecordRejectedException) t;
            }
        }
        return null;
    }

    private ChangeRecordParser createParser() {
        String schemaTopic = settings.schemaTopic().topic();
        ChangeRecordParser created = settings.createParser(() -> new KafkaSchemaTopic(schemaTopic, clientProperties));
        return channels ? created.learningSchemasPerPartition() : created;
    }

    private void skip(ConsumerRecord<byte[], byte[]> record, MalformedRecordException e) throws IOException {
        errorCount++;
        if (errors != null) {
            errors.inc();
        }
        LOG.warn("Skipping bad record ({} so far in this subtask): {}", errorCount, e.getMessage());
        if (maxErrors >= 0 && errorCount > maxErrors) {
            throw new SuppressRestartsException(new IOException(
                    "More than ingestion.error-tolerance.max-count = " + maxErrors
                            + " bad records in this source subtask; the last: " + e.getMessage(),
                    e));
        }
        if (deadLetters != null) {
            RecordHeaders headers = new RecordHeaders();
            for (Header h : record.headers()) {
                headers.add(h);
            }
            headers.add("cdclake.error", e.getMessage().getBytes(StandardCharsets.UTF_8));
            headers.add(
                    "cdclake.origin",
                    (record.topic() + "/" + record.partition() + "@" + record.offset())
                            .getBytes(StandardCharsets.UTF_8));
            try {
                deadLetters
                        .send(new ProducerRecord<>(
                                deadLetterTopic, null, record.timestamp(), record.key(), record.value(), headers))
                        .get(60, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while writing a bad record to " + deadLetterTopic, ie);
            } catch (ExecutionException | java.util.concurrent.TimeoutException de) {
                throw new IOException(
                        "Cannot write the bad record " + record.topic() + "/" + record.partition() + "@"
                                + record.offset() + " to dead-letter topic " + deadLetterTopic + ": " + de,
                        de);
            }
        }
    }

    @Override
    public TypeInformation<ChangeEvent> getProducedType() {
        return ChangeEventTypeInfo.INSTANCE;
    }
}

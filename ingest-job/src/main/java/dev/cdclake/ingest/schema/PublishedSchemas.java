package dev.cdclake.ingest.schema;

import dev.cdclake.events.Column;
import dev.cdclake.events.TableId;
import dev.cdclake.events.registry.PublishedSchema;
import dev.cdclake.events.wire.WireNames;
import dev.cdclake.ingest.format.MalformedRecordException;
import dev.cdclake.ingest.format.MalformedRecordException.Reason;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The table schemas capture-job publishes ({@link PublishedSchema}), as the records name them in their
 * {@code cdclake.schema} header: each field of a record naming one gets the published column's exact type, so plain
 * debezium-json, canal-json and json read as exactly as with a schema envelope.
 *
 * <p>The schema topic is read when the first record naming a schema arrives, and followed from then on: a record
 * naming an id not read yet makes the reader catch up to the topic's end (a schema is acknowledged before any record
 * naming it is written, so it is there), and if it is still unknown, wait up to {@code schema.wait.timeout} for it.
 * An id that stays unknown (the topic was deleted or is unreadable, or the record comes from elsewhere) makes the
 * record a bad record, or, with {@code schema.fallback-to-inference.enabled}, lets its types be inferred from the
 * values. Records without the header are read as before (a foreign producer).
 *
 * <p>Per record: one header look-up and, for consecutive records of one schema, one byte comparison. One instance per
 * parser; not thread-safe.
 */
public final class PublishedSchemas implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PublishedSchemas.class);
    /** How often a record naming an unknown schema may make the reader look at the topic again. */
    private static final long MISSING_RECHECK_NANOS = Duration.ofSeconds(1).toNanos();

    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

    private final Supplier<SchemaTopic> topicFactory;
    private final Duration wait;
    private final boolean fallbackToInference;

    @Nullable
    private SchemaTopic topic;

    private final Map<String, byte[]> documents = new HashMap<>();
    private final Map<String, Resolved> resolved = new HashMap<>();
    private final Set<String> missing = new HashSet<>();
    private final Set<String> warned = new HashSet<>();
    private long lastMissingCheck;

    @Nullable
    private byte[] lastId;

    @Nullable
    private Resolved last;

    /**
     * @param topicFactory opens the schema topic, called when the first record naming a schema arrives
     * @param wait how long a record naming an unknown schema waits for it to appear
     */
    public PublishedSchemas(Supplier<SchemaTopic> topicFactory, Duration wait, boolean fallbackToInference) {
        this.topicFactory = topicFactory;
        this.wait = wait;
        this.fallbackToInference = fallbackToInference;
    }

    /**
     * The schema a record names, or null when it names none (or names an unknown one and inference is the fallback).
     *
     * @throws MalformedRecordException when the record names a schema that cannot be found or read
     */
    @Nullable
    public Resolved of(@Nullable Headers headers) throws MalformedRecordException {
        Header header = headers == null ? null : headers.lastHeader(WireNames.SCHEMA_ID_HEADER);
        byte[] id = header == null ? null : header.value();
        if (id == null) {
            return null;
        }
        if (last != null && Arrays.equals(id, lastId)) {
            return last;
        }
        String text = new String(id, StandardCharsets.US_ASCII);
        Resolved r = resolved.get(text);
        if (r == null) {
            r = resolve(text);
            if (r == null) {
                return null;
            }
            resolved.put(text, r);
        }
        lastId = id;
        last = r;
        return r;
    }

    @Nullable
    private Resolved resolve(String id) throws MalformedRecordException {
        byte[] document = documents.get(id);
        String failure = null;
        if (document == null) {
            try {
                document = find(id);
            } catch (IllegalStateException e) {
                failure = e.getMessage();
            }
        }
        if (document == null) {
            if (fallbackToInference) {
                if (warned.add(id)) {
                    LOG.warn(
                            "Records name schema {}, which {}; their types are inferred from their values "
                                    + "(schema.fallback-to-inference.enabled)",
                            id,
                            failure != null ? failure : "schema topic '" + topicName() + "' does not hold");
                }
                return null;
            }
            throw new MalformedRecordException(
                    Reason.UNKNOWN_SCHEMA,
                    "the record names schema " + id + " in its "
                            + WireNames.SCHEMA_ID_HEADER + " header, but "
                            + (failure != null
                                    ? failure
                                    : "schema topic '" + topicName() + "' does not hold it (was the"
                                            + " topic deleted, or is this not the schema topic capture-job writes to?)")
                            + "; set schema.topic to capture-job's schema topic, or "
                            + "schema.fallback-to-inference.enabled:"
                            + " true to infer such records' types from their values",
                    null);
        }
        try {
            return new Resolved(PublishedSchema.parse(document));
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException(
                    Reason.UNKNOWN_SCHEMA,
                    "schema " + id + " in schema topic '" + topicName() + "' cannot be read: " + e.getMessage(),
                    null,
                    e);
        }
    }

    /** Reads the topic up to its end, then waits a bounded time for the id; null when it does not appear. */
    @Nullable
    private byte[] find(String id) {
        boolean knownMissing = missing.contains(id);
        long now = System.nanoTime();
        if (knownMissing && now - lastMissingCheck < MISSING_RECHECK_NANOS) {
            return null;
        }
        SchemaTopic t = topic();
        t.readNew(documents::put, CATCH_UP_TIMEOUT);
        long deadline = System.nanoTime() + (knownMissing ? 0 : wait.toNanos());
        while (!documents.containsKey(id) && System.nanoTime() < deadline) {
            t.readNew(documents::put, Duration.ofMillis(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        }
        lastMissingCheck = System.nanoTime();
        byte[] document = documents.get(id);
        if (document == null) {
            missing.add(id);
        } else {
            missing.remove(id);
        }
        return document;
    }

    private SchemaTopic topic() {
        if (topic == null) {
            topic = topicFactory.get();
        }
        return topic;
    }

    private String topicName() {
        return topic == null ? "?" : topic.name();
    }

    @Override
    public void close() {
        if (topic != null) {
            topic.close();
            topic = null;
        }
    }

    /** A published schema ready for decoding: each column's declared type, the primary key, the table. */
    public static final class Resolved {
        private final String id;
        private final TableId tableId;
        private final Map<String, DeclaredType> fields;
        private final List<String> primaryKeys;

        @Nullable
        private final String tableComment;

        Resolved(PublishedSchema published) {
            this.id = published.id();
            this.tableId = published.tableId();
            Map<String, DeclaredType> byName = new HashMap<>();
            for (Column c : published.schema().columns()) {
                byName.put(
                        c.name(),
                        new DeclaredType(
                                c.type(),
                                ValueEncoding.PLAIN,
                                c.nullable(),
                                c.sourceType(),
                                c.comment(),
                                c.defaultValue()));
            }
            this.fields = Collections.unmodifiableMap(byName);
            this.primaryKeys = published.schema().primaryKeys();
            this.tableComment = published.schema().comment();
        }

        public String id() {
            return id;
        }

        public TableId tableId() {
            return tableId;
        }

        /** The declared type of a column, or null when the schema has no such column. */
        @Nullable
        public DeclaredType field(String name) {
            return fields.get(name);
        }

        public List<String> primaryKeys() {
            return primaryKeys;
        }

        @Nullable
        public String tableComment() {
            return tableComment;
        }
    }
}

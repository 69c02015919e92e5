package dev.cdclake.capture.sink;

import dev.cdclake.events.SourceDdl;

import java.nio.charset.StandardCharsets;

/**
 * A change already rendered into Kafka bytes, as it travels from the serializing operator to the Kafka writers. A Flink
 * POJO (public fields, no-arg constructor): Flink serializes it without Kryo.
 */
public class SerializedRecord {
    /** Destination topic. */
    public String topic;
    /** Explicit partition, or -1 to let the producer's partitioner hash the key. */
    public int partition;

    public byte[] key;
    /** Null for a tombstone. */
    public byte[] value;

    public String database;
    public String table;
    /**
     * Chooses the Kafka writer ({@code writerHash mod writers}): under all-to-zero the table's hash, so that a table's
     * changes and DDL markers keep their order in partition 0; under hash-by-key the key's murmur2, so that one key's
     * changes keep theirs.
     */
    public int writerHash;
    /** The id of the record's published schema (the {@code cdclake.schema} header), or null when none is published. */
    public byte[] schemaId;
    /** The Kafka record timestamp: the change's commit time (read time for snapshot rows), epoch milliseconds. */
    public long timestamp;
    /**
     * The value of the {@code cdclake.heartbeat} header of a heartbeat ({@link #heartbeat}), null for a change. A
     * heartbeat has no key, an empty value, and its {@link #writerHash} is the index of the writer that must send it.
     */
    public byte[] heartbeat;
    /**
     * The value of the {@code cdclake.ddl} header of a DDL marker ({@link #ddlMarker}), null for a change. A marker has
     * no key and an empty value.
     */
    public byte[] ddl;

    public SerializedRecord() {}

    public SerializedRecord(
            String topic,
            int partition,
            byte[] key,
            byte[] value,
            String database,
            String table,
            int writerHash,
            byte[] schemaId,
            long timestamp) {
        this.topic = topic;
        this.partition = partition;
        this.key = key;
        this.value = value;
        this.database = database;
        this.table = table;
        this.writerHash = writerHash;
        this.schemaId = schemaId;
        this.timestamp = timestamp;
    }

    /** The marker of a DDL statement, for {@code partition} of {@code topic}, sent by writer {@code writerHash}. */
    public static SerializedRecord ddlMarker(
            String topic, int partition, SourceDdl ddl, long timestamp, int writerHash) {
        SerializedRecord r = new SerializedRecord();
        r.topic = topic;
        r.partition = partition;
        r.value = new byte[0];
        r.database = ddl.table().database();
        r.table = ddl.table().table();
        r.timestamp = timestamp;
        r.ddl = ddl.document();
        r.writerHash = writerHash;
        return r;
    }

    /** The heartbeat that writer {@code writer} of {@code writers} sends to {@code partition} of {@code topic}. */
    public static SerializedRecord heartbeat(String topic, int partition, long watermark, int writer, int writers) {
        SerializedRecord r = new SerializedRecord();
        r.topic = topic;
        r.partition = partition;
        r.value = new byte[0];
        r.writerHash = writer;
        r.timestamp = watermark;
        r.heartbeat = (watermark + " " + writer + "/" + writers).getBytes(StandardCharsets.US_ASCII);
        return r;
    }
}

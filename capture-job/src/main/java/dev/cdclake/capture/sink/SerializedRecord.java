package dev.cdclake.capture.sink;

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
    /** Hash of table and primary key: records of one key go to one writer, which keeps their order. */
    public int keyHash;
    /** The id of the record's published schema (the {@code cdclake.schema} header), or null when none is published. */
    public byte[] schemaId;

    public SerializedRecord() {}

    public SerializedRecord(
            String topic,
            int partition,
            byte[] key,
            byte[] value,
            String database,
            String table,
            int keyHash,
            byte[] schemaId) {
        this.topic = topic;
        this.partition = partition;
        this.key = key;
        this.value = value;
        this.database = database;
        this.table = table;
        this.keyHash = keyHash;
        this.schemaId = schemaId;
    }
}

package dev.cdclake.events.typeinfo;

import dev.cdclake.events.TableSchema;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The schema caches of one {@link ChangeEventSerializer}: every record carries its whole schema (receivers share no
 * state with senders), but the writer copies the cached bytes of a schema instance it has written before, and the
 * reader hands out the {@link TableSchema} it decoded before for the same bytes, so the per-record schema cost is a
 * copy
 * and a comparison. Not thread-safe.
 */
final class SchemaCaches {
    /** More distinct schemas than this in one stream (many tables, many versions) simply start a fresh cache. */
    static final int MAX_CACHED_SCHEMAS = 256;

    private final Map<TableSchema, byte[]> bytesBySchema = new IdentityHashMap<>();
    private final DataOutputSerializer schemaOut = new DataOutputSerializer(256);
    private final Map<SchemaKey, SchemaKey> schemas = new HashMap<>();
    /** The schema of the previous record read: consecutive records of one table skip the hashing. */
    private SchemaKey lastRead;

    private byte[] readBuffer = new byte[256];

    /** The encoded form of a schema ({@link ChangeEventCodec#writeSchema}), computed once per instance. */
    byte[] bytesOf(TableSchema schema) throws IOException {
        byte[] bytes = bytesBySchema.get(schema);
        if (bytes == null) {
            schemaOut.clear();
            ChangeEventCodec.writeSchema(schema, schemaOut);
            bytes = schemaOut.getCopyOfBuffer();
            if (bytesBySchema.size() >= MAX_CACHED_SCHEMAS) {
                bytesBySchema.clear();
            }
            bytesBySchema.put(schema, bytes);
        }
        return bytes;
    }

    /** Reads {@code length} schema bytes and returns the schema they encode, decoding only bytes not seen before. */
    TableSchema read(DataInputView in, int length) throws IOException {
        if (readBuffer.length < length) {
            readBuffer = new byte[Math.max(length, 2 * readBuffer.length)];
        }
        in.readFully(readBuffer, 0, length);
        if (lastRead != null && lastRead.holds(readBuffer, length)) {
            return lastRead.schema;
        }
        SchemaKey known = schemas.get(new SchemaKey(readBuffer, length, null));
        if (known == null) {
            known = new SchemaKey(
                    Arrays.copyOf(readBuffer, length),
                    length,
                    ChangeEventCodec.readSchema(new DataInputDeserializer(readBuffer, 0, length)));
            if (schemas.size() >= MAX_CACHED_SCHEMAS) {
                schemas.clear();
            }
            schemas.put(known, known);
        }
        lastRead = known;
        return known.schema;
    }

    /** Schema bytes as a map key; a probe wraps the read buffer, stored keys own a copy and carry their schema. */
    private static final class SchemaKey {
        private final byte[] bytes;
        private final int length;
        private final int hash;
        private final TableSchema schema;

        SchemaKey(byte[] bytes, int length, TableSchema schema) {
            this.bytes = bytes;
            this.length = length;
            this.schema = schema;
            int h = 1;
            for (int i = 0; i < length; i++) {
                h = 31 * h + bytes[i];
            }
            this.hash = h;
        }

        boolean holds(byte[] other, int otherLength) {
            return Arrays.equals(bytes, 0, length, other, 0, otherLength);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof SchemaKey)) {
                return false;
            }
            SchemaKey k = (SchemaKey) o;
            return hash == k.hash && Arrays.equals(bytes, 0, length, k.bytes, 0, k.length);
        }
    }
}

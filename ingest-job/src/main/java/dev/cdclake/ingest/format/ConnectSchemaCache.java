package dev.cdclake.ingest.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdclake.ingest.schema.ConnectSchema;

import javax.annotation.Nullable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Parsed Kafka Connect schemas by their exact bytes. Every message of a table repeats the same schema text, so a hit
 * costs a hash over the bytes and one comparison, and the {@link ConnectSchema} (with its {@code DeclaredType}
 * instances, which columns compare by identity) is shared by all messages with that schema.
 *
 * <p>A message that repeats the last schema in the layout Kafka Connect's {@code JsonConverter} and capture-job write,
 * {@code {"schema":…,"payload":…}}, is recognised by one byte comparison ({@link #payloadAfterLastSchema}), without
 * tokenizing the schema: the schema is most of such a message, and its parameters make it longer.
 */
final class ConnectSchemaCache {
    private static final int MAX_ENTRIES = 4096;
    private static final byte[] SCHEMA_MEMBER = "{\"schema\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAYLOAD_MEMBER = ",\"payload\":".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<Key, Entry> schemas = new HashMap<>();
    private final Key probe = new Key();
    /** The entry most recently returned by {@link #get}. */
    @Nullable
    private Entry last;

    ConnectSchema get(byte[] bytes, int from, int to) throws IOException {
        probe.set(bytes, from, to);
        Entry entry = schemas.get(probe);
        if (entry == null) {
            if (schemas.size() >= MAX_ENTRIES) {
                schemas.clear();
            }
            Key key = new Key();
            key.set(Arrays.copyOfRange(bytes, from, to), 0, to - from);
            entry = new Entry(key, ConnectSchema.of(mapper.readTree(bytes, from, to - from)));
            schemas.put(key, entry);
        }
        last = entry;
        return entry.schema;
    }

    /**
     * The index where the payload value starts when {@code value} begins with {@code {"schema":}, the bytes of the
     * last schema and {@code ,"payload":}; else -1. Those bytes are a complete JSON object, so equal bytes are that
     * same schema and end where it ends.
     */
    int payloadAfterLastSchema(byte[] value) {
        if (last == null) {
            return -1;
        }
        Key schema = last.key;
        int schemaEnd = SCHEMA_MEMBER.length + schema.length();
        int payload = schemaEnd + PAYLOAD_MEMBER.length;
        boolean same = value.length > payload
                && Arrays.equals(value, 0, SCHEMA_MEMBER.length, SCHEMA_MEMBER, 0, SCHEMA_MEMBER.length)
                && Arrays.equals(value, SCHEMA_MEMBER.length, schemaEnd, schema.bytes, schema.from, schema.to)
                && Arrays.equals(value, schemaEnd, payload, PAYLOAD_MEMBER, 0, PAYLOAD_MEMBER.length);
        return same ? payload : -1;
    }

    /** The schema whose bytes {@link #payloadAfterLastSchema} matched. */
    ConnectSchema lastSchema() {
        return last.schema;
    }

    /** A parsed schema and the key that owns a copy of its bytes. */
    private static final class Entry {
        final Key key;
        final ConnectSchema schema;

        Entry(Key key, ConnectSchema schema) {
            this.key = key;
            this.schema = schema;
        }
    }

    /** A byte range; the probe instance is re-pointed for look-ups, stored keys own a copy. */
    private static final class Key {
        private byte[] bytes;
        private int from;
        private int to;
        private int hash;

        int length() {
            return to - from;
        }

        void set(byte[] b, int f, int t) {
            bytes = b;
            from = f;
            to = t;
            int h = 1;
            for (int i = f; i < t; i++) {
                h = 31 * h + b[i];
            }
            hash = h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return hash == k.hash && Arrays.equals(bytes, from, to, k.bytes, k.from, k.to);
        }
    }
}

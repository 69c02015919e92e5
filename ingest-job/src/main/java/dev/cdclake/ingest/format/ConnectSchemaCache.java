package dev.cdclake.ingest.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdclake.ingest.schema.ConnectSchema;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Parsed Kafka Connect schemas by their exact bytes. Every message of a table repeats the same schema text, so a hit
 * costs a hash over the bytes and one comparison, and the {@link ConnectSchema} (with its {@code DeclaredType}
 * instances, which columns compare by identity) is shared by all messages with that schema.
 */
final class ConnectSchemaCache {
    private static final int MAX_ENTRIES = 4096;

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<Key, ConnectSchema> schemas = new HashMap<>();
    private final Key probe = new Key();

    ConnectSchema get(byte[] bytes, int from, int to) throws IOException {
        probe.set(bytes, from, to);
        ConnectSchema schema = schemas.get(probe);
        if (schema == null) {
            schema = ConnectSchema.of(mapper.readTree(bytes, from, to - from));
            if (schemas.size() >= MAX_ENTRIES) {
                schemas.clear();
            }
            Key key = new Key();
            key.set(Arrays.copyOfRange(bytes, from, to), 0, to - from);
            schemas.put(key, schema);
        }
        return schema;
    }

    /** A byte range; the probe instance is re-pointed for look-ups, stored keys own a copy. */
    private static final class Key {
        private byte[] bytes;
        private int from;
        private int to;
        private int hash;

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

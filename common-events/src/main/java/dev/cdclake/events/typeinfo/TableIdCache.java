package dev.cdclake.events.typeinfo;

import dev.cdclake.events.TableId;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.types.StringValue;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a table id written as two {@link StringValue}s into a reused buffer and returns the instance read before for
 * the same names, so that records of known tables allocate no strings. Not thread-safe.
 */
final class TableIdCache {
    /** More distinct tables than this in one stream simply start a fresh cache. */
    static final int MAX_CACHED_TABLE_IDS = 1024;

    /** Table ids read, by the hash of their two names. */
    private final Map<Integer, TableId> tableIds = new HashMap<>();

    private char[] nameBuffer = new char[64];

    TableId read(DataInputView in) throws IOException {
        int databaseLength = readName(in, 0);
        int tableLength = readName(in, databaseLength);
        int hash = 31 * hash(0, databaseLength) + hash(databaseLength, tableLength);
        TableId known = tableIds.get(hash);
        if (known != null
                && sameChars(known.database(), 0, databaseLength)
                && sameChars(known.table(), databaseLength, tableLength)) {
            return known;
        }
        TableId id = TableId.of(
                new String(nameBuffer, 0, databaseLength), new String(nameBuffer, databaseLength, tableLength));
        if (tableIds.size() >= MAX_CACHED_TABLE_IDS) {
            tableIds.clear();
        }
        tableIds.put(hash, id);
        return id;
    }

    /**
     * Decodes a non-null {@link StringValue} (length + 1, then each char, 7 bits per byte) into nameBuffer at offset.
     */
    private int readName(DataInputView in, int offset) throws IOException {
        int length = readVarChar(in) - 1;
        if (length < 0) {
            throw new IOException("A change event's table id has a null name; the stream is corrupt");
        }
        if (nameBuffer.length < offset + length) {
            nameBuffer = Arrays.copyOf(nameBuffer, 2 * (offset + length));
        }
        for (int i = 0; i < length; i++) {
            nameBuffer[offset + i] = (char) readVarChar(in);
        }
        return length;
    }

    private static int readVarChar(DataInputView in) throws IOException {
        int value = in.readUnsignedByte();
        if (value < 0x80) {
            return value;
        }
        value &= 0x7f;
        int shift = 7;
        int next;
        while ((next = in.readUnsignedByte()) >= 0x80) {
            value |= (next & 0x7f) << shift;
            shift += 7;
        }
        return value | next << shift;
    }

    /** {@link String#hashCode()} of the chars. */
    private int hash(int offset, int length) {
        int h = 0;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + nameBuffer[i];
        }
        return h;
    }

    private boolean sameChars(String s, int offset, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) != nameBuffer[offset + i]) {
                return false;
            }
        }
        return true;
    }
}

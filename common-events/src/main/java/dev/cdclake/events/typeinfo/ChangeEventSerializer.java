package dev.cdclake.events.typeinfo;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Column;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.Op;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flink serializer for {@link ChangeEvent}: the schema travels with the event and every value is written in the binary
 * form of its column's {@link DataKind}, so no event ever falls back to Kryo. Events are immutable, so copies are the
 * same instance.
 *
 * <p>Every record carries its whole schema (receivers share no state with senders), but the schema's bytes are
 * memoised on both sides: the writer copies the cached bytes of a schema instance it has seen, and the reader hands out
 * the cached {@link TableSchema} for bytes it has seen, so the per-record schema cost is a copy and a comparison.
 * Table ids are memoised the same way on the reading side: a record of a table read before allocates no id. The
 * caches make instances stateful: {@link #duplicate()} gives each thread its own.
 */
public final class ChangeEventSerializer extends TypeSerializer<ChangeEvent> {
    private static final long serialVersionUID = 1L;

    /** A prototype; Flink duplicates it per thread. */
    public static final ChangeEventSerializer INSTANCE = new ChangeEventSerializer();

    /** More distinct schemas than this in one stream (many tables, many versions) simply start a fresh cache. */
    private static final int MAX_CACHED_SCHEMAS = 256;
    /** Likewise for table ids. */
    private static final int MAX_CACHED_TABLE_IDS = 1024;

    private transient Map<TableSchema, byte[]> schemaBytes;
    private transient Map<SchemaKey, SchemaKey> schemas;
    /** The schema of the previous record read: consecutive records of one table skip the hashing. */
    private transient SchemaKey lastSchema;
    private transient DataOutputSerializer schemaOut;
    private transient byte[] readBuffer;
    /** Table ids read, by the hash of their two names. */
    private transient Map<Integer, TableId> tableIds;
    private transient char[] nameBuffer;

    private static final DataKind[] KINDS = DataKind.values();
    private static final Op[] OPS = Op.values();

    private static final int HAS_BEFORE = 1;
    private static final int HAS_AFTER = 2;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<ChangeEvent> duplicate() {
        return new ChangeEventSerializer();
    }

    /** Flink asks for a reuse instance; events are immutable, so any event serves. */
    private static final ChangeEvent PLACEHOLDER = ChangeEvent.read(
            TableId.of("", ""), new TableSchema(List.of(), List.of(), null), new Object[0], 0L);

    @Override
    public ChangeEvent createInstance() {
        return PLACEHOLDER;
    }

    @Override
    public ChangeEvent copy(ChangeEvent from) {
        return from;
    }

    @Override
    public ChangeEvent copy(ChangeEvent from, ChangeEvent reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ChangeEvent event, DataOutputView out) throws IOException {
        out.writeByte(event.op().ordinal());
        StringValue.writeString(event.tableId().database(), out);
        StringValue.writeString(event.tableId().table(), out);
        out.writeLong(event.opTs());
        byte[] schema = cachedSchemaBytes(event.schema());
        out.writeInt(schema.length);
        out.write(schema);
        int flags = (event.before() != null ? HAS_BEFORE : 0) | (event.after() != null ? HAS_AFTER : 0);
        out.writeByte(flags);
        if (event.before() != null) {
            writeRow(event.schema(), event.before(), out);
        }
        if (event.after() != null) {
            writeRow(event.schema(), event.after(), out);
        }
    }

    @Override
    public ChangeEvent deserialize(DataInputView in) throws IOException {
        Op op = OPS[in.readByte()];
        TableId id = readTableId(in);
        long opTs = in.readLong();
        TableSchema schema = cachedSchema(in);
        int flags = in.readByte();
        Object[] before = (flags & HAS_BEFORE) != 0 ? readRow(schema, in) : null;
        Object[] after = (flags & HAS_AFTER) != 0 ? readRow(schema, in) : null;
        return new ChangeEvent(op, id, schema, before, after, opTs);
    }

    @Override
    public ChangeEvent deserialize(ChangeEvent reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    private byte[] cachedSchemaBytes(TableSchema schema) throws IOException {
        if (schemaBytes == null) {
            schemaBytes = new IdentityHashMap<>();
            schemaOut = new DataOutputSerializer(256);
        }
        byte[] bytes = schemaBytes.get(schema);
        if (bytes == null) {
            schemaOut.clear();
            writeSchema(schema, schemaOut);
            bytes = schemaOut.getCopyOfBuffer();
            if (schemaBytes.size() >= MAX_CACHED_SCHEMAS) {
                schemaBytes.clear();
            }
            schemaBytes.put(schema, bytes);
        }
        return bytes;
    }

    private TableSchema cachedSchema(DataInputView in) throws IOException {
        int length = in.readInt();
        if (readBuffer == null || readBuffer.length < length) {
            readBuffer = new byte[Math.max(length, 256)];
        }
        in.readFully(readBuffer, 0, length);
        if (lastSchema != null && lastSchema.holds(readBuffer, length)) {
            return lastSchema.schema;
        }
        if (schemas == null) {
            schemas = new HashMap<>();
        }
        SchemaKey known = schemas.get(new SchemaKey(readBuffer, length, null));
        if (known == null) {
            known = new SchemaKey(Arrays.copyOf(readBuffer, length), length,
                    readSchema(new DataInputDeserializer(readBuffer, 0, length)));
            if (schemas.size() >= MAX_CACHED_SCHEMAS) {
                schemas.clear();
            }
            schemas.put(known, known);
        }
        lastSchema = known;
        return known.schema;
    }

    /**
     * Reads a table id written as two {@link StringValue}s into a reused buffer and returns the instance read before
     * for the same names, so that records of known tables allocate no strings.
     */
    private TableId readTableId(DataInputView in) throws IOException {
        int databaseLength = readName(in, 0);
        int tableLength = readName(in, databaseLength);
        int hash = 31 * hash(0, databaseLength) + hash(databaseLength, tableLength);
        if (tableIds == null) {
            tableIds = new HashMap<>();
        }
        TableId known = tableIds.get(hash);
        if (known != null && sameChars(known.database(), 0, databaseLength)
                && sameChars(known.table(), databaseLength, tableLength)) {
            return known;
        }
        TableId id = TableId.of(new String(nameBuffer, 0, databaseLength),
                new String(nameBuffer, databaseLength, tableLength));
        if (tableIds.size() >= MAX_CACHED_TABLE_IDS) {
            tableIds.clear();
        }
        tableIds.put(hash, id);
        return id;
    }

    /** Decodes a non-null {@link StringValue} (length + 1, then each char, 7 bits per byte) into nameBuffer at offset. */
    private int readName(DataInputView in, int offset) throws IOException {
        int length = readVarChar(in) - 1;
        if (length < 0) {
            throw new IOException("A change event's table id has a null name; the stream is corrupt");
        }
        if (nameBuffer == null || nameBuffer.length < offset + length) {
            nameBuffer = Arrays.copyOf(nameBuffer == null ? new char[0] : nameBuffer, Math.max(64, 2 * (offset + length)));
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

    /** Writes a schema: columns (name, kind, precision, scale, nullability, source type, default, comment), key, comment. */
    public static void writeSchema(TableSchema schema, DataOutputView out) throws IOException {
        List<Column> columns = schema.columns();
        out.writeInt(columns.size());
        for (Column c : columns) {
            StringValue.writeString(c.name(), out);
            out.writeByte(c.type().kind().ordinal());
            out.writeInt(c.type().precision());
            out.writeInt(c.type().scale());
            out.writeBoolean(c.nullable());
            writeNullableString(c.sourceType(), out);
            writeNullableString(c.defaultValue(), out);
            writeNullableString(c.comment(), out);
        }
        out.writeInt(schema.primaryKeys().size());
        for (String pk : schema.primaryKeys()) {
            StringValue.writeString(pk, out);
        }
        writeNullableString(schema.comment(), out);
    }

    public static TableSchema readSchema(DataInputView in) throws IOException {
        int n = in.readInt();
        List<Column> columns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = StringValue.readString(in);
            DataKind kind = KINDS[in.readByte()];
            int precision = in.readInt();
            int scale = in.readInt();
            ColumnType type =
                    kind == DataKind.DECIMAL ? ColumnType.decimal(precision, scale) : ColumnType.of(kind, precision);
            boolean nullable = in.readBoolean();
            columns.add(new Column(
                    name, type, nullable, readNullableString(in), readNullableString(in), readNullableString(in)));
        }
        int pkCount = in.readInt();
        List<String> pk = new ArrayList<>(pkCount);
        for (int i = 0; i < pkCount; i++) {
            pk.add(StringValue.readString(in));
        }
        return new TableSchema(columns, pk, readNullableString(in));
    }

    private static void writeRow(TableSchema schema, Object[] row, DataOutputView out) throws IOException {
        for (int i = 0; i < row.length; i++) {
            Object v = row[i];
            if (v == null) {
                out.writeBoolean(false);
                continue;
            }
            out.writeBoolean(true);
            writeValue(schema.column(i).type().kind(), v, out);
        }
    }

    private static Object[] readRow(TableSchema schema, DataInputView in) throws IOException {
        Object[] row = new Object[schema.columnCount()];
        for (int i = 0; i < row.length; i++) {
            if (in.readBoolean()) {
                row[i] = readValue(schema.column(i).type().kind(), in);
            }
        }
        return row;
    }

    static void writeValue(DataKind kind, Object v, DataOutputView out) throws IOException {
        switch (kind) {
            case BOOLEAN:
                out.writeBoolean((Boolean) v);
                break;
            case TINYINT:
                out.writeByte((Byte) v);
                break;
            case SMALLINT:
                out.writeShort((Short) v);
                break;
            case INT:
                out.writeInt((Integer) v);
                break;
            case BIGINT:
                out.writeLong((Long) v);
                break;
            case DECIMAL: {
                BigDecimal d = (BigDecimal) v;
                byte[] unscaled = d.unscaledValue().toByteArray();
                out.writeInt(d.scale());
                out.writeInt(unscaled.length);
                out.write(unscaled);
                break;
            }
            case FLOAT:
                out.writeFloat((Float) v);
                break;
            case DOUBLE:
                out.writeDouble((Double) v);
                break;
            case DATE:
                out.writeLong(((LocalDate) v).toEpochDay());
                break;
            case TIME:
                out.writeLong(((LocalTime) v).toNanoOfDay());
                break;
            case TIMESTAMP: {
                LocalDateTime t = (LocalDateTime) v;
                out.writeLong(t.toEpochSecond(ZoneOffset.UTC));
                out.writeInt(t.getNano());
                break;
            }
            case TIMESTAMP_LTZ: {
                Instant t = (Instant) v;
                out.writeLong(t.getEpochSecond());
                out.writeInt(t.getNano());
                break;
            }
            case CHAR:
            case VARCHAR:
            case STRING:
                StringValue.writeString((String) v, out);
                break;
            case BINARY:
            case VARBINARY:
            case BYTES: {
                byte[] b = (byte[]) v;
                out.writeInt(b.length);
                out.write(b);
                break;
            }
            default:
                throw new IllegalStateException("Unhandled kind " + kind);
        }
    }

    static Object readValue(DataKind kind, DataInputView in) throws IOException {
        switch (kind) {
            case BOOLEAN:
                return in.readBoolean();
            case TINYINT:
                return in.readByte();
            case SMALLINT:
                return in.readShort();
            case INT:
                return in.readInt();
            case BIGINT:
                return in.readLong();
            case DECIMAL: {
                int scale = in.readInt();
                byte[] unscaled = new byte[in.readInt()];
                in.readFully(unscaled);
                return new BigDecimal(new BigInteger(unscaled), scale);
            }
            case FLOAT:
                return in.readFloat();
            case DOUBLE:
                return in.readDouble();
            case DATE:
                return LocalDate.ofEpochDay(in.readLong());
            case TIME:
                return LocalTime.ofNanoOfDay(in.readLong());
            case TIMESTAMP:
                return LocalDateTime.ofEpochSecond(in.readLong(), in.readInt(), ZoneOffset.UTC);
            case TIMESTAMP_LTZ:
                return Instant.ofEpochSecond(in.readLong(), in.readInt());
            case CHAR:
            case VARCHAR:
            case STRING:
                return StringValue.readString(in);
            case BINARY:
            case VARBINARY:
            case BYTES: {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                return b;
            }
            default:
                throw new IllegalStateException("Unhandled kind " + kind);
        }
    }

    private static void writeNullableString(String s, DataOutputView out) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            StringValue.writeString(s, out);
        }
    }

    private static String readNullableString(DataInputView in) throws IOException {
        return in.readBoolean() ? StringValue.readString(in) : null;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof ChangeEventSerializer;
    }

    @Override
    public int hashCode() {
        return ChangeEventSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<ChangeEvent> snapshotConfiguration() {
        return new ChangeEventSerializerSnapshot();
    }

    /** Snapshot for savepoint compatibility. */
    public static final class ChangeEventSerializerSnapshot extends SimpleTypeSerializerSnapshot<ChangeEvent> {
        public ChangeEventSerializerSnapshot() {
            super(ChangeEventSerializer::new);
        }
    }
}

package dev.cdclake.events.typeinfo;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Column;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.Op;
import dev.cdclake.events.SourceDdl;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

import javax.annotation.Nullable;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of change events between Flink operators, with no caching: {@link ChangeEventSerializer} adds the
 * caches. An event is written as
 *
 * <pre>
 * op           byte: Debezium's code, 'r' 'c' 'u' 'd' (a heartbeat 'h': then opTs, nullable channel, nullable
 *              table id, and nothing else; a schema change 's': then opTs, int length and the DDL's document
 *              ({@link SourceDdl#document()}), and nothing else)
 * database     StringValue
 * table        StringValue
 * opTs         long
 * schema       int length, then the schema's bytes ({@link #writeSchema})
 * images       byte: 1 = before present, 2 = after present
 * before/after per column: boolean present, then the value in the form of its kind ({@link #writeValue})
 * </pre>
 *
 * A schema is its columns (int count; per column: name, kind byte = {@link DataKind#code()}, int precision, int scale,
 * boolean nullable, nullable source type, default and comment), the primary-key names (int count, names) and the
 * nullable table comment. Kinds and operations are written as their fixed codes, so reordering an enum never changes
 * the format; {@code ChangeEventCodecTest} pins the bytes.
 */
public final class ChangeEventCodec {
    static final int HAS_BEFORE = 1;
    static final int HAS_AFTER = 2;

    private ChangeEventCodec() {}

    static void writeOp(Op op, DataOutputView out) throws IOException {
        out.writeByte(op.code());
    }

    static Op readOp(DataInputView in) throws IOException {
        byte code = in.readByte();
        Op op = Op.ofWireCode((char) code);
        if (op == null) {
            throw new IOException("No change operation has code " + code + "; the stream is corrupt");
        }
        return op;
    }

    /** Writes what follows a heartbeat's op byte: watermark, nullable channel, nullable table. */
    public static void writeHeartbeat(ChangeEvent heartbeat, DataOutputView out) throws IOException {
        out.writeLong(heartbeat.opTs());
        writeNullableString(heartbeat.channel(), out);
        out.writeBoolean(heartbeat.tableId() != null);
        if (heartbeat.tableId() != null) {
            StringValue.writeString(heartbeat.tableId().database(), out);
            StringValue.writeString(heartbeat.tableId().table(), out);
        }
    }

    /** Reads what {@link #writeHeartbeat} wrote. */
    public static ChangeEvent readHeartbeat(DataInputView in) throws IOException {
        long watermark = in.readLong();
        String channel = readNullableString(in);
        TableId table = in.readBoolean() ? TableId.of(StringValue.readString(in), StringValue.readString(in)) : null;
        return ChangeEvent.heartbeat(watermark, channel, table);
    }

    /** Writes what follows a schema change's op byte: time and the DDL's document. */
    public static void writeSchemaChange(ChangeEvent change, DataOutputView out) throws IOException {
        out.writeLong(change.opTs());
        byte[] document = change.ddl().document();
        out.writeInt(document.length);
        out.write(document);
    }

    /** Reads what {@link #writeSchemaChange} wrote. */
    public static ChangeEvent readSchemaChange(DataInputView in) throws IOException {
        long opTs = in.readLong();
        byte[] document = new byte[in.readInt()];
        in.readFully(document);
        return ChangeEvent.schemaChange(SourceDdl.parse(document), opTs);
    }

    /**
     * Writes a schema: columns (name, kind, precision, scale, nullability, source type, default, comment), key,
     * comment.
     */
    public static void writeSchema(TableSchema schema, DataOutputView out) throws IOException {
        List<Column> columns = schema.columns();
        out.writeInt(columns.size());
        for (Column c : columns) {
            StringValue.writeString(c.name(), out);
            out.writeByte(c.type().kind().code());
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
            DataKind kind;
            try {
                kind = DataKind.ofCode(in.readByte());
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage() + "; the stream is corrupt", e);
            }
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

    static void writeRow(TableSchema schema, Object[] row, DataOutputView out) throws IOException {
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

    static Object[] readRow(TableSchema schema, DataInputView in) throws IOException {
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
            case TIME: {
                Duration d = (Duration) v;
                out.writeLong(d.getSeconds());
                out.writeInt(d.getNano());
                break;
            }
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
                return Duration.ofSeconds(in.readLong(), in.readInt());
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

    static void writeNullableString(@Nullable String s, DataOutputView out) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            StringValue.writeString(s, out);
        }
    }

    @Nullable
    static String readNullableString(DataInputView in) throws IOException {
        return in.readBoolean() ? StringValue.readString(in) : null;
    }
}

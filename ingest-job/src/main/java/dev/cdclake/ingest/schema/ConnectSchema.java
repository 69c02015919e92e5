package dev.cdclake.ingest.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.SourceColumnType;
import dev.cdclake.events.types.MySqlTypeMapping;
import dev.cdclake.events.types.TypeLattice;
import dev.cdclake.events.wire.WireNames;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The row fields of a Kafka Connect JSON schema ({@code {"schema": ..., "payload": ...}}), as Debezium and Flink CDC's
 * {@code debezium-json.include-schema.enabled} write them, with each field's {@link DeclaredType}. The schema either
 * describes a Debezium envelope (the {@code after}, else {@code before}, struct gives the columns) or a plain row.
 *
 * <p>Type mapping: int8/16/32/64 TINYINT/SMALLINT/INT/BIGINT, float32 FLOAT, float64 DOUBLE, boolean, string STRING,
 * bytes BYTES (base64); {@code org.apache.kafka.connect.data.Decimal} DECIMAL(connect.decimal.precision or 38, scale)
 * from base64 two's complement; {@code io.debezium.time.Date} DATE from epoch days; {@code Time}/{@code MicroTime}/
 * {@code NanoTime} TIME(3/6/9), a duration, from its milli-, micro- or nanoseconds (MySQL TIME spans -838:59:59 to
 * 838:59:59); {@code Timestamp}/{@code MicroTimestamp}/{@code NanoTimestamp}
 * TIMESTAMP(3/6/9) from the epoch (wall clock, UTC); {@code ZonedTimestamp} TIMESTAMP_LTZ(6) from ISO text;
 * {@code ZonedTime} TIME(6) normalised to UTC; {@code Year} INT; {@code Json}, {@code Enum}, {@code EnumSet},
 * {@code Xml}, {@code Uuid} STRING; {@code Bits} BINARY((length+7)/8) from base64 in Debezium's little-endian order,
 * turned into MySQL's; structs, arrays and maps STRING
 * holding their JSON text. Values rendered as text instead (Flink CDC writes dates and timestamps as text under
 * these schemas) are read in that form. Column comments come from {@code doc}.
 *
 * <p>Fields with Debezium's {@code column.propagate.source.type} parameters ({@code __debezium.source.column.type},
 * {@code .length}, {@code .scale}; capture-job writes them too) get the exact MySQL type where it describes the same
 * values as the Connect type ({@link MySqlTypeMapping#refine}): VARCHAR(255) rather than STRING, CHAR(n), BINARY(n),
 * VARBINARY(n), TINYINT rather than Debezium's int16, DECIMAL(20, 0) for BIGINT UNSIGNED, DATETIME's fractional
 * digits. The type name is read as a MySQL type. Without the parameters the Connect type alone decides. A schema is
 * read once (messages repeating it share the result), so none of this is per-record work.
 *
 * <p>capture-job's own schema ({@code debezium-json.include-schema.enabled}) is read too: its text-rendered
 * {@code dev.cdclake.time.Date}, {@code Time} (TIME(6)), {@code SqlTimestamp}/{@code IsoTimestamp} (TIMESTAMP(6)) and
 * {@code SqlUtcTimestamp} (TIMESTAMP_LTZ(6)), decimals as JSON numbers, the table comment as the row struct's
 * {@code doc} and the primary key as the row struct's {@code primary.key} parameter.
 */
public final class ConnectSchema {
    private static final String DEBEZIUM_TIME = "io.debezium.time.";
    /** capture-job's logical names of dates and times it writes as text. */
    private static final String CDCLAKE_TIME = "dev.cdclake.time.";

    private final Map<String, DeclaredType> fields;
    private final List<String> primaryKeys;

    @Nullable
    private final String tableComment;

    private ConnectSchema(Map<String, DeclaredType> fields, List<String> primaryKeys, @Nullable String tableComment) {
        this.fields = fields;
        this.primaryKeys = primaryKeys;
        this.tableComment = tableComment;
    }

    /** Reads a schema node (the value of {@code "schema"}). */
    public static ConnectSchema of(JsonNode schema) {
        JsonNode rowStruct = schema;
        for (JsonNode f : schema.path("fields")) {
            String name = f.path("field").asText();
            if ("after".equals(name) && f.has("fields")) {
                rowStruct = f;
                break;
            }
            if ("before".equals(name) && f.has("fields")) {
                rowStruct = f;
            }
        }
        Map<String, DeclaredType> fields = new HashMap<>();
        for (JsonNode f : rowStruct.path("fields")) {
            fields.put(f.path("field").asText(), declaredType(f));
        }
        String comment = rowStruct.hasNonNull("doc") ? rowStruct.get("doc").asText() : null;
        return new ConnectSchema(Collections.unmodifiableMap(fields), primaryKeys(rowStruct), comment);
    }

    /** The row struct's {@code primary.key} parameter (capture-job writes the key there), split at commas. */
    private static List<String> primaryKeys(JsonNode rowStruct) {
        String names = rowStruct
                .path("parameters")
                .path(WireNames.PRIMARY_KEY_PARAMETER)
                .asText("");
        List<String> keys = new ArrayList<>();
        for (String n : names.split(",")) {
            if (!n.isBlank()) {
                keys.add(n.trim());
            }
        }
        return Collections.unmodifiableList(keys);
    }

    /** @return the declared type of a row field, or null when the schema does not describe it. */
    @Nullable
    public DeclaredType field(String name) {
        return fields.get(name);
    }

    public Map<String, DeclaredType> fields() {
        return fields;
    }

    /** Primary-key columns named by the schema, empty when it names none. */
    public List<String> primaryKeys() {
        return primaryKeys;
    }

    /** The row struct's {@code doc}: the table comment. */
    @Nullable
    public String tableComment() {
        return tableComment;
    }

    static DeclaredType declaredType(JsonNode field) {
        String type = field.path("type").asText("");
        String name = field.path("name").asText("");
        JsonNode params = field.path("parameters");
        boolean nullable = field.path("optional").asBoolean(false);
        String comment = field.hasNonNull("doc") ? field.get("doc").asText() : null;
        String defaultValue = field.hasNonNull("default") ? field.get("default").asText() : null;
        SourceColumnType source = sourceColumnType(params);
        ColumnType columnType;
        ValueEncoding encoding = ValueEncoding.PLAIN;
        switch (name) {
            case "org.apache.kafka.connect.data.Decimal":
                int scale = params.path("scale").asInt(0);
                int precision = params.path("connect.decimal.precision").asInt(TypeLattice.MAX_DECIMAL_PRECISION);
                columnType = MySqlTypeMapping.decimal(Math.max(precision, 1), scale);
                encoding = ValueEncoding.BASE64_DECIMAL;
                break;
            case DEBEZIUM_TIME + "Date":
            case "org.apache.kafka.connect.data.Date":
                columnType = ColumnType.of(DataKind.DATE);
                encoding = ValueEncoding.EPOCH_DAYS;
                break;
            case DEBEZIUM_TIME + "Time":
            case "org.apache.kafka.connect.data.Time":
                columnType = ColumnType.of(DataKind.TIME, 3);
                encoding = ValueEncoding.DURATION_MILLIS;
                break;
            case DEBEZIUM_TIME + "MicroTime":
                columnType = ColumnType.of(DataKind.TIME, 6);
                encoding = ValueEncoding.DURATION_MICROS;
                break;
            case DEBEZIUM_TIME + "NanoTime":
                columnType = ColumnType.of(DataKind.TIME, 9);
                encoding = ValueEncoding.DURATION_NANOS;
                break;
            case DEBEZIUM_TIME + "Timestamp":
            case "org.apache.kafka.connect.data.Timestamp":
                columnType = ColumnType.of(DataKind.TIMESTAMP, 3);
                encoding = ValueEncoding.EPOCH_MILLIS;
                break;
            case DEBEZIUM_TIME + "MicroTimestamp":
                columnType = ColumnType.of(DataKind.TIMESTAMP, 6);
                encoding = ValueEncoding.EPOCH_MICROS;
                break;
            case DEBEZIUM_TIME + "NanoTimestamp":
                columnType = ColumnType.of(DataKind.TIMESTAMP, 9);
                encoding = ValueEncoding.EPOCH_NANOS;
                break;
            case CDCLAKE_TIME + "Date":
                columnType = ColumnType.of(DataKind.DATE);
                break;
            case CDCLAKE_TIME + "Time":
                columnType = ColumnType.of(DataKind.TIME, 6);
                break;
            case CDCLAKE_TIME + "SqlTimestamp":
            case CDCLAKE_TIME + "IsoTimestamp":
                columnType = ColumnType.of(DataKind.TIMESTAMP, 6);
                break;
            case CDCLAKE_TIME + "SqlUtcTimestamp":
            case DEBEZIUM_TIME + "ZonedTimestamp":
                columnType = ColumnType.of(DataKind.TIMESTAMP_LTZ, 6);
                break;
            case DEBEZIUM_TIME + "ZonedTime":
                columnType = ColumnType.of(DataKind.TIME, 6);
                break;
            case DEBEZIUM_TIME + "Year":
                columnType = ColumnType.of(DataKind.INT);
                break;
            case "io.debezium.data.Bits":
                int bits = params.path("length").asInt(0);
                columnType = bits > 0 ? ColumnType.of(DataKind.BINARY, (bits + 7) / 8) : ColumnType.of(DataKind.BYTES);
                encoding = ValueEncoding.BASE64_BITS;
                break;
            default:
                columnType = primitive(type);
                if (columnType.kind() == DataKind.BYTES) {
                    encoding = ValueEncoding.BASE64;
                }
        }
        if (source != null) {
            columnType = MySqlTypeMapping.refine(columnType, source);
        }
        String sourceType = source == null ? null : source.toString().toLowerCase(Locale.ROOT);
        return new DeclaredType(columnType, encoding, nullable, sourceType, comment, defaultValue);
    }

    private static ColumnType primitive(String type) {
        switch (type) {
            case "int8":
                return ColumnType.of(DataKind.TINYINT);
            case "int16":
                return ColumnType.of(DataKind.SMALLINT);
            case "int32":
                return ColumnType.of(DataKind.INT);
            case "int64":
                return ColumnType.of(DataKind.BIGINT);
            case "float32":
            case "float":
                return ColumnType.of(DataKind.FLOAT);
            case "float64":
            case "double":
                return ColumnType.of(DataKind.DOUBLE);
            case "boolean":
                return ColumnType.of(DataKind.BOOLEAN);
            case "bytes":
                return ColumnType.of(DataKind.BYTES);
            default:
                // string, and struct/array/map kept as their JSON text.
                return ColumnType.of(DataKind.STRING);
        }
    }

    @Nullable
    private static SourceColumnType sourceColumnType(JsonNode params) {
        JsonNode type = params.get(WireNames.SOURCE_COLUMN_TYPE);
        if (type == null) {
            return null;
        }
        return SourceColumnType.of(
                type.asText(),
                params.path(WireNames.SOURCE_COLUMN_LENGTH).asInt(SourceColumnType.ABSENT),
                params.path(WireNames.SOURCE_COLUMN_SCALE).asInt(SourceColumnType.ABSENT),
                List.of());
    }
}

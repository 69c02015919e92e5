package dev.cdclake.capture.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.cdclake.events.Column;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.SourceColumnType;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.types.MySqlTime;
import dev.cdclake.events.wire.WireNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kafka Connect JSON schema ({@code JsonConverter} with {@code schemas.enable=true}) of a debezium-json message,
 * describing the payload exactly as {@link DebeziumJsonSerializer} writes it. Unlike the anchor, whose schema claims
 * Debezium's integer-encoded times and base64 decimals while the payload holds strings and numbers:
 *
 * <ul>
 *   <li>DECIMAL (incl. BIGINT UNSIGNED) is Connect's {@code Decimal} logical type ({@code bytes} with {@code scale}
 *       and {@code connect.decimal.precision}); its JSON form is a number, as {@code JsonConverter} writes it with
 *       {@code decimal.format=NUMERIC} and reads it in either decimal format, exactly. Connect has no other exact
 *       number type ({@code double} would lose digits, {@code string} would not match a JSON number).
 *   <li>Dates and times are {@code string}s named after their text form: {@code dev.cdclake.time.Date}
 *       ({@code 2020-07-17}), {@code dev.cdclake.time.Time} ({@code 18:00:22.123456}, fraction only when non-zero),
 *       {@code dev.cdclake.time.SqlTimestamp} / {@code dev.cdclake.time.IsoTimestamp} (DATETIME wall clock with a space
 *       or a {@code T}), {@code dev.cdclake.time.SqlUtcTimestamp} ({@code 2020-07-17 10:00:22Z}) and, for ISO-8601,
 *       Debezium's {@code io.debezium.time.ZonedTimestamp} ({@code 2020-07-17T10:00:22Z}).
 *   <li>Binary columns are {@code bytes} (base64 in JSON); JSON columns {@code io.debezium.data.Json}, ENUM
 *       {@code io.debezium.data.Enum} and SET {@code io.debezium.data.EnumSet} strings with {@code allowed} values.
 *   <li>Column comments are {@code doc}, the table comment is the row struct's {@code doc}, a column default becomes
 *       {@code default} (in the payload's JSON form) when it is a literal of the column's type; expressions such as
 *       {@code CURRENT_TIMESTAMP} and TIMESTAMP defaults (their time zone is the server's) are left out.
 *   <li>Every column with a known MySQL type carries Debezium's {@code column.propagate.source.type} parameters, as
 *       Debezium 1.9's MySQL connector writes them: {@code __debezium.source.column.type} (the type name with its
 *       modifiers, {@code VARCHAR}, {@code INT UNSIGNED}), {@code __debezium.source.column.length} and
 *       {@code __debezium.source.column.scale} when the declaration has them ({@code VARCHAR(255)}: 255;
 *       {@code DECIMAL(10,2)}: 10 and 2; {@code DATETIME(3)}: 3; ENUM 1 and SET 2n-1, as Debezium's DDL parser counts
 *       them) and, with comments, {@code __debezium.source.column.comment}. Connect's {@code string} and {@code bytes}
 *       have no length; these parameters let a reader create {@code VARCHAR(255)} rather than {@code STRING}.
 *   <li>The primary key is the row struct's parameter {@code primary.key}: the key columns in key order, separated by
 *       commas, as Paimon's {@code primary-key} table option spells it.
 *   <li>The struct has all four payload fields: {@code before}, {@code after}, {@code op} and {@code source}
 *       ({@code db}, {@code table}, {@code ts_ms}).
 * </ul>
 */
final class ConnectSchemaJson {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectSchemaJson.class);

    private static final JsonFactory FACTORY = new JsonFactory();

    private ConnectSchemaJson() {}

    /** The schema of a message of a table with this schema, as compact JSON text. */
    static String envelopeSchema(String tableIdentifier, TableSchema schema, JsonFormatConfig config) {
        StringWriter text = new StringWriter(1024);
        try (JsonGenerator g = FACTORY.createGenerator(text)) {
            g.configure(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN.mappedFeature(), config.decimalAsPlainNumber());
            JsonValueWriters defaultWriters = new JsonValueWriters(config.timestampFormat());
            g.writeStartObject();
            g.writeStringField("type", "struct");
            g.writeArrayFieldStart("fields");
            writeRowStruct(g, "before", tableIdentifier, schema, config, defaultWriters);
            writeRowStruct(g, "after", tableIdentifier, schema, config, defaultWriters);
            writePrimitive(g, "string", false, "op");
            g.writeStartObject();
            g.writeStringField("type", "struct");
            g.writeArrayFieldStart("fields");
            writePrimitive(g, "string", false, "db");
            writePrimitive(g, "string", false, "table");
            writePrimitive(g, "int64", false, "ts_ms");
            g.writeEndArray();
            g.writeBooleanField("optional", false);
            g.writeStringField("field", "source");
            g.writeEndObject();
            g.writeEndArray();
            g.writeBooleanField("optional", false);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void writeRowStruct(
            JsonGenerator g,
            String field,
            String tableIdentifier,
            TableSchema schema,
            JsonFormatConfig config,
            JsonValueWriters defaultWriters)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "struct");
        g.writeArrayFieldStart("fields");
        for (Column column : schema.columns()) {
            writeColumn(g, column, tableIdentifier, config, defaultWriters);
        }
        g.writeEndArray();
        g.writeBooleanField("optional", true);
        if (schema.comment() != null) {
            g.writeStringField("doc", schema.comment());
        }
        if (!schema.primaryKeys().isEmpty()) {
            g.writeObjectFieldStart("parameters");
            g.writeStringField(WireNames.PRIMARY_KEY_PARAMETER, String.join(",", schema.primaryKeys()));
            g.writeEndObject();
        }
        g.writeStringField("field", field);
        g.writeEndObject();
    }

    private static void writePrimitive(JsonGenerator g, String type, boolean optional, String field)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("type", type);
        g.writeBooleanField("optional", optional);
        g.writeStringField("field", field);
        g.writeEndObject();
    }

    /**
     * Member order as Connect's {@code JsonConverter.asJsonSchema}: type, optional, name, version, doc, parameters,
     * default.
     */
    private static void writeColumn(
            JsonGenerator g,
            Column column,
            String tableIdentifier,
            JsonFormatConfig config,
            JsonValueWriters defaultWriters)
            throws IOException {
        ColumnType type = column.type();
        SourceColumnType sourceType = column.sourceType() == null ? null : SourceColumnType.parse(column.sourceType());
        g.writeStartObject();
        g.writeStringField("type", connectType(type));
        g.writeBooleanField("optional", column.nullable());
        String logicalName = logicalName(type, sourceType, config.timestampFormat());
        if (logicalName != null) {
            g.writeStringField("name", logicalName);
        }
        if (type.kind() == DataKind.DECIMAL) {
            g.writeNumberField("version", 1);
        }
        if (column.comment() != null) {
            g.writeStringField("doc", column.comment());
        }
        writeParameters(g, column, sourceType);
        Object defaultValue = parseDefault(column, tableIdentifier);
        if (defaultValue != null) {
            g.writeFieldName("default");
            defaultWriters.writerFor(type).write(g, defaultValue);
        }
        g.writeStringField("field", column.name());
        g.writeEndObject();
    }

    private static String connectType(ColumnType type) {
        switch (type.kind()) {
            case BOOLEAN:
                return "boolean";
            case TINYINT:
                return "int8";
            case SMALLINT:
                return "int16";
            case INT:
                return "int32";
            case BIGINT:
                return "int64";
            case FLOAT:
                return "float";
            case DOUBLE:
                return "double";
            case DECIMAL:
            case BINARY:
            case VARBINARY:
            case BYTES:
                return "bytes";
            default:
                return "string";
        }
    }

    @Nullable
    private static String logicalName(
            ColumnType type, @Nullable SourceColumnType sourceType, TimestampFormat timestampFormat) {
        boolean iso = timestampFormat == TimestampFormat.ISO_8601;
        switch (type.kind()) {
            case DECIMAL:
                return "org.apache.kafka.connect.data.Decimal";
            case DATE:
                return "dev.cdclake.time.Date";
            case TIME:
                return "dev.cdclake.time.Time";
            case TIMESTAMP:
                return iso ? "dev.cdclake.time.IsoTimestamp" : "dev.cdclake.time.SqlTimestamp";
            case TIMESTAMP_LTZ:
                return iso ? "io.debezium.time.ZonedTimestamp" : "dev.cdclake.time.SqlUtcTimestamp";
            case CHAR:
            case VARCHAR:
            case STRING:
                switch (sourceType == null ? "" : sourceType.baseName()) {
                    case "JSON":
                        return "io.debezium.data.Json";
                    case "ENUM":
                        return "io.debezium.data.Enum";
                    case "SET":
                        return "io.debezium.data.EnumSet";
                    default:
                        return null;
                }
            default:
                return null;
        }
    }

    /**
     * Logical-type parameters first, then Debezium's source-type ones: the order Debezium's schema builder adds them.
     */
    private static void writeParameters(JsonGenerator g, Column column, @Nullable SourceColumnType sourceType)
            throws IOException {
        Map<String, String> parameters = new LinkedHashMap<>();
        ColumnType type = column.type();
        if (type.kind() == DataKind.DECIMAL) {
            parameters.put("scale", Integer.toString(type.scale()));
            parameters.put("connect.decimal.precision", Integer.toString(type.precision()));
        }
        if (sourceType != null) {
            if (type.kind().isString() && isEnumeration(sourceType)) {
                parameters.put("allowed", String.join(",", sourceType.values()));
            }
            parameters.put(WireNames.SOURCE_COLUMN_TYPE, sourceType.name());
            int length = debeziumLength(sourceType);
            if (length != SourceColumnType.ABSENT) {
                parameters.put(WireNames.SOURCE_COLUMN_LENGTH, Integer.toString(length));
            }
            if (sourceType.scale() != SourceColumnType.ABSENT) {
                parameters.put(WireNames.SOURCE_COLUMN_SCALE, Integer.toString(sourceType.scale()));
            }
            if (column.comment() != null && !column.comment().isEmpty()) {
                parameters.put(WireNames.SOURCE_COLUMN_COMMENT, column.comment());
            }
        }
        if (parameters.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("parameters");
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            g.writeStringField(p.getKey(), p.getValue());
        }
        g.writeEndObject();
    }

    private static boolean isEnumeration(SourceColumnType sourceType) {
        return sourceType.baseName().equals("ENUM") || sourceType.baseName().equals("SET");
    }

    /**
     * The length Debezium reports: the declaration's, except that its MySQL DDL parser gives ENUM the length 1 and a
     * SET of n values 2n-1 (the values and the commas between them, counted as one character each).
     */
    private static int debeziumLength(SourceColumnType sourceType) {
        if (!isEnumeration(sourceType) || sourceType.values().isEmpty()) {
            return sourceType.length();
        }
        return sourceType.baseName().equals("SET") ? 2 * sourceType.values().size() - 1 : 1;
    }

    /** The column default as a value of the column's Java class, or null when it has none or it is not a literal. */
    @Nullable
    static Object parseDefault(Column column, String tableIdentifier) {
        String text = column.defaultValue();
        if (text == null) {
            return null;
        }
        String literal = text.trim();
        boolean quoted = literal.length() >= 2 && literal.startsWith("'") && literal.endsWith("'");
        if (quoted) {
            literal = literal.substring(1, literal.length() - 1).replace("''", "'");
        } else if (literal.equalsIgnoreCase("NULL")) {
            return null;
        }
        ColumnType type = column.type();
        try {
            switch (type.kind()) {
                case BOOLEAN:
                    return literal.equals("1") || literal.equalsIgnoreCase("true") || literal.equalsIgnoreCase("b'1'")
                            ? Boolean.TRUE
                            : literal.equals("0")
                                            || literal.equalsIgnoreCase("false")
                                            || literal.equalsIgnoreCase("b'0'")
                                    ? Boolean.FALSE
                                    : null;
                case TINYINT:
                    return Byte.valueOf(literal);
                case SMALLINT:
                    return Short.valueOf(literal);
                case INT:
                    return Integer.valueOf(literal);
                case BIGINT:
                    return Long.valueOf(literal);
                case DECIMAL:
                    return new BigDecimal(literal);
                case FLOAT:
                    return Float.valueOf(literal);
                case DOUBLE:
                    return Double.valueOf(literal);
                case DATE:
                    return LocalDate.parse(literal);
                case TIME:
                    return MySqlTime.parse(literal);
                case TIMESTAMP:
                    return LocalDateTime.parse(literal.replace(' ', 'T'));
                case CHAR:
                case VARCHAR:
                case STRING:
                    return quoted || !looksLikeExpression(literal) ? literal : null;
                default:
                    // TIMESTAMP defaults are in the server's zone; binary defaults have no reliable text form.
                    return null;
            }
        } catch (RuntimeException e) {
            LOG.debug(
                    "Default '{}' of column {} of {} is not a {} literal; the schema leaves it out.",
                    text,
                    column.name(),
                    tableIdentifier,
                    type,
                    e);
            return null;
        }
    }

    /** An unquoted string default that is a function call or keyword rather than text, e.g. {@code uuid()}. */
    private static boolean looksLikeExpression(String literal) {
        return literal.endsWith(")") || literal.equalsIgnoreCase("CURRENT_TIMESTAMP");
    }
}

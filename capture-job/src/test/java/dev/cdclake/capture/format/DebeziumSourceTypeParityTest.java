package dev.cdclake.capture.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cdclake.capture.source.ChangeEventDeserializer;
import dev.cdclake.events.ChangeEvent;
import io.debezium.config.CommonConnectorConfig.BinaryHandlingMode;
import io.debezium.connector.mysql.MySqlDefaultValueConverter;
import io.debezium.connector.mysql.MySqlValueConverters;
import io.debezium.connector.mysql.antlr.MySqlAntlrDdlParser;
import io.debezium.jdbc.JdbcValueConverters.BigIntUnsignedMode;
import io.debezium.jdbc.JdbcValueConverters.DecimalMode;
import io.debezium.jdbc.TemporalPrecisionMode;
import io.debezium.relational.CustomConverterRegistry;
import io.debezium.relational.Table;
import io.debezium.relational.TableSchemaBuilder;
import io.debezium.relational.Tables;
import io.debezium.relational.mapping.ColumnMappers;
import io.debezium.util.SchemaNameAdjuster;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Field;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.cdclake.capture.format.JsonAssertions.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The include-schema output carries the same {@code column.propagate.source.type} parameters as Debezium itself: the
 * expected parameters come from Debezium's own code (its MySQL DDL parser, schema builder and
 * {@code PropagateSourceTypeToSchemaParameter}, as Flink CDC 3.5 runs them) applied to the MySQL DDL of the all-types
 * table of {@link FormatTestData}, written by hand from its column declarations.
 */
class DebeziumSourceTypeParityTest {
    private static final String DDL = "CREATE TABLE kafka_test.all_types ("
            + "id INT NOT NULL COMMENT 'row id', tiny_c TINYINT DEFAULT 0, tiny_un_c TINYINT UNSIGNED, small_c "
            + "SMALLINT,"
            + " small_un_c SMALLINT UNSIGNED, medium_c MEDIUMINT, medium_un_c MEDIUMINT UNSIGNED, int_c INT,"
            + " int_un_c INT UNSIGNED, big_c BIGINT, big_un_c BIGINT UNSIGNED, decimal_c DECIMAL(10,2) DEFAULT '0.00',"
            + " decimal_small_c DECIMAL(10,8), float_c FLOAT, double_c DOUBLE, bit1_c BIT(1), bits_c BIT(3),"
            + " bool_c TINYINT(1) DEFAULT 1, date_c DATE DEFAULT '1970-01-01', time_c TIME(6),"
            + " datetime_c DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6), datetime3_c DATETIME(3) DEFAULT '2000-01-01 "
            + "00:00:00',"
            + " timestamp_c TIMESTAMP(6) NULL DEFAULT CURRENT_TIMESTAMP(6), year_c YEAR, char_c CHAR(3),"
            + " varchar_c VARCHAR(255) DEFAULT 'flink' COMMENT 'customer''s \"name\"', text_c TEXT, blob_c BLOB,"
            + " binary_c BINARY(3), varbinary_c VARBINARY(8), json_c JSON,"
            + " enum_c ENUM('red','green','blue') DEFAULT 'red', set_c SET('a','b','c'), geometry_c GEOMETRY,"
            + " null_int_c INT, null_varchar_c VARCHAR(16), PRIMARY KEY (id)) COMMENT 'every MySQL type'";

    /** Debezium's row schema of the table: one field per column, with the propagated parameters. */
    private static Schema debeziumRow;

    @BeforeAll
    static void debeziumSchemaOfTheDdl() {
        Tables tables = new Tables();
        // throw on errors, no views, with comments (capture-job's include-comments.enabled), all tables
        new MySqlAntlrDdlParser(true, false, true, null, Tables.TableFilter.includeAll()).parse(DDL, tables);
        Table table = tables.forTable(new io.debezium.relational.TableId("kafka_test", null, "all_types"));
        // Flink CDC's MySqlSource: precise decimals and BIGINT UNSIGNED, adaptive microsecond times, raw bytes
        MySqlValueConverters converters = new MySqlValueConverters(
                DecimalMode.PRECISE,
                TemporalPrecisionMode.ADAPTIVE_TIME_MICROSECONDS,
                BigIntUnsignedMode.PRECISE,
                BinaryHandlingMode.BYTES);
        ColumnMappers propagateAll = ColumnMappers.build()
                .propagateSourceTypeToSchemaParameter(null, ".*")
                .build();
        debeziumRow = new TableSchemaBuilder(
                        converters,
                        new MySqlDefaultValueConverter(converters),
                        SchemaNameAdjuster.NO_OP,
                        new CustomConverterRegistry(null),
                        SchemaBuilder.struct().build(),
                        false,
                        false)
                .create(
                        "mysql_binlog_source",
                        "mysql_binlog_source.kafka_test.all_types.Envelope",
                        table,
                        null,
                        propagateAll,
                        null)
                .valueSchema();
    }

    @Test
    void goldenFileCarriesDebeziumsParameters() throws Exception {
        JsonNode golden = MAPPER.readTree(JsonAssertions.golden("options/debezium-json-include-schema.update.json"));
        assertSameParameters(rowFields(golden.get("schema")));
    }

    @Test
    void capturedSchemaCarriesDebeziumsParameters() throws Exception {
        Schema source = SchemaBuilder.struct()
                .field("db", Schema.STRING_SCHEMA)
                .field("table", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.INT64_SCHEMA)
                .build();
        Schema envelope = SchemaBuilder.struct()
                .field("before", debeziumRow)
                .field("after", debeziumRow)
                .field("source", source)
                .field("op", Schema.STRING_SCHEMA)
                .build();
        Schema key = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
        Struct value = new Struct(envelope)
                .put("op", "c")
                .put("after", new Struct(debeziumRow).put("id", 1))
                .put(
                        "source",
                        new Struct(source)
                                .put("db", "kafka_test")
                                .put("table", "all_types")
                                .put("ts_ms", 1L));
        ChangeEvent event = new ChangeEventDeserializer(true, true, List.of())
                .convert(new SourceRecord(
                        Map.of(), Map.of(), "t", null, key, new Struct(key).put("id", 1), envelope, value));

        byte[] message = new DebeziumJsonSerializer(JsonFormatConfig.DEFAULT, true).serialize(event);

        assertSameParameters(rowFields(MAPPER.readTree(message).get("schema")));
    }

    /** Each column's {@code __debezium.source.column.*} and {@code allowed} parameters equal Debezium's. */
    private static void assertSameParameters(Map<String, JsonNode> fields) {
        assertThat(fields.keySet())
                .containsExactlyElementsOf(
                        debeziumRow.fields().stream().map(Field::name).toList());
        for (Field expected : debeziumRow.fields()) {
            assertThat(propagated(fields.get(expected.name())))
                    .as("parameters of %s", expected.name())
                    .isEqualTo(debeziumParameters(expected.schema()));
        }
    }

    private static Map<String, String> debeziumParameters(Schema field) {
        Map<String, String> p = new TreeMap<>();
        field.parameters().forEach((k, v) -> {
            if (k.startsWith("__debezium.source.column.") || k.equals("allowed")) {
                // Debezium 1.9 keeps the comment as the DDL quotes it (customer''s); cdclake writes its text
                p.put(k, k.endsWith(".comment") ? v.replace("''", "'") : v);
            }
        });
        return p;
    }

    private static Map<String, String> propagated(JsonNode field) {
        Map<String, String> p = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = field.path("parameters").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith("__debezium.source.column.") || e.getKey().equals("allowed")) {
                p.put(e.getKey(), e.getValue().asText());
            }
        }
        return p;
    }

    /** The fields of the envelope schema's {@code after} struct, by name, in order. */
    private static Map<String, JsonNode> rowFields(JsonNode envelopeSchema) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (JsonNode f : envelopeSchema.get("fields")) {
            if (f.get("field").asText().equals("after")) {
                for (JsonNode column : f.get("fields")) {
                    fields.put(column.get("field").asText(), column);
                }
            }
        }
        return fields;
    }
}

package dev.cdclake.events.registry;

import dev.cdclake.events.Column;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublishedSchemaTest {
    private static final TableId CUSTOMERS = TableId.of("kafka_test", "customers");

    private static TableSchema schema(String nameType) {
        return TableSchema.builder()
                .column(new Column("id", ColumnType.of(DataKind.INT), false, "INT(11)", null, "the key"))
                .column(new Column("name", ColumnType.of(DataKind.VARCHAR, 255), true, nameType, "'x'", null))
                .column(new Column("price", ColumnType.decimal(10, 2), true, "DECIMAL(10,2)", null, null))
                .column(new Column("at", ColumnType.of(DataKind.TIMESTAMP_LTZ, 6), true, "TIMESTAMP(6)", null, null))
                .column(new Column("d", ColumnType.of(DataKind.TIME, 0), true, "TIME", null, null))
                .column(new Column("note", ColumnType.of(DataKind.STRING), true, "TEXT", null, "ü \"quoted\""))
                .primaryKey("id")
                .comment("shop customers")
                .build();
    }

    @Test
    void theDocumentIsCanonicalJsonWithTheDocumentedMembers() {
        PublishedSchema p = PublishedSchema.of(CUSTOMERS, schema("VARCHAR(255)"));
        assertThat(new String(p.document(), StandardCharsets.UTF_8))
                .isEqualTo("{\"version\":1,"
                        + "\"database\":\"kafka_test\",\"table\":\"customers\",\"columns\":["
                        + "{\"name\":\"id\",\"type\":\"INT\",\"nullable\":false,\"sourceType\":\"INT(11)\","
                        + "\"comment\":\"the key\"},"
                        + "{\"name\":\"name\",\"type\":\"VARCHAR\",\"precision\":255,\"nullable\":true,"
                        + "\"sourceType\":\"VARCHAR(255)\",\"default\":\"'x'\"},"
                        + "{\"name\":\"price\",\"type\":\"DECIMAL\",\"precision\":10,\"scale\":2,\"nullable\":true,"
                        + "\"sourceType\":\"DECIMAL(10,2)\"},"
                        + "{\"name\":\"at\",\"type\":\"TIMESTAMP_LTZ\",\"nullable\":true,"
                        + "\"sourceType\":\"TIMESTAMP(6)\"},"
                        + "{\"name\":\"d\",\"type\":\"TIME\",\"nullable\":true,\"sourceType\":\"TIME\"},"
                        + "{\"name\":\"note\",\"type\":\"STRING\",\"nullable\":true,\"sourceType\":\"TEXT\","
                        + "\"comment\":\"ü \\\"quoted\\\"\"}],"
                        + "\"primaryKey\":[\"id\"],\"comment\":\"shop customers\"}");
    }

    @Test
    void sameSchemaSameIdAndAnAlterGivesAnother() {
        PublishedSchema a = PublishedSchema.of(CUSTOMERS, schema("VARCHAR(255)"));
        PublishedSchema b = PublishedSchema.of(CUSTOMERS, schema("VARCHAR(255)"));
        PublishedSchema altered = PublishedSchema.of(CUSTOMERS, schema("VARCHAR(300)"));
        PublishedSchema otherTable = PublishedSchema.of(TableId.of("kafka_test", "products"), schema("VARCHAR(255)"));
        assertThat(a.id()).isEqualTo(b.id()).hasSize(32).matches("[0-9a-f]{32}");
        assertThat(altered.id()).isNotEqualTo(a.id());
        assertThat(otherTable.id()).isNotEqualTo(a.id());
    }

    @Test
    void parsingGivesBackTableSchemaAndId() {
        PublishedSchema p = PublishedSchema.of(CUSTOMERS, schema("VARCHAR(255)"));
        PublishedSchema back = PublishedSchema.parse(p.document());
        assertThat(back.tableId()).isEqualTo(CUSTOMERS);
        assertThat(back.schema()).isEqualTo(p.schema());
        assertThat(back.id()).isEqualTo(p.id());
    }

    @Test
    void unreadableDocumentsSayWhy() {
        assertThatThrownBy(() -> PublishedSchema.parse("{\"version\":2}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("version 2")
                .hasMessageContaining("reads version 1");
        assertThatThrownBy(() -> PublishedSchema.parse("[1".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> PublishedSchema.parse(("{\"version\":1,\"database\":\"d\",\"table\":\"t\","
                                + "\"columns\":[{\"name\":\"a\",\"type\":\"UUID\"}]}")
                        .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("unknown column type 'UUID'");
    }
}

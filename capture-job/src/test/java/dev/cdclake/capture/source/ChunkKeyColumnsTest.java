package dev.cdclake.capture.source;

import dev.cdclake.events.TableId;
import dev.cdclake.events.config.PipelineConfigException;
import io.debezium.relational.Column;
import io.debezium.relational.Table;
import io.debezium.relational.TableEditor;
import org.apache.flink.cdc.connectors.mysql.source.utils.ChunkUtils;
import org.apache.flink.table.catalog.ObjectPath;
import org.junit.jupiter.api.Test;

import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The entries of {@code scan.incremental.snapshot.chunk.key-column} reach the connector so that its own lookup
 * ({@link ChunkUtils#getChunkKeyColumn}, Debezium's regex filter) finds the configured column for each selected table.
 */
class ChunkKeyColumnsTest {
    private static final Map<TableId, List<String>> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put(TableId.of("shop", "orders"), List.of("tenant", "code", "amount"));
        COLUMNS.put(TableId.of("shop", "audit_log"), List.of("seq", "note"));
        COLUMNS.put(TableId.of("shop", "a.b_log"), List.of("seq"));
        COLUMNS.put(TableId.of("shop", "odd,name"), List.of("k"));
        COLUMNS.put(TableId.of("shop", "customers"), List.of("id", "name"));
    }

    private static String chunkKeyOf(Map<ObjectPath, String> resolved, String table, String... primaryKey) {
        TableEditor t = Table.editor().tableId(new io.debezium.relational.TableId("shop", null, table));
        for (String c : COLUMNS.get(TableId.of("shop", table))) {
            t.addColumn(Column.editor()
                    .name(c)
                    .type("VARCHAR")
                    .jdbcType(Types.VARCHAR)
                    .create());
        }
        t.setPrimaryKeyNames(primaryKey);
        return ChunkUtils.getChunkKeyColumn(t.create(), resolved).name();
    }

    @Test
    void selectorsInTheSyntaxOfTablesReachTheConnector() {
        Map<ObjectPath, String> resolved = ChunkKeyColumns.parse(
                        "shop.orders:CODE;shop.\\.*_log:seq; shop.odd\\,name:k;")
                .resolve(COLUMNS);
        // a regex selector applies to every table it matches; the column is spelled as the table spells it
        assertThat(chunkKeyOf(resolved, "orders", "tenant", "code")).isEqualTo("code");
        assertThat(chunkKeyOf(resolved, "audit_log")).isEqualTo("seq");
        assertThat(chunkKeyOf(resolved, "a.b_log")).isEqualTo("seq");
        assertThat(chunkKeyOf(resolved, "odd,name")).isEqualTo("k");
        // a table no entry selects keeps the connector's default, its first primary-key column
        assertThat(chunkKeyOf(resolved, "customers", "id")).isEqualTo("id");
        assertThat(resolved).hasSize(4);
    }

    @Test
    void theFirstMatchingEntryWins() {
        Map<ObjectPath, String> resolved =
                ChunkKeyColumns.parse("shop.audit_log:note;shop.\\.*_log:seq").resolve(COLUMNS);
        assertThat(chunkKeyOf(resolved, "audit_log")).isEqualTo("note");
        assertThat(chunkKeyOf(resolved, "a.b_log")).isEqualTo("seq");
    }

    @Test
    void mistakesAreNamed() {
        assertThat(ChunkKeyColumns.parse(null).isEmpty()).isTrue();
        assertThat(ChunkKeyColumns.parse(" ").isEmpty()).isTrue();
        assertThatThrownBy(() -> ChunkKeyColumns.parse("shop.orders"))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("entry 'shop.orders' is malformed");
        assertThatThrownBy(() -> ChunkKeyColumns.parse("shop.orders:")).hasMessageContaining("is malformed");
        assertThatThrownBy(() -> ChunkKeyColumns.parse("orders:code"))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("has no database part");
        assertThatThrownBy(() -> ChunkKeyColumns.parse("shop.\\.*_log:nope").resolve(COLUMNS))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("names column 'nope' for shop.audit_log")
                .hasMessageContaining("[seq, note]");
    }
}

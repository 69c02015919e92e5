package dev.cdclake.capture.format;

import dev.cdclake.events.Column;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The layout of each table, rebuilt when the table's schema changes. Lookups go by schema identity first: events
 * built in this JVM share their schema instance. Events that crossed a Flink network shuffle carry a fresh, equal
 * instance each; for those one comparison decides, and the newest instance is adopted so that events sharing it hit
 * by identity again. The comparison covers what the layout depends on: column names, types and the primary key, or
 * the whole schema when the layout includes a Connect schema (which also describes nullability, comments, defaults).
 */
final class TableLayouts {
    /** Builds the layout of a table. */
    @FunctionalInterface
    interface Builder {
        TableLayout build(TableId tableId, TableSchema schema);
    }

    private final Builder builder;
    private final Map<TableId, TableLayout> byTable = new HashMap<>();
    private TableLayout last;

    TableLayouts(Builder builder) {
        this.builder = builder;
    }

    TableLayout get(TableId tableId, TableSchema schema) {
        TableLayout layout = last;
        if (layout != null && layout.schema == schema && layout.tableId.equals(tableId)) {
            return layout;
        }
        layout = byTable.get(tableId);
        if (layout == null || !servesSchema(layout, schema)) {
            layout = builder.build(tableId, schema);
            byTable.put(tableId, layout);
        } else {
            layout.schema = schema;
        }
        last = layout;
        return layout;
    }

    private static boolean servesSchema(TableLayout layout, TableSchema schema) {
        TableSchema built = layout.schema;
        if (built == schema) {
            return true;
        }
        if (layout.connectSchema != null) {
            return built.equals(schema);
        }
        List<Column> builtColumns = built.columns();
        List<Column> columns = schema.columns();
        if (builtColumns.size() != columns.size()) {
            return false;
        }
        for (int i = 0; i < columns.size(); i++) {
            Column a = builtColumns.get(i);
            Column b = columns.get(i);
            if (!a.name().equals(b.name()) || !a.type().equals(b.type())) {
                return false;
            }
        }
        return Arrays.equals(built.primaryKeyIndexes(), schema.primaryKeyIndexes());
    }
}

package dev.cdclake.capture.format;

import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;

import java.util.HashMap;
import java.util.Map;

/**
 * The layout of each table, rebuilt when the table's schema changes. Lookups go by schema identity first: events
 * built in this JVM share their schema instance. Events that crossed a Flink network shuffle carry a fresh, equal
 * instance each; for those one {@link TableSchema#equals} decides, and the newest instance is adopted so that events
 * sharing it hit by identity again.
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
        if (layout == null || !layout.schema.equals(schema)) {
            layout = builder.build(tableId, schema);
            byTable.put(tableId, layout);
        } else {
            layout.schema = schema;
        }
        last = layout;
        return layout;
    }
}

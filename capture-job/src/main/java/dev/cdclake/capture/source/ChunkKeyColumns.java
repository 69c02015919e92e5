package dev.cdclake.capture.source;

import dev.cdclake.events.TableId;
import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.events.selector.TableSelector;
import org.apache.flink.table.catalog.ObjectPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scan.incremental.snapshot.chunk.key-column}: {@code db.t1:col1;db.t\.*:col2}, table selectors in the syntax of
 * {@code tables}, each with the column that splits the snapshot of its tables into chunks; the first matching entry
 * wins.
 *
 * <p>{@code MySqlSource} takes one entry per table and matches its name with Debezium's regex filter, which has its own
 * syntax ({@code \.} is a literal dot there). So, as Flink CDC's pipeline connector does, the selectors are resolved
 * against the server's tables, and each table is handed over under its escaped name, matching that table only.
 */
public final class ChunkKeyColumns {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkKeyColumns.class);
    private static final String OPTION = "source.scan.incremental.snapshot.chunk.key-column";

    private final List<Entry> entries;

    private ChunkKeyColumns(List<Entry> entries) {
        this.entries = entries;
    }

    /** Parses the option value; null or blank is no entry. */
    public static ChunkKeyColumns parse(@Nullable String spec) {
        List<Entry> entries = new ArrayList<>();
        if (spec != null) {
            for (String raw : spec.split(";")) {
                String entry = raw.trim();
                if (entry.isEmpty()) {
                    continue;
                }
                int colon = entry.lastIndexOf(':');
                String column = colon < 0 ? "" : entry.substring(colon + 1).trim();
                if (colon <= 0 || column.isEmpty()) {
                    throw new PipelineConfigException(OPTION + " entry '" + entry + "' is malformed: write "
                            + "database.table:column entries separated by ';', e.g. "
                            + "shop.orders:order_no;shop.\\.*_log:seq");
                }
                try {
                    entries.add(new Entry(TableSelector.parse(entry.substring(0, colon)), column));
                } catch (IllegalArgumentException e) {
                    throw new PipelineConfigException(OPTION + " entry '" + entry + "': " + e.getMessage(), e);
                }
            }
        }
        return new ChunkKeyColumns(List.copyOf(entries));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * The connector's map for the captured tables and their columns: each table that an entry selects, under its
     * escaped name, with the column spelled as the table spells it.
     *
     * @throws PipelineConfigException when a selected table has no such column
     */
    public Map<ObjectPath, String> resolve(Map<TableId, List<String>> columnsByTable) {
        Map<ObjectPath, String> resolved = new LinkedHashMap<>();
        boolean[] used = new boolean[entries.size()];
        columnsByTable.forEach((table, columns) -> {
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                if (e.tables.matches(table)) {
                    used[i] = true;
                    resolved.put(
                            new ObjectPath(escape(table.database()), escape(table.table())),
                            e.columnOf(table, columns));
                    return;
                }
            }
        });
        for (int i = 0; i < entries.size(); i++) {
            if (!used[i]) {
                LOG.warn(
                        "{} entry '{}:{}' matches none of the captured tables {}; its tables keep their first "
                                + "primary-key column as chunk key",
                        OPTION,
                        entries.get(i).tables,
                        entries.get(i).column,
                        columnsByTable.keySet());
            }
        }
        return resolved;
    }

    /** A name as a regex that matches exactly it, also inside Debezium's comma-separated regex lists. */
    static String escape(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 8);
        name.codePoints().forEach(c -> {
            if (!Character.isLetterOrDigit(c) && c != '_') {
                sb.append('\\');
            }
            sb.appendCodePoint(c);
        });
        return sb.toString();
    }

    private static final class Entry {
        final TableSelector tables;
        final String column;

        Entry(TableSelector tables, String column) {
            this.tables = tables;
            this.column = column;
        }

        /** MySQL column names are case-insensitive; the connector compares them exactly. */
        String columnOf(TableId table, List<String> columns) {
            for (String c : columns) {
                if (c.equalsIgnoreCase(column)) {
                    return c;
                }
            }
            throw new PipelineConfigException(OPTION + " names column '" + column + "' for " + table + " (entry '"
                    + tables + ":" + column + "'), but " + table + " has no such column; its columns are " + columns);
        }
    }
}

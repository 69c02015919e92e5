package dev.cdclake.ingest.transform;

import dev.cdclake.events.TableId;
import dev.cdclake.events.selector.TableSelector;

import javax.annotation.Nullable;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One {@code transform} rule of the pipeline YAML: the tables it applies to and what it sets for them. Immutable.
 *
 * @see TransformRules for the keys and their syntax
 */
public final class TransformRule implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TableSelector sourceTable;
    private final Projection projection;
    private final List<String> primaryKeys;
    private final List<String> partitionKeys;
    private final Map<String, String> tableOptions;

    @Nullable
    private final String description;

    private final boolean softDelete;

    TransformRule(
            TableSelector sourceTable,
            Projection projection,
            List<String> primaryKeys,
            List<String> partitionKeys,
            Map<String, String> tableOptions,
            @Nullable String description,
            boolean softDelete) {
        this.sourceTable = sourceTable;
        this.projection = projection;
        this.primaryKeys = List.copyOf(primaryKeys);
        this.partitionKeys = List.copyOf(partitionKeys);
        this.tableOptions = Map.copyOf(tableOptions);
        this.description = description;
        this.softDelete = softDelete;
    }

    public boolean matches(TableId tableId) {
        return sourceTable.matches(tableId);
    }

    public TableSelector sourceTable() {
        return sourceTable;
    }

    public Projection projection() {
        return projection;
    }

    /** Target column names of the primary key, in key order; empty when the rule sets none. */
    public List<String> primaryKeys() {
        return primaryKeys;
    }

    /** Target column names of the Paimon partition keys; empty when the rule sets none. */
    public List<String> partitionKeys() {
        return partitionKeys;
    }

    /** Paimon table options for tables this rule creates; they override {@code table.properties.*}. */
    public Map<String, String> tableOptions() {
        return tableOptions;
    }

    /** The table comment of tables this rule creates. */
    @Nullable
    public String description() {
        return description;
    }

    /** {@code converter-after-transform: SOFT_DELETE}: deletes become inserts of the deleted row. */
    public boolean softDelete() {
        return softDelete;
    }

    @Override
    public String toString() {
        return "TransformRule{source-table=" + sourceTable.expression() + ", projection=" + projection
                + ", primary-keys=" + primaryKeys + ", partition-keys=" + partitionKeys + "}";
    }
}

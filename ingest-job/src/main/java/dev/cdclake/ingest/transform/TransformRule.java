package dev.cdclake.ingest.transform;

import dev.cdclake.events.TableId;
import dev.cdclake.events.selector.TableSelector;

import javax.annotation.Nullable;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    @Nullable
    private final String filter;

    private final Set<String> referenced;
    private final Set<String> sourceMetadata;

    TransformRule(
            TableSelector sourceTable,
            Projection projection,
            @Nullable String filter,
            List<String> primaryKeys,
            List<String> partitionKeys,
            Map<String, String> tableOptions,
            @Nullable String description,
            boolean softDelete) {
        this.sourceTable = sourceTable;
        this.projection = projection;
        this.filter = filter;
        Set<String> names = new LinkedHashSet<>();
        if (filter != null) {
            names.addAll(TransformSql.identifiers(TransformSql.parseFilter(filter)));
        }
        Set<String> metadataNames = new LinkedHashSet<>();
        for (Projection.Item item : projection.items()) {
            if (item.expression != null) {
                names.addAll(TransformSql.identifiers(TransformSql.parseFilter(item.expression)));
            } else if (item.source != null && MetadataColumn.of(item.source) != null) {
                metadataNames.add(item.source);
            }
        }
        for (MetadataColumn m : MetadataColumn.values()) {
            if (names.contains(m.metadataName())) {
                metadataNames.add(m.metadataName());
            }
        }
        this.referenced = Set.copyOf(names);
        this.sourceMetadata = Set.copyOf(metadataNames);
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

    /** The {@code filter} expression, or null when the rule keeps every row. */
    @Nullable
    public String filter() {
        return filter;
    }

    /**
     * Whether rows go through a {@link RowTransform} (a filter or computed columns); otherwise the schema tracker maps
     * fields to columns itself.
     */
    public boolean transformsRows() {
        return filter != null || projection.hasComputedColumns();
    }

    /** The source rows a {@link RowTransform} reads: every field and the metadata columns the rule uses. */
    public Projection sourceProjection() {
        List<MetadataColumn> columns = new ArrayList<>();
        for (String name : sourceMetadata) {
            columns.add(MetadataColumn.of(name));
        }
        return Projection.allWith(columns);
    }

    /** Simple names (lower case) the filter and the computed columns use. */
    Set<String> referenced() {
        return referenced;
    }

    /** Names of the metadata columns the rule uses. */
    Set<String> sourceMetadata() {
        return sourceMetadata;
    }

    /** {@code converter-after-transform: SOFT_DELETE}: deletes become inserts of the deleted row. */
    public boolean softDelete() {
        return softDelete;
    }

    @Override
    public String toString() {
        return "TransformRule{source-table=" + sourceTable.expression() + ", projection=" + projection
                + (filter != null ? ", filter=" + filter : "") + ", primary-keys=" + primaryKeys + ", partition-keys="
                + partitionKeys + "}";
    }
}

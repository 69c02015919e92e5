package dev.cdclake.ingest.paimon;

import javax.annotation.Nullable;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the sink needs, beyond the event schema, to create one Paimon table: partition keys, table options that override
 * the job-wide {@code table.properties.*}, and a comment that overrides the source table's. Used only when the sink
 * creates a table; existing tables are used as they are.
 */
public final class TableCreationSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No partition keys, no extra options, the source comment. */
    public static final TableCreationSpec DEFAULT = new TableCreationSpec(List.of(), Map.of(), null);

    private final List<String> partitionKeys;
    private final Map<String, String> options;

    @Nullable
    private final String comment;

    public TableCreationSpec(List<String> partitionKeys, Map<String, String> options, @Nullable String comment) {
        this.partitionKeys = List.copyOf(partitionKeys);
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        this.comment = comment;
    }

    public List<String> partitionKeys() {
        return partitionKeys;
    }

    public Map<String, String> options() {
        return options;
    }

    @Nullable
    public String comment() {
        return comment;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TableCreationSpec)) {
            return false;
        }
        TableCreationSpec that = (TableCreationSpec) o;
        return partitionKeys.equals(that.partitionKeys)
                && options.equals(that.options)
                && Objects.equals(comment, that.comment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(partitionKeys, options, comment);
    }

    @Override
    public String toString() {
        return "TableCreationSpec{partitionKeys=" + partitionKeys + ", options=" + options + ", comment=" + comment
                + "}";
    }
}

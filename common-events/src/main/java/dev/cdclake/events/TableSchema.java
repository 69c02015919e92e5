package dev.cdclake.events;

import javax.annotation.Nullable;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Ordered columns, primary key and comment of a table. Immutable: a schema change produces a new instance, and every
 * event carries the instance it was read with. Row images are {@code Object[]} in column order.
 */
public final class TableSchema implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<Column> columns;
    private final List<String> primaryKeys;

    @Nullable
    private final String comment;

    private transient Map<String, Integer> indexByName;
    private transient int[] primaryKeyIndexes;

    public TableSchema(List<Column> columns, List<String> primaryKeys, @Nullable String comment) {
        this.columns = Collections.unmodifiableList(new ArrayList<>(columns));
        this.primaryKeys = Collections.unmodifiableList(new ArrayList<>(primaryKeys));
        this.comment = comment;
        index();
    }

    private void index() {
        Map<String, Integer> byName = new HashMap<>(columns.size() * 2);
        for (int i = 0; i < columns.size(); i++) {
            if (byName.put(columns.get(i).name(), i) != null) {
                throw new IllegalArgumentException(
                        "Duplicate column '" + columns.get(i).name() + "' in " + columns);
            }
        }
        int[] pk = new int[primaryKeys.size()];
        for (int i = 0; i < pk.length; i++) {
            Integer idx = byName.get(primaryKeys.get(i));
            if (idx == null) {
                throw new IllegalArgumentException(
                        "Primary key column '" + primaryKeys.get(i) + "' is not a column of " + columnNames());
            }
            pk[i] = idx;
        }
        this.indexByName = byName;
        this.primaryKeyIndexes = pk;
    }

    private Object readResolve() {
        index();
        return this;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Column> columns() {
        return columns;
    }

    public int columnCount() {
        return columns.size();
    }

    public Column column(int index) {
        return columns.get(index);
    }

    /** @return the column's position, or -1 when there is no such column. */
    public int indexOf(String columnName) {
        Integer idx = indexByName.get(columnName);
        return idx == null ? -1 : idx;
    }

    public List<String> primaryKeys() {
        return primaryKeys;
    }

    /** Positions of the primary-key columns, in key order. The array is shared: do not modify it. */
    public int[] primaryKeyIndexes() {
        return primaryKeyIndexes;
    }

    @Nullable
    public String comment() {
        return comment;
    }

    public List<String> columnNames() {
        List<String> names = new ArrayList<>(columns.size());
        for (Column c : columns) {
            names.add(c.name());
        }
        return names;
    }

    public TableSchema withPrimaryKeys(List<String> newPrimaryKeys) {
        return new TableSchema(columns, newPrimaryKeys, comment);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TableSchema)) {
            return false;
        }
        TableSchema that = (TableSchema) o;
        return columns.equals(that.columns)
                && primaryKeys.equals(that.primaryKeys)
                && Objects.equals(comment, that.comment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(columns, primaryKeys, comment);
    }

    @Override
    public String toString() {
        return "TableSchema{columns=" + columns + ", primaryKeys=" + primaryKeys + "}";
    }

    /** Builds a schema column by column. */
    public static final class Builder {
        private final List<Column> columns = new ArrayList<>();
        private final List<String> primaryKeys = new ArrayList<>();

        @Nullable
        private String comment;

        public Builder column(Column column) {
            columns.add(column);
            return this;
        }

        public Builder column(String name, ColumnType type, boolean nullable) {
            return column(Column.of(name, type, nullable));
        }

        public Builder primaryKey(String... names) {
            primaryKeys.addAll(List.of(names));
            return this;
        }

        public Builder primaryKey(List<String> names) {
            primaryKeys.addAll(names);
            return this;
        }

        public Builder comment(@Nullable String tableComment) {
            this.comment = tableComment;
            return this;
        }

        public TableSchema build() {
            return new TableSchema(columns, primaryKeys, comment);
        }
    }
}

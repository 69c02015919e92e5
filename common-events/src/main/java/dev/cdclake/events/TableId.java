package dev.cdclake.events;

import java.io.Serializable;
import java.util.Objects;

/** Identity of a source table: MySQL database and table name. Immutable; {@link #toString()} is {@code db.table}. */
public final class TableId implements Serializable, Comparable<TableId> {
    private static final long serialVersionUID = 1L;

    private final String database;
    private final String table;
    private final transient String identifier;

    private TableId(String database, String table) {
        this.database = Objects.requireNonNull(database, "database");
        this.table = Objects.requireNonNull(table, "table");
        this.identifier = database + '.' + table;
    }

    public static TableId of(String database, String table) {
        return new TableId(database, table);
    }

    /** Parses {@code db.table}; the first unescaped dot separates the two parts. */
    public static TableId parse(String identifier) {
        int dot = identifier.indexOf('.');
        if (dot <= 0 || dot == identifier.length() - 1) {
            throw new IllegalArgumentException("'" + identifier
                    + "' is not a table identifier: write it as database.table, for example kafka_test.customers");
        }
        return new TableId(identifier.substring(0, dot), identifier.substring(dot + 1));
    }

    public String database() {
        return database;
    }

    public String table() {
        return table;
    }

    /** {@code db.table}, computed once. */
    public String identifier() {
        return identifier == null ? database + '.' + table : identifier;
    }

    private Object readResolve() {
        return new TableId(database, table);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TableId)) {
            return false;
        }
        TableId that = (TableId) o;
        return database.equals(that.database) && table.equals(that.table);
    }

    @Override
    public int hashCode() {
        return 31 * database.hashCode() + table.hashCode();
    }

    @Override
    public int compareTo(TableId o) {
        int c = database.compareTo(o.database);
        return c != 0 ? c : table.compareTo(o.table);
    }

    @Override
    public String toString() {
        return identifier();
    }
}

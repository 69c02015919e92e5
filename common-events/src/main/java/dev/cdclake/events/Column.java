package dev.cdclake.events;

import javax.annotation.Nullable;
import java.io.Serializable;
import java.util.Objects;

/** One column of a {@link TableSchema}. Immutable. */
public final class Column implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final ColumnType type;
    private final boolean nullable;

    @Nullable
    private final String sourceType;

    @Nullable
    private final String defaultValue;

    @Nullable
    private final String comment;

    public Column(
            String name,
            ColumnType type,
            boolean nullable,
            @Nullable String sourceType,
            @Nullable String defaultValue,
            @Nullable String comment) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.nullable = nullable;
        this.sourceType = sourceType;
        this.defaultValue = defaultValue;
        this.comment = comment;
    }

    public static Column of(String name, ColumnType type, boolean nullable) {
        return new Column(name, type, nullable, null, null, null);
    }

    public String name() {
        return name;
    }

    public ColumnType type() {
        return type;
    }

    public boolean nullable() {
        return nullable;
    }

    /**
     * The MySQL column type, for example {@code VARCHAR(255)}, {@code INT UNSIGNED(10)} or {@code SET('a','b')} as
     * capture-job builds it from Debezium's parameters, or {@code varchar(255)} as Canal's {@code mysqlType} spells it;
     * {@link SourceColumnType#parse} reads either.
     */
    @Nullable
    public String sourceType() {
        return sourceType;
    }

    /** The column default as SQL text, or null when the column has none. */
    @Nullable
    public String defaultValue() {
        return defaultValue;
    }

    @Nullable
    public String comment() {
        return comment;
    }

    public Column withType(ColumnType newType, boolean newNullable) {
        return new Column(name, newType, newNullable, sourceType, defaultValue, comment);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Column)) {
            return false;
        }
        Column c = (Column) o;
        return nullable == c.nullable
                && name.equals(c.name)
                && type.equals(c.type)
                && Objects.equals(sourceType, c.sourceType)
                && Objects.equals(defaultValue, c.defaultValue)
                && Objects.equals(comment, c.comment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, nullable, sourceType, defaultValue, comment);
    }

    @Override
    public String toString() {
        return name + " " + type + (nullable ? "" : " NOT NULL");
    }
}

package dev.cdclake.ingest.schema;

import dev.cdclake.events.ColumnType;

import javax.annotation.Nullable;
import java.util.Objects;

/**
 * The exact type a message declares for one field (a Debezium schema envelope entry, a Canal {@code mysqlType}): it
 * wins over value-based inference. Instances are cached per envelope, so a column compares them by identity first.
 */
public final class DeclaredType {
    private final ColumnType type;
    private final ValueEncoding encoding;
    private final boolean nullable;

    @Nullable
    private final String sourceType;

    @Nullable
    private final String comment;

    @Nullable
    private final String defaultValue;

    public DeclaredType(
            ColumnType type,
            ValueEncoding encoding,
            boolean nullable,
            @Nullable String sourceType,
            @Nullable String comment,
            @Nullable String defaultValue) {
        this.type = Objects.requireNonNull(type, "type");
        this.encoding = Objects.requireNonNull(encoding, "encoding");
        this.nullable = nullable;
        this.sourceType = sourceType;
        this.comment = comment;
        this.defaultValue = defaultValue;
    }

    public static DeclaredType of(ColumnType type, ValueEncoding encoding) {
        return new DeclaredType(type, encoding, true, null, null, null);
    }

    public ColumnType type() {
        return type;
    }

    public ValueEncoding encoding() {
        return encoding;
    }

    public boolean nullable() {
        return nullable;
    }

    @Nullable
    public String sourceType() {
        return sourceType;
    }

    @Nullable
    public String comment() {
        return comment;
    }

    @Nullable
    public String defaultValue() {
        return defaultValue;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DeclaredType)) {
            return false;
        }
        DeclaredType d = (DeclaredType) o;
        return nullable == d.nullable
                && type.equals(d.type)
                && encoding == d.encoding
                && Objects.equals(sourceType, d.sourceType)
                && Objects.equals(comment, d.comment)
                && Objects.equals(defaultValue, d.defaultValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, encoding, nullable, sourceType, comment, defaultValue);
    }

    @Override
    public String toString() {
        return type + (encoding == ValueEncoding.PLAIN ? "" : " as " + encoding);
    }
}

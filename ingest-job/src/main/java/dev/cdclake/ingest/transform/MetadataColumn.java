package dev.cdclake.ingest.transform;

import dev.cdclake.events.TableId;

import javax.annotation.Nullable;

/**
 * A value a projection can add that is not a field of the message: the source table's identity, with Flink CDC's
 * names. For a MySQL table Flink CDC's schema name is the database; there is no namespace.
 */
public enum MetadataColumn {
    SCHEMA_NAME("__schema_name__") {
        @Override
        public String valueOf(TableId source) {
            return source.database();
        }
    },
    TABLE_NAME("__table_name__") {
        @Override
        public String valueOf(TableId source) {
            return source.table();
        }
    };

    private final String name;

    MetadataColumn(String name) {
        this.name = name;
    }

    /** The name a projection writes, e.g. {@code __table_name__}. */
    public String metadataName() {
        return name;
    }

    /** The value of the column in every row of {@code source}. */
    public abstract String valueOf(TableId source);

    /** The metadata column of a projection item's name, or null when the name is a field. */
    @Nullable
    static MetadataColumn of(String name) {
        for (MetadataColumn m : values()) {
            if (m.name.equals(name)) {
                return m;
            }
        }
        return null;
    }
}

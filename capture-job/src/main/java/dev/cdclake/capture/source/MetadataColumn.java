package dev.cdclake.capture.source;

import dev.cdclake.events.Column;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;

/**
 * Metadata added to row images as extra columns of these names ({@code metadata-column.include-list}). Values: the
 * change's commit time in epoch ms (the read time for snapshot rows), the source database and table.
 */
public enum MetadataColumn {
    OP_TS("op_ts", ColumnType.of(DataKind.BIGINT)),
    DATABASE_NAME("database_name", ColumnType.of(DataKind.STRING)),
    TABLE_NAME("table_name", ColumnType.of(DataKind.STRING));

    private final String columnName;
    private final ColumnType type;

    MetadataColumn(String columnName, ColumnType type) {
        this.columnName = columnName;
        this.type = type;
    }

    public String columnName() {
        return columnName;
    }

    Column column() {
        return new Column(columnName, type, false, null, null, "cdclake metadata: " + columnName);
    }

    @Override
    public String toString() {
        return columnName;
    }
}

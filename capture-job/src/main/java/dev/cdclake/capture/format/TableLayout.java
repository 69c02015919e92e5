package dev.cdclake.capture.format;

import com.fasterxml.jackson.core.io.SerializedString;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;

import javax.annotation.Nullable;

/**
 * Everything a JSON serializer precomputes for one table and schema: field names with their encoded forms, the value
 * writer of each column, the table identity strings and, for debezium-json with schema, the Connect schema text.
 */
final class TableLayout {
    final TableId tableId;
    /** The schema this layout was built for, or an equal instance seen later (see {@link TableLayouts}). */
    TableSchema schema;

    final SerializedString database;
    final SerializedString table;
    /** {@code db.table}. */
    final SerializedString identifier;

    final SerializedString[] fieldNames;
    final JsonValueWriter[] writers;
    final int[] primaryKeyIndexes;
    /** Kafka Connect schema of the whole message, written raw; null unless the format includes it. */
    @Nullable
    final SerializedString connectSchema;

    TableLayout(TableId tableId, TableSchema schema, JsonValueWriters valueWriters, @Nullable String connectSchema) {
        this.tableId = tableId;
        this.schema = schema;
        this.database = new SerializedString(tableId.database());
        this.table = new SerializedString(tableId.table());
        this.identifier = new SerializedString(tableId.identifier());
        int n = schema.columnCount();
        this.fieldNames = new SerializedString[n];
        this.writers = new JsonValueWriter[n];
        for (int i = 0; i < n; i++) {
            fieldNames[i] = new SerializedString(schema.column(i).name());
            writers[i] = valueWriters.writerFor(schema.column(i).type());
        }
        this.primaryKeyIndexes = schema.primaryKeyIndexes().clone();
        this.connectSchema = connectSchema == null ? null : new SerializedString(connectSchema);
    }
}

package dev.cdclake.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cdclake.events.wire.WireDocument;

import javax.annotation.Nullable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A DDL statement as it changed one captured table, with the kinds of change a schema diff cannot tell: a renamed
 * column looks like a dropped one plus a new one, and a dropped or renamed table leaves no record behind. capture-job
 * writes it as a marker record into the table's topic, in binlog order with the table's changes (the value of the
 * {@code cdclake.ddl} header, {@link #document()}); ingest-job's {@code schema.change.behavior} decides what it does to
 * the lake table.
 *
 * <pre>
 * {"version":1,"database":"app","table":"orders","ddl":"ALTER TABLE orders RENAME COLUMN a TO b",
 *  "position":"mysql-bin.000003:4711","inOrder":true,"partitions":1,
 *  "changes":[{"kind":"RENAME_COLUMN","column":"a","newName":"b"}]}
 * </pre>
 *
 * {@code inOrder} says that every partition that carries the table's changes is one Kafka writer's sequence and holds
 * a copy of the marker, so that whatever reads the marker in a partition has read every change of that partition
 * before it and none after it; {@code partitions} says how many partitions those are: 1 under capture-job's
 * {@code partition.strategy: all-to-zero} (one sequence for the whole table), the topic's partition count under
 * {@code hash-by-key}. capture-job before 2026-12-07 wrote {@code inOrder: false} under hash-by-key.
 */
public final class SourceDdl {
    /** The document version this code writes and reads. */
    public static final int VERSION = 1;

    private static final JsonFactory JSON = new JsonFactory();

    /** What a statement did to the table. */
    public enum Kind {
        ADD_COLUMN,
        DROP_COLUMN,
        /** {@code column} is the old name, {@code newName} the new one. */
        RENAME_COLUMN,
        /** A column's type, nullability, default or position changed (its name did not). */
        MODIFY_COLUMN,
        DROP_TABLE,
        /** Every row deleted at once, without a change event per row. */
        TRUNCATE_TABLE,
        /** {@code ALTER TABLE ... TRUNCATE/DROP PARTITION}: the rows of MySQL partitions deleted without events. */
        REMOVE_PARTITION_ROWS,
        /**
         * {@code newName} is the table's new {@code database.table}; in the marker of the new name, {@code column} is
         * the old one.
         */
        RENAME_TABLE,
        CREATE_TABLE,
        /** Indexes, keys, table options and the like: nothing a row shows. */
        OTHER
    }

    /** One change of a statement. */
    public static final class Change {
        private final Kind kind;

        @Nullable
        private final String column;

        @Nullable
        private final String newName;

        public Change(Kind kind, @Nullable String column, @Nullable String newName) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.column = column;
            this.newName = newName;
        }

        public Kind kind() {
            return kind;
        }

        /** The column changed (its old name for a rename), or null for a change of the table. */
        @Nullable
        public String column() {
            return column;
        }

        /** The new name of a renamed column or table, else null. */
        @Nullable
        public String newName() {
            return newName;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Change
                    && ((Change) o).kind == kind
                    && Objects.equals(((Change) o).column, column)
                    && Objects.equals(((Change) o).newName, newName);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, column, newName);
        }

        @Override
        public String toString() {
            return kind + (column == null ? "" : " " + column) + (newName == null ? "" : " -> " + newName);
        }
    }

    private final TableId table;
    private final String statement;

    @Nullable
    private final String position;

    private final boolean inOrder;
    private final int partitions;
    private final List<Change> changes;

    /**
     * A statement whose table's changes travel in one partition, or in an unknown order when not {@code inOrder}.
     *
     * @param position where the statement is in the binlog ({@code file:offset}), or null when unknown
     * @param inOrder whether the partition carrying the table's changes is one sequence holding this marker (see the
     *     class comment)
     */
    public SourceDdl(
            TableId table, String statement, @Nullable String position, boolean inOrder, List<Change> changes) {
        this(table, statement, position, inOrder, 1, changes);
    }

    /**
     * @param partitions how many partitions carry the table's changes, each with a copy of this marker when
     *     {@code inOrder}
     */
    public SourceDdl(
            TableId table,
            String statement,
            @Nullable String position,
            boolean inOrder,
            int partitions,
            List<Change> changes) {
        if (partitions < 1) {
            throw new IllegalArgumentException("A DDL marker is copied into at least one partition, not " + partitions);
        }
        this.table = Objects.requireNonNull(table, "table");
        this.statement = Objects.requireNonNull(statement, "statement");
        this.position = position;
        this.inOrder = inOrder;
        this.partitions = partitions;
        this.changes = List.copyOf(changes);
    }

    public TableId table() {
        return table;
    }

    /** The statement as MySQL logged it. */
    public String statement() {
        return statement;
    }

    @Nullable
    public String position() {
        return position;
    }

    public boolean inOrder() {
        return inOrder;
    }

    /** How many partitions carry the table's changes, each with a copy of this marker when {@link #inOrder}. */
    public int partitions() {
        return partitions;
    }

    public List<Change> changes() {
        return changes;
    }

    /** Whether the statement changes something the lake table shows (anything but {@link Kind#OTHER}). */
    public boolean changesRows() {
        for (Change c : changes) {
            if (c.kind != Kind.OTHER && c.kind != Kind.CREATE_TABLE) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether applying the statement needs every change before it read before it and none after it: a dropped or
     * renamed column, an emptied table. A new column or type comes with the rows' own schemas, whatever their order.
     */
    public boolean needsOrder() {
        for (Change c : changes) {
            switch (c.kind) {
                case DROP_COLUMN:
                case RENAME_COLUMN:
                case DROP_TABLE:
                case TRUNCATE_TABLE:
                case RENAME_TABLE:
                    return true;
                default:
            }
        }
        return false;
    }

    /** Whether the statement removed every row of the table: {@link Kind#DROP_TABLE} or {@link Kind#TRUNCATE_TABLE}. */
    public boolean emptiesTable() {
        for (Change c : changes) {
            if (c.kind == Kind.DROP_TABLE || c.kind == Kind.TRUNCATE_TABLE) {
                return true;
            }
        }
        return false;
    }

    /**
     * The same statement, marked as copied in order into each of the {@code partitions} partitions that carry the
     * table's changes.
     */
    public SourceDdl inSequence(int partitions) {
        return inOrder && partitions == this.partitions
                ? this
                : new SourceDdl(table, statement, position, true, partitions, changes);
    }

    /** The same statement, of another table: a route sends a source table's DDL to its sink table. */
    public SourceDdl withTable(TableId sink) {
        return new SourceDdl(sink, statement, position, inOrder, partitions, changes);
    }

    /** The table's new name when the statement renamed it ({@link Kind#RENAME_TABLE}), else null. */
    @Nullable
    public TableId renamedTo() {
        for (Change c : changes) {
            if (c.kind == Kind.RENAME_TABLE && c.column == null && c.newName != null) {
                return TableId.parse(c.newName);
            }
        }
        return null;
    }

    /** The table's old name when the statement gave the table its name by renaming another, else null. */
    @Nullable
    public TableId renamedFrom() {
        for (Change c : changes) {
            if (c.kind == Kind.RENAME_TABLE && c.column != null) {
                return TableId.parse(c.column);
            }
        }
        return null;
    }

    /** The same statement, renaming the table to {@code sink}: a route sends the new name's rows to its sink table. */
    public SourceDdl withNewName(TableId sink) {
        List<Change> renamed = new ArrayList<>(changes.size());
        for (Change c : changes) {
            renamed.add(
                    c.kind == Kind.RENAME_TABLE && c.column == null ? new Change(c.kind, null, sink.identifier()) : c);
        }
        return new SourceDdl(table, statement, position, inOrder, partitions, renamed);
    }

    /** The canonical JSON document, the value of the marker's {@code cdclake.ddl} header. */
    public byte[] document() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + statement.length());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("version", VERSION);
            g.writeStringField("database", table.database());
            g.writeStringField("table", table.table());
            g.writeStringField("ddl", statement);
            if (position != null) {
                g.writeStringField("position", position);
            }
            g.writeBooleanField("inOrder", inOrder);
            g.writeNumberField("partitions", partitions);
            g.writeArrayFieldStart("changes");
            for (Change c : changes) {
                g.writeStartObject();
                g.writeStringField("kind", c.kind.name());
                if (c.column != null) {
                    g.writeStringField("column", c.column);
                }
                if (c.newName != null) {
                    g.writeStringField("newName", c.newName);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Reads a marker's document.
     *
     * @throws IllegalArgumentException when the bytes are not a DDL document of a version this code reads
     */
    public static SourceDdl parse(byte[] document) {
        JsonNode root = WireDocument.read(document, "DDL document", VERSION);
        List<Change> changes = new ArrayList<>();
        for (JsonNode c : root.path("changes")) {
            Kind kind;
            try {
                kind = Kind.valueOf(WireDocument.text(c, "kind"));
            } catch (IllegalArgumentException e) {
                // a kind of a newer capture-job: nothing this reader knows how to apply
                kind = Kind.OTHER;
            }
            String column = WireDocument.optionalText(c, "column");
            String newName = WireDocument.optionalText(c, "newName");
            if (kind == Kind.RENAME_TABLE) {
                // read back as tables (renamedTo, renamedFrom): a document that does not name them is malformed
                TableId.parse(newName == null ? "" : newName);
                if (column != null) {
                    TableId.parse(column);
                }
            }
            changes.add(new Change(kind, column, newName));
        }
        return new SourceDdl(
                TableId.of(WireDocument.text(root, "database"), WireDocument.text(root, "table")),
                WireDocument.text(root, "ddl"),
                WireDocument.optionalText(root, "position"),
                root.path("inOrder").asBoolean(false),
                Math.max(1, root.path("partitions").asInt(1)),
                changes);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SourceDdl)) {
            return false;
        }
        SourceDdl d = (SourceDdl) o;
        return inOrder == d.inOrder
                && partitions == d.partitions
                && table.equals(d.table)
                && statement.equals(d.statement)
                && Objects.equals(position, d.position)
                && changes.equals(d.changes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(table, statement, position, inOrder, partitions, changes);
    }

    @Override
    public String toString() {
        return "DDL of " + table + " " + changes + ": " + statement;
    }
}

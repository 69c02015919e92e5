package dev.cdclake.ingest.paimon;

import dev.cdclake.events.Column;
import dev.cdclake.events.SourceDdl;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.config.SchemaChangeBehavior;
import org.apache.paimon.CoreOptions;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.DelegateCatalog;
import org.apache.paimon.catalog.FileSystemCatalog;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.schema.Schema;
import org.apache.paimon.schema.SchemaChange;
import org.apache.paimon.table.BucketMode;
import org.apache.paimon.table.FileStoreTable;
import org.apache.paimon.table.Table;
import org.apache.paimon.types.DataField;
import org.apache.paimon.types.DataType;
import org.apache.paimon.types.RowType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes a Paimon table able to take the rows of an event schema: creates it on first sight, checks that an existing
 * one has the same primary key, and evolves it with {@link SchemaChange#addColumn} /
 * {@link SchemaChange#updateColumnType} through {@link Catalog#alterTable} before rows that need the change are
 * written. Writer subtasks race on the same changes: a lost race is resolved by re-reading the
 * table from the catalog and recomputing, a bounded number of times, never by waiting.
 */
final class PaimonTableReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(PaimonTableReconciler.class);

    /** Rounds of re-read and recompute after losing a race; each round observes another subtask's successful alter. */
    static final int MAX_ALTER_ATTEMPTS = 5;

    private final Catalog catalog;
    private final Map<String, String> tableOptions;
    private final int writers;
    private final PaimonTypes types;

    /** Table option holding the binlog position of the last DDL statement applied to the table. */
    static final String DDL_POSITION_OPTION = "cdclake.source.ddl-position";

    /**
     * @param writers the writer parallelism, which dynamic-bucket tables the job creates keep as their number of
     *     bucket assigners ({@link PaimonChannelRouter#numAssigners})
     */
    PaimonTableReconciler(Catalog catalog, Map<String, String> tableOptions, PaimonTypes types, int writers) {
        this.writers = writers;
        this.catalog = catalog;
        this.tableOptions = tableOptions;
        this.types = types;
    }

    static Identifier identifier(TableId id) {
        return Identifier.create(id.database(), id.table());
    }

    /**
     * The latest version of the table, created or evolved so that it holds every row of {@code eventSchema}.
     *
     * @param known the version the caller already has, or null on first sight
     * @param spec how to create the table when it does not exist yet
     */
    FileStoreTable reconcile(
            TableId id, TableSchema eventSchema, @Nullable FileStoreTable known, TableCreationSpec spec)
            throws Exception {
        FileStoreTable table = known == null ? getOrCreate(id, eventSchema, spec) : known;
        for (int attempt = 1; ; attempt++) {
            List<SchemaChange> changes = requiredChanges(id, eventSchema, table, types);
            if (changes.isEmpty()) {
                return table;
            }
            if (attempt > 1 || known != null) {
                // Decide on the latest schema: another subtask may already have applied (part of) the change.
                table = load(id);
                changes = requiredChanges(id, eventSchema, table, types);
                if (changes.isEmpty()) {
                    return table;
                }
            }
            if (types.schemaChanges() == SchemaChangeBehavior.IGNORE) {
                return table;
            }
            if (types.schemaChanges() == SchemaChangeBehavior.EXCEPTION) {
                throw new IllegalArgumentException(String.format(
                        "The schema of %s changed: its Paimon table would need %s, and pipeline"
                                + " schema.change.behavior is exception. Restore the source table's schema and restart"
                                + " from the last checkpoint, or set schema.change.behavior: lenient to evolve the"
                                + " table (or ignore to keep it as it is)",
                        id, describe(changes)));
            }
            if (attempt > MAX_ALTER_ATTEMPTS) {
                throw new IllegalStateException(String.format(
                        "Paimon table %s still needs %s after %d attempts to alter it; other writers keep changing"
                                + " it at the same time, restart the job to retry",
                        id, describe(changes), MAX_ALTER_ATTEMPTS));
            }
            try {
                catalog.alterTable(identifier(id), changes, false);
                LOG.info("Evolved Paimon table {}: {}", id, describe(changes));
            } catch (Catalog.ColumnAlreadyExistException | Catalog.ColumnNotExistException e) {
                LOG.info(
                        "Schema change {} of Paimon table {} raced with another writer ({}); re-reading the table",
                        describe(changes),
                        id,
                        e.getMessage());
            }
            table = load(id);
        }
    }

    /**
     * Applies a DDL statement of a source table (a capture-job marker, {@link SourceDdl}) to its Paimon table, as
     * {@code schema.change.behavior} says: lenient and ignore leave the table to the rows' schemas; exception fails;
     * evolve and try_evolve rename and drop the columns the statement renamed and dropped (new columns and types
     * follow from the next rows' schema, as under lenient), and empty a dropped or truncated table and rename a renamed
     * one ({@link SourceDdl#renamedTo}, the sink of the new name) in order with its rows. A statement is applied once:
     * the table keeps the commit time and binlog position of the last one applied ({@value #DDL_POSITION_OPTION},
     * {@code <epoch ms>@<file>:<offset>}), so a replay after a restart skips it.
     * The commit time orders first: a failover to another MySQL server starts other binlog files.
     *
     * @param opTs the statement's commit time, epoch milliseconds
     * @param merged whether other source tables may feed the table too (a merging route): their rows still have
     *     what this statement dropped or renamed, so evolve and try_evolve leave the table as lenient does; also when
     *     a renamed table's route sends either name to more than one lake table, or the new one to a merged table
     * @return whether the writers must act on the statement: the Paimon table changed, or is to be emptied or renamed
     * @throws IllegalArgumentException when the behavior refuses the statement: exception always, evolve when the
     *     statement cannot be applied in order or Paimon refuses it
     */
    boolean applyDdl(SourceDdl ddl, long opTs, boolean merged) throws Exception {
        if (!ddl.changesRows()) {
            return false;
        }
        TableId id = ddl.table();
        SchemaChangeBehavior behavior = types.schemaChanges();
        if (behavior == SchemaChangeBehavior.LENIENT || behavior == SchemaChangeBehavior.IGNORE) {
            return false;
        }
        if (behavior == SchemaChangeBehavior.EXCEPTION) {
            throw new IllegalArgumentException(String.format(
                    "The schema of %s changed: %s (%s), and pipeline schema.change.behavior is exception. Restore the"
                            + " source table's schema and restart from the last checkpoint, or set"
                            + " schema.change.behavior: lenient or evolve",
                    id, ddl.statement(), ddl.changes()));
        }
        if (merged) {
            LOG.info(
                    "The DDL {} is not applied to Paimon table {}: a route merges other source tables into it, whose"
                            + " rows still have what the statement changed; the table goes on as under lenient",
                    ddl.statement(),
                    id);
            return false;
        }
        if (ddl.needsOrder() && !ddl.inOrder()) {
            return refuse(
                    ddl,
                    "capture-job spread the table's changes by key over its Kafka writers and partitions"
                            + " (a capture-job older than 2026-12-07, under either partition.strategy), so"
                            + " rows written before the statement may arrive after it. Run the current"
                            + " capture-job");
        }
        FileStoreTable table;
        try {
            table = load(id);
        } catch (Catalog.TableNotExistException e) {
            // the table is created from its next row, which already has the new shape
            return false;
        }
        String mark = markOf(ddl, opTs);
        if (ddl.emptiesTable()) {
            // DROP TABLE, TRUNCATE: the writers drop the table's uncommitted rows and the committer empties it with
            // this checkpoint, after everything before: in order with the rows, which a catalog drop or truncate here
            // is not. Every copy of the marker (hash-by-key) and every replay tells the writers; the router skips a
            // statement this job's committer already emptied, and the writers apply the first copy they get.
            LOG.info(
                    "Paimon table {} is emptied with the checkpoint of {}; rows after the statement fill it again",
                    id,
                    ddl.statement());
            return true;
        }
        TableId renamedTo = ddl.renamedTo();
        if (renamedTo != null) {
            return renames(ddl, renamedTo, mark);
        }
        if (applied(table, mark)) {
            return false;
        }
        Set<String> fields = new HashSet<>(table.rowType().getFieldNames());
        List<SchemaChange> changes = new ArrayList<>();
        for (SourceDdl.Change c : ddl.changes()) {
            switch (c.kind()) {
                case RENAME_COLUMN:
                    if (fields.contains(c.column()) && !fields.contains(c.newName())) {
                        changes.add(SchemaChange.renameColumn(c.column(), c.newName()));
                        fields.remove(c.column());
                        fields.add(c.newName());
                    }
                    break;
                case DROP_COLUMN:
                    if (fields.remove(c.column())) {
                        changes.add(SchemaChange.dropColumn(c.column()));
                    }
                    break;
                case REMOVE_PARTITION_ROWS:
                    return refuse(
                            ddl,
                            "MySQL removed the rows of partitions without a change event per row, and which rows"
                                    + " those were is not in the stream; the lake keeps them");
                default:
                // new columns and types come with the next row's schema, as under lenient
            }
        }
        if (changes.isEmpty()) {
            return false;
        }
        if (mark != null) {
            changes.add(SchemaChange.setOption(DDL_POSITION_OPTION, mark));
            changes.add(SchemaChange.setOption(
                    DdlHistory.OPTION,
                    DdlHistory.of(table)
                            .with(mark, System.currentTimeMillis(), ddl.changes())
                            .toJson()));
        }
        try {
            catalog.alterTable(identifier(id), changes, false);
        } catch (Catalog.ColumnNotExistException | Catalog.ColumnAlreadyExistException e) {
            if (applied(load(id), mark)) {
                // another subtask read its copy of the marker (hash-by-key) at the same time and applied it first
                return false;
            }
            return refuse(ddl, "Paimon refused to " + describe(changes) + ": " + e.getMessage());
        } catch (UnsupportedOperationException | IllegalArgumentException | IllegalStateException e) {
            return refuse(ddl, "Paimon refused to " + describe(changes) + ": " + e.getMessage());
        }
        LOG.info("Applied the DDL of {} to its Paimon table: {} ({})", id, describe(changes), ddl.statement());
        return true;
    }

    /**
     * {@code RENAME TABLE}: whether the committer is to rename the table's Paimon table to {@code renamedTo} (the sink
     * of the new name) with the checkpoint that holds the statement (under hash-by-key, the last of the marker's
     * copies), after the table's files of that checkpoint, in order with the rows; the router holds the changes of the
     * new name, and of the old one on channels past the statement, until then. The renamed table keeps the
     * statement's mark, so a replay finds it done.
     */
    private boolean renames(SourceDdl ddl, TableId renamedTo, @Nullable String mark) throws Exception {
        TableId id = ddl.table();
        if (renamedTo.equals(id)) {
            // routes send both names to one lake table
            return false;
        }
        if (mark == null) {
            return refuse(
                    ddl,
                    "the marker has no binlog position, so a replay could not tell whether the table was renamed"
                            + " already");
        }
        if (ddl.renamedFrom() != null) {
            return refuse(
                    ddl,
                    "the same statement gives the table's name to another table (a swap, such as the cut-over of"
                            + " gh-ost or pt-online-schema-change: RENAME TABLE t TO t_old, t_new TO t, or a chain);"
                            + " renames onto a name the statement frees are not followed yet");
        }
        for (SourceDdl.Change c : ddl.changes()) {
            if (c.kind() != SourceDdl.Kind.RENAME_TABLE && c.kind() != SourceDdl.Kind.OTHER) {
                return refuse(
                        ddl,
                        "the statement also changes the table's columns; run the rename as a statement of its own");
            }
        }
        if (!renamesFiles()) {
            return refuse(
                    ddl,
                    "Paimon's filesystem catalog moves a table's files with its name on a file system; other"
                            + " catalogs are not known to (Paimon's own REST server renames only the metadata, and the"
                            + " next commit finds no schema), and on an object store the move is a copy that a crash"
                            + " can leave half done; the lake table stays as it is");
        }
        try {
            FileStoreTable existing = load(renamedTo);
            if (applied(existing, mark)) {
                // renamed before: a replay
                return false;
            }
            return refuse(
                    ddl,
                    String.format(
                            "Paimon table %s exists already (the table was there before - also when MySQL dropped"
                                    + " it, evolve keeps the table emptied - or a swap in one statement, or changes of"
                                    + " %s were read before the statement from another topic); drop it, or route the"
                                    + " new name to a table of its own",
                            renamedTo, renamedTo));
        } catch (Catalog.TableNotExistException e) {
            LOG.info(
                    "Paimon table {} is renamed to {} with the checkpoint of {}; the changes of both names wait"
                            + " until then",
                    id,
                    renamedTo,
                    ddl.statement());
            return true;
        }
    }

    /**
     * Whether the committer is to rename {@code from} to {@code to} for the statement whose new name's marker is
     * {@code arrival}: what {@link #renames} checks at the old name's marker, without refusing (that marker refuses,
     * if anything). The new name's changes wait for the rename when it is to be made.
     */
    boolean willRename(SourceDdl arrival, TableId from, TableId to) throws Exception {
        if (!types.schemaChanges().appliesDdl()
                || !arrival.inOrder()
                || arrival.position() == null
                || arrival.renamedTo() != null
                || !renamesFiles()
                || from.equals(to)) {
            return false;
        }
        try {
            load(to);
            return false;
        } catch (Catalog.TableNotExistException e) {
            // the rename creates it
        }
        try {
            load(from);
            return true;
        } catch (Catalog.TableNotExistException e) {
            return false;
        }
    }

    /**
     * Whether a rename in the catalog moves the table's files along, at once: the filesystem catalog's does, on a file
     * system (on an object store it copies every file, and a crash half-way leaves both tables incomplete).
     */
    private boolean renamesFiles() {
        Catalog root = DelegateCatalog.rootCatalog(catalog);
        return root instanceof FileSystemCatalog
                && !((FileSystemCatalog) root).fileIO().isObjectStore();
    }

    /** A statement's mark, {@code <epoch ms>@<file>:<offset>}, or null when its binlog position is unknown. */
    @Nullable
    static String markOf(SourceDdl ddl, long opTs) {
        return ddl.position() == null ? null : opTs + "@" + ddl.position();
    }

    /** Whether the table has applied a statement at or after {@code mark} ({@code <epoch ms>@<file>:<offset>}). */
    static boolean applied(Table table, @Nullable String mark) {
        String last = table.options().get(DDL_POSITION_OPTION);
        if (mark == null || last == null) {
            return false;
        }
        // a mark this code did not write: apply (renames and drops check the columns first)
        Integer order = compareMarks(mark, last);
        return order != null && order <= 0;
    }

    /**
     * Orders two marks: commit time first, then binlog file and offset.
     *
     * @return negative, zero or positive as {@code a} is before, at or after {@code b}; null when either is not a mark
     *     this code wrote
     */
    @Nullable
    static Integer compareMarks(String a, String b) {
        try {
            long timeA = Long.parseLong(a.substring(0, a.indexOf('@')));
            long timeB = Long.parseLong(b.substring(0, b.indexOf('@')));
            if (timeA != timeB) {
                return Long.compare(timeA, timeB);
            }
            String positionA = a.substring(a.indexOf('@') + 1);
            String positionB = b.substring(b.indexOf('@') + 1);
            int colonA = positionA.lastIndexOf(':');
            int colonB = positionB.lastIndexOf(':');
            int files = positionA.substring(0, colonA).compareTo(positionB.substring(0, colonB));
            if (files != 0) {
                return files;
            }
            return Long.compare(
                    Long.parseLong(positionA.substring(colonA + 1)), Long.parseLong(positionB.substring(colonB + 1)));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Fails under evolve; under try_evolve logs why and leaves the table to the rows' schemas, as lenient. */
    private boolean refuse(SourceDdl ddl, String why) {
        if (types.schemaChanges() == SchemaChangeBehavior.EVOLVE) {
            throw new IllegalArgumentException(String.format(
                    "Cannot apply the DDL of %s (%s) under pipeline schema.change.behavior evolve: %s. Use try_evolve"
                            + " to go on as lenient where a statement cannot be applied",
                    ddl.table(), ddl.statement(), why));
        }
        LOG.warn(
                "The DDL of {} ({}) is not applied to its Paimon table: {}; its rows go on as under lenient"
                        + " (schema.change.behavior try_evolve)",
                ddl.table(),
                ddl.statement(),
                why);
        return false;
    }

    /** Re-reads the table from the catalog. */
    FileStoreTable load(TableId id) throws Catalog.TableNotExistException {
        return checkSupported(id, catalog.getTable(identifier(id)));
    }

    /** The table as it is, created from {@code eventSchema} when it does not exist; checks its primary key. */
    FileStoreTable getOrCreate(TableId id, TableSchema eventSchema, TableCreationSpec spec) throws Exception {
        requirePrimaryKey(id, eventSchema);
        FileStoreTable table;
        try {
            table = load(id);
        } catch (Catalog.TableNotExistException e) {
            catalog.createDatabase(id.database(), true);
            Schema schema = creationSchema(id, eventSchema, spec);
            try {
                catalog.createTable(identifier(id), schema, false);
                LOG.info(
                        "Created Paimon table {} with columns {}, primary key {}, partition keys {}, options {}",
                        id,
                        schema.rowType(),
                        schema.primaryKeys(),
                        schema.partitionKeys(),
                        schema.options());
            } catch (Catalog.TableAlreadyExistException raced) {
                LOG.info("Paimon table {} was created concurrently by another writer; using it", id);
            } catch (RuntimeException raced) {
                // the filesystem catalog reports a creation that lost the race after its existence check as "Schema
                // in filesystem exists": the table is there, or the failure is real and the load below says so
                LOG.info("Creating Paimon table {} raced with another writer ({}); using it", id, raced.toString());
            }
            table = load(id);
        }
        checkPrimaryKey(id, table, eventSchema.primaryKeys());
        return table;
    }

    /** An existing table takes the changes of a stream with the same primary key only. */
    static void checkPrimaryKey(TableId id, FileStoreTable table, List<String> streamKeys) {
        List<String> tableKey = table.schema().primaryKeys();
        if (!new HashSet<>(tableKey).equals(new HashSet<>(streamKeys))) {
            throw new IllegalArgumentException(String.format(
                    "Paimon table %s already exists with primary key %s, but the change stream of %s has primary key"
                            + " %s: make the transform rule's primary-keys match the existing table, or drop or"
                            + " rename the Paimon table",
                    id, tableKey, id, streamKeys));
        }
    }

    static void requirePrimaryKey(TableId id, TableSchema eventSchema) {
        if (eventSchema.primaryKeys().isEmpty()) {
            throw new IllegalArgumentException(String.format(
                    "Table %s has no primary key, and the Paimon sink writes primary-key tables only: add a transform"
                            + " rule for it, for example%n  transform:%n    - source-table: %s%n"
                            + "      primary-keys: <column>[,<column>...]",
                    id, id.identifier().replace(".", "\\.")));
        }
    }

    private Schema creationSchema(TableId id, TableSchema eventSchema, TableCreationSpec spec) {
        Map<String, String> options = new LinkedHashMap<>(tableOptions);
        options.putAll(spec.options());
        if (options.getOrDefault(CoreOptions.BUCKET.key(), "-1").trim().equals("-1")) {
            options.putIfAbsent(CoreOptions.DYNAMIC_BUCKET_ASSIGNER_PARALLELISM.key(), String.valueOf(writers));
        }
        Schema.Builder builder = Schema.newBuilder();
        for (Column c : eventSchema.columns()) {
            // Every column is nullable: narrower upstream schemas of the same table write null into it.
            builder.column(c.name(), types.toDataType(c.type()), c.comment());
        }
        for (String partitionKey : spec.partitionKeys()) {
            if (eventSchema.indexOf(partitionKey) < 0) {
                throw new IllegalArgumentException(String.format(
                        "Partition key '%s' of table %s is not one of its columns %s: fix the transform rule's"
                                + " partition-keys",
                        partitionKey, id, eventSchema.columnNames()));
            }
        }
        String comment = spec.comment() != null ? spec.comment() : eventSchema.comment();
        return builder.primaryKey(eventSchema.primaryKeys())
                .partitionKeys(spec.partitionKeys())
                .options(options)
                .comment(comment)
                .build();
    }

    static FileStoreTable checkSupported(TableId id, Table table) {
        if (!(table instanceof FileStoreTable)) {
            throw new IllegalArgumentException(String.format(
                    "Paimon table %s is a %s, not a data table: the sink writes primary-key data tables only",
                    id, table.getClass().getSimpleName()));
        }
        FileStoreTable fileStoreTable = (FileStoreTable) table;
        BucketMode mode = fileStoreTable.bucketMode();
        if (mode != BucketMode.HASH_FIXED && mode != BucketMode.HASH_DYNAMIC) {
            throw new IllegalArgumentException(String.format(
                    "Paimon table %s uses bucket mode %s, which this sink does not write: use 'bucket' = N > 0 (fixed)"
                            + " or -1 (dynamic) with the partition keys included in the primary key",
                    id, mode));
        }
        return fileStoreTable;
    }

    /**
     * The changes that make {@code table} hold {@code eventSchema}: new columns appended as nullable, columns widened
     * within the one type lattice ({@link PaimonTypes#holding}); never a narrowing.
     *
     * @throws ColumnConflictException when a column's type and the event's have no common type, or a key column would
     *     have to change type
     */
    static List<SchemaChange> requiredChanges(
            TableId id, TableSchema eventSchema, FileStoreTable table, PaimonTypes types) {
        RowType rowType = table.rowType();
        List<String> keys = table.schema().primaryKeys();
        List<String> partitionKeys = table.schema().partitionKeys();
        List<SchemaChange> changes = new ArrayList<>();
        boolean evolve = types.schemaChanges().appliesDdl();
        String previous = null;
        for (Column c : eventSchema.columns()) {
            int f = rowType.getFieldIndex(c.name());
            if (f < 0) {
                // evolve puts a new column where MySQL did (ADD ... AFTER / FIRST); lenient appends it
                SchemaChange.Move move = !evolve
                        ? null
                        : previous == null
                                ? SchemaChange.Move.first(c.name())
                                : SchemaChange.Move.after(c.name(), previous);
                changes.add(SchemaChange.addColumn(c.name(), types.toDataType(c.type()), c.comment(), move));
                previous = c.name();
                continue;
            }
            previous = c.name();
            DataField field = rowType.getFields().get(f);
            DataType wider = types.holding(field.type(), c.type());
            if (wider == null) {
                throw new ColumnConflictException(String.format(
                        "column '%s' of Paimon table %s has type %s and cannot take values of type %s (%s): no type"
                                + " holds both; set schema.inference.widen-to-string.enabled: true to widen such"
                                + " columns to STRING, or change the Paimon column yourself",
                        c.name(), id, field.type(), c.type(), describeSource(c)));
            }
            if (wider.equalsIgnoreNullable(field.type())) {
                continue;
            }
            if (keys.contains(c.name()) || partitionKeys.contains(c.name())) {
                throw new ColumnConflictException(String.format(
                        "column '%s' of Paimon table %s is a %s column of type %s; values of type %s need %s, but"
                                + " Paimon cannot change the type of key columns: make the upstream type of '%s' at"
                                + " most %s, or recreate the table",
                        c.name(),
                        id,
                        keys.contains(c.name()) ? "primary-key" : "partition-key",
                        field.type(),
                        c.type(),
                        wider,
                        c.name(),
                        field.type()));
            }
            changes.add(SchemaChange.updateColumnType(c.name(), wider, true));
        }
        return changes;
    }

    private static String describeSource(Column c) {
        return c.sourceType() == null ? "no source type" : "source type " + c.sourceType();
    }

    private static String describe(List<SchemaChange> changes) {
        List<String> parts = new ArrayList<>(changes.size());
        for (SchemaChange change : changes) {
            if (change instanceof SchemaChange.AddColumn) {
                SchemaChange.AddColumn add = (SchemaChange.AddColumn) change;
                parts.add("add column " + String.join(".", add.fieldNames()) + " " + add.dataType());
            } else if (change instanceof SchemaChange.RenameColumn) {
                SchemaChange.RenameColumn rename = (SchemaChange.RenameColumn) change;
                parts.add("rename column " + String.join(".", rename.fieldNames()) + " to " + rename.newName());
            } else if (change instanceof SchemaChange.DropColumn) {
                parts.add("drop column " + String.join(".", ((SchemaChange.DropColumn) change).fieldNames()));
            } else if (change instanceof SchemaChange.SetOption) {
                continue;
            } else if (change instanceof SchemaChange.UpdateColumnType) {
                SchemaChange.UpdateColumnType update = (SchemaChange.UpdateColumnType) change;
                parts.add("widen column " + String.join(".", update.fieldNames()) + " to " + update.newDataType());
            } else {
                parts.add(change.toString());
            }
        }
        return String.join(", ", parts);
    }

    /** A column of the event schema that the Paimon table cannot take: the records carrying it are bad records. */
    static final class ColumnConflictException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ColumnConflictException(String message) {
            super(message);
        }
    }
}

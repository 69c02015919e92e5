package dev.cdclake.ingest.schema;

import dev.cdclake.events.Column;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.Op;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.types.TypeLattice;
import dev.cdclake.ingest.format.MalformedRecordException;
import dev.cdclake.ingest.format.MalformedRecordException.Reason;
import dev.cdclake.ingest.transform.MetadataColumn;
import dev.cdclake.ingest.transform.Projection;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The schema of one target table as learnt from its records, and the decoder of its row images. One instance per
 * table and parser; the schema only grows: columns are appended, types widen within {@link TypeLattice}, NOT NULL
 * becomes nullable, nothing ever narrows or disappears. A column's type is the lattice join of every type it met, so
 * it does not depend on the order of the records, nor on which parser saw which.
 *
 * <p>Rules, as users see them:
 * <ul>
 *   <li>A field with a declared type (the schema capture-job publishes, a Debezium schema envelope, Canal
 *       {@code mysqlType}/{@code sqlType}) becomes a column of exactly that type; if the column exists with another
 *       type it takes the join of both (an {@code ALTER} that lengthens a VARCHAR lengthens the column).
 *   <li>A field without a declared type gets the natural type of its value ({@link ValueDecoder} rules); a field
 *       that has only been null so far does not become a column yet (its values were all null anyway).
 *   <li>{@code continuous}: a column whose type does not hold a value's natural type takes the join of both; with no
 *       common type the record is rejected ({@link Reason#VALUE_FITS_NO_TYPE}) unless widening to STRING is enabled.
 *   <li>{@code static}: the first {@code schema.inference.static.sample-records} records of the table define the
 *       schema (fields seen only as null become nullable STRING columns at that point); afterwards new fields are
 *       ignored and counted in {@link InferenceStats#ignoredFields()} and non-fitting values are rejected.
 *   <li>Primary-key columns are NOT NULL; declared NOT NULL columns stay NOT NULL only if present in the table's first
 *       record (later additions are nullable, as Paimon can only add nullable columns).
 * </ul>
 * The per-record cost is one map look-up and one decode per field; the schema object is rebuilt only after a change.
 */
public final class TableSchemaTracker {
    private static final ColumnType STRING = ColumnType.of(DataKind.STRING);

    private final TableId tableId;
    private final List<String> primaryKeys;

    @Nullable
    private final String comment;

    private final Projection projection;
    private final boolean identity;
    /** The projection's metadata columns; the table-level ones' values are the same in every row of the table. */
    private final String[] metadataTargets;

    private final MetadataColumn[] metadata;
    private final Object[] tableValues;
    /** The column of each metadata target once it exists (columns never move), else -1. */
    private final int[] metadataColumns;

    private final boolean perChangeMetadata;
    private final boolean softDelete;
    private final boolean staticStrategy;
    private final boolean widenToString;
    private final int sampleRecords;
    private final InferenceStats stats;

    private final List<Column> columns = new ArrayList<>();
    private final Map<String, Integer> indexByName = new HashMap<>();
    private ColumnType[] types = new ColumnType[8];
    /** The declared type last applied to each column; compared by identity because envelopes are cached. */
    private DeclaredType[] lastDeclared = new DeclaredType[8];

    private final Map<String, String[]> targetsByField = new HashMap<>();
    private final Set<String> nullOnlyFields = new LinkedHashSet<>();

    @Nullable
    private TableSchema schema;

    private int[] keyIndexes = new int[0];
    private boolean firstSchemaBuilt;
    private boolean frozen;
    private long records;
    private int version;

    public TableSchemaTracker(
            TableId tableId,
            List<String> primaryKeys,
            @Nullable String comment,
            Projection projection,
            boolean softDelete,
            InferenceSettings settings,
            InferenceStats stats) {
        this.tableId = tableId;
        this.primaryKeys = List.copyOf(primaryKeys);
        this.comment = comment;
        this.projection = projection;
        this.identity = projection.isIdentity();
        this.metadataTargets = projection.metadata().keySet().toArray(new String[0]);
        this.metadata = projection.metadata().values().toArray(new MetadataColumn[0]);
        this.tableValues = new Object[metadata.length];
        this.metadataColumns = new int[metadata.length];
        boolean perChange = false;
        for (int m = 0; m < metadata.length; m++) {
            perChange |= metadata[m].perChange();
            tableValues[m] = metadata[m].perChange() ? null : metadata[m].valueOf(tableId, Op.READ, false, 0);
            metadataColumns[m] = -1;
        }
        this.perChangeMetadata = perChange;
        this.softDelete = softDelete;
        this.staticStrategy = settings.strategy() == SchemaInferenceStrategy.STATIC;
        this.widenToString = settings.widenToString();
        this.sampleRecords = settings.staticSampleRecords();
        this.stats = stats;
    }

    public TableId tableId() {
        return tableId;
    }

    public List<String> primaryKeys() {
        return primaryKeys;
    }

    /** Changes whenever the schema changes; a caller that decoded several images compares it to redo them. */
    public int version() {
        return version;
    }

    /**
     * Decodes one row image into an array in column order, adding and widening columns as needed.
     *
     * @throws MalformedRecordException when a value fits no allowed type
     */
    public Object[] decode(RawRow raw) throws MalformedRecordException {
        Object[] out = new Object[columns.size()];
        for (int i = 0, n = raw.size(); i < n; i++) {
            String field = raw.name(i);
            if (identity) {
                out = put(out, raw, i, field);
            } else {
                for (String target : targets(field)) {
                    out = put(out, raw, i, target);
                }
            }
        }
        for (int m = 0; m < metadataTargets.length; m++) {
            out = putMetadata(out, m);
        }
        return out.length == columns.size() ? out : Arrays.copyOf(out, columns.size());
    }

    /** Counts one record of the table; a static schema freezes after its sample. */
    public void recordDone() {
        records++;
        if (staticStrategy && !frozen && records >= sampleRecords) {
            for (String name : nullOnlyFields) {
                if (!indexByName.containsKey(name)) {
                    addColumn(new Column(name, STRING, true, null, null, null), null);
                }
            }
            nullOnlyFields.clear();
            frozen = true;
        }
    }

    /**
     * The current schema; rebuilt only after a change.
     *
     * @throws MalformedRecordException when a primary-key column has never appeared in the table's records
     */
    public TableSchema schema() throws MalformedRecordException {
        if (schema == null) {
            int[] keys = new int[primaryKeys.size()];
            for (int k = 0; k < keys.length; k++) {
                Integer idx = indexByName.get(primaryKeys.get(k));
                if (idx == null) {
                    throw new MalformedRecordException(
                            Reason.NULL_PRIMARY_KEY,
                            "primary-key column '" + primaryKeys.get(k)
                                    + "' is missing from the record (columns so far: "
                                    + names() + "); every record needs a value for each primary-key column "
                                    + primaryKeys + ", check the transform rule's primary-keys and projection",
                            tableId);
                }
                keys[k] = idx;
            }
            schema = new TableSchema(columns, primaryKeys, comment);
            keyIndexes = keys;
            firstSchemaBuilt = true;
        }
        return schema;
    }

    /**
     * Rejects a key image with a null primary-key value. Call after {@link #schema()}.
     */
    public void checkKey(Object[] row) throws MalformedRecordException {
        for (int k = 0; k < keyIndexes.length; k++) {
            if (row[keyIndexes[k]] == null) {
                throw new MalformedRecordException(
                        Reason.NULL_PRIMARY_KEY,
                        "primary-key column '" + primaryKeys.get(k) + "' is null; a primary-key table cannot store the"
                                + " row, fix the producer or choose other primary-keys in the transform rule",
                        tableId);
            }
        }
    }

    private String[] targets(String field) {
        String[] targets = targetsByField.get(field);
        if (targets == null) {
            targets = projection.targets(field);
            targetsByField.put(field, targets);
        }
        return targets;
    }

    private Object[] put(Object[] out, RawRow raw, int i, String target) throws MalformedRecordException {
        Integer index = indexByName.get(target);
        DeclaredType declared = raw.declared(i);
        int col;
        if (index == null) {
            col = addField(raw, i, target, declared);
            if (col < 0) {
                return out;
            }
        } else {
            col = index;
            if (declared != null) {
                if (declared != lastDeclared[col]) {
                    joinDeclared(col, declared, raw, i, target);
                }
            } else if (!frozen && !ValueDecoder.holdsNatural(types[col], raw, i)) {
                // a frozen (static) schema does not widen: the value fits its column as it is, or not at all
                joinNatural(col, raw, i, target);
            }
        }
        Object value = ValueDecoder.decode(raw, i, types[col]);
        if (value == ValueDecoder.NO_FIT) {
            throw new MalformedRecordException(
                    Reason.VALUE_FITS_NO_TYPE,
                    "value " + raw.describe(i) + " of field '" + raw.name(i)
                            + (frozen
                                    ? "' does not fit column '" + target + "' " + types[col]
                                            + " of the static schema; use"
                                            + " schema.inference.strategy: continuous to let columns widen"
                                    : "' cannot be represented as column '" + target + "' " + types[col]
                                            + (declared != null ? " (declared " + declared + ")" : "")
                                            + ": out of range or not in a recognised form"),
                    tableId);
        }
        if (value == null && !columns.get(col).nullable() && !primaryKeys.contains(target)) {
            Column c = columns.get(col);
            replace(col, c.withType(c.type(), true));
        }
        if (col >= out.length) {
            out = Arrays.copyOf(out, columns.size());
        }
        out[col] = value;
        return out;
    }

    /**
     * A metadata column after the fields, NOT NULL from the table's first record on: the table-level value, or a
     * place for the per-change one {@link #stamp} writes.
     */
    private Object[] putMetadata(Object[] out, int m) {
        int col = metadataColumns[m];
        if (col < 0) {
            Integer index = indexByName.get(metadataTargets[m]);
            col = index != null
                    ? index
                    : addColumn(
                            new Column(
                                    metadataTargets[m],
                                    metadata[m].type(),
                                    firstSchemaBuilt && !primaryKeys.contains(metadataTargets[m]),
                                    null,
                                    null,
                                    null),
                            null);
            metadataColumns[m] = col;
        }
        if (col >= out.length) {
            out = Arrays.copyOf(out, columns.size());
        }
        out[col] = tableValues[m];
        return out;
    }

    /** Writes the per-change metadata ({@code __data_event_type__}, {@code op_ts}) into a decoded image. */
    public void stamp(Object[] image, Op op, boolean beforeImage, long opTs) {
        if (!perChangeMetadata) {
            return;
        }
        for (int m = 0; m < metadata.length; m++) {
            if (metadata[m].perChange()) {
                image[metadataColumns[m]] = metadata[m].valueOf(tableId, op, beforeImage, opTs);
            }
        }
    }

    /**
     * Whether the table's deletes become inserts of the deleted row ({@code converter-after-transform: SOFT_DELETE}),
     * which {@code __data_event_type__} then marks {@code -D}.
     */
    public boolean softDelete() {
        return softDelete;
    }

    /** @return the new column's index, or -1 when the field does not become a column (yet). */
    private int addField(RawRow raw, int i, String target, @Nullable DeclaredType declared) {
        if (frozen) {
            stats.fieldIgnored();
            return -1;
        }
        boolean key = primaryKeys.contains(target);
        Column column;
        if (declared != null) {
            boolean nullable = !key && (declared.nullable() || firstSchemaBuilt || staticStrategy);
            column = new Column(
                    target,
                    declared.type(),
                    nullable,
                    declared.sourceType(),
                    declared.defaultValue(),
                    declared.comment());
        } else {
            ColumnType inferred = ValueDecoder.inferType(raw, i);
            if (inferred == null) {
                if (staticStrategy) {
                    nullOnlyFields.add(target);
                }
                return -1;
            }
            column = new Column(target, inferred, !key, null, null, null);
        }
        return addColumn(column, declared);
    }

    private int addColumn(Column column, @Nullable DeclaredType declared) {
        int col = columns.size();
        columns.add(column);
        indexByName.put(column.name(), col);
        if (col == types.length) {
            types = Arrays.copyOf(types, col * 2);
            lastDeclared = Arrays.copyOf(lastDeclared, col * 2);
        }
        types[col] = column.type();
        lastDeclared[col] = declared;
        changed();
        return col;
    }

    /** A column meets a declared type (another schema version, another producer): the column takes their join. */
    private void joinDeclared(int col, DeclaredType declared, RawRow raw, int i, String target)
            throws MalformedRecordException {
        lastDeclared[col] = declared;
        widen(col, declared.type(), raw, i, target);
    }

    /** A value without a declared type that the column does not hold yet: the column takes the join of both. */
    private void joinNatural(int col, RawRow raw, int i, String target) throws MalformedRecordException {
        widen(col, ValueDecoder.inferType(raw, i), raw, i, target);
    }

    private void widen(int col, ColumnType incoming, RawRow raw, int i, String target) throws MalformedRecordException {
        ColumnType current = types[col];
        ColumnType joined = TypeLattice.join(current, incoming, widenToString);
        if (joined == null) {
            throw new MalformedRecordException(
                    Reason.VALUE_FITS_NO_TYPE,
                    "value " + raw.describe(i) + " (" + incoming + ") of field '" + raw.name(i) + "' does not fit"
                            + " column '" + target + "' " + current + " and the two types have no common type"
                            + (widenToString
                                    ? ""
                                    : "; set schema.inference.widen-to-string.enabled: true to widen"
                                            + " such columns to STRING"),
                    tableId);
        }
        if (joined.equals(current)) {
            return;
        }
        if (frozen) {
            throw new MalformedRecordException(
                    Reason.VALUE_FITS_NO_TYPE,
                    "value " + raw.describe(i) + " (" + incoming + ") of field '" + raw.name(i) + "' does not fit"
                            + " column '" + target + "' " + current + " of the static schema; use"
                            + " schema.inference.strategy: continuous to let columns widen",
                    tableId);
        }
        Column c = columns.get(col);
        replace(col, c.withType(joined, c.nullable()));
    }

    private void replace(int col, Column column) {
        columns.set(col, column);
        types[col] = column.type();
        changed();
    }

    private void changed() {
        version++;
        schema = null;
        stats.schemaChanged();
    }

    private List<String> names() {
        List<String> names = new ArrayList<>(columns.size());
        for (Column c : columns) {
            names.add(c.name());
        }
        return names;
    }
}

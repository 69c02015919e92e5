package dev.cdclake.ingest.paimon;

import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.config.SchemaChangeBehavior;
import org.apache.paimon.data.GenericRow;
import org.apache.paimon.types.DataField;
import org.apache.paimon.types.DataType;
import org.apache.paimon.types.RowKind;
import org.apache.paimon.types.RowType;

import java.util.ArrayList;
import java.util.List;

/**
 * Converts row images of one event schema into rows of one Paimon table schema. Built once per (event schema, table
 * schema version) pair; the per-record path is two array walks without lookups. Table columns the event lacks are
 * written as null; narrower event values are cast into the wider table column.
 */
final class PaimonRowConverter {
    private final TableId tableId;
    private final RowType rowType;
    /** For each table field, the position of the event column feeding it, or -1. */
    private final int[] eventIndexes;

    private final PaimonTypes.ValueConverter[] converters;
    /** The table fields whose converters can reject a value ({@link PaimonTypes#rejectsValues}); usually none. */
    private final int[] checkedFields;

    private PaimonRowConverter(
            TableId tableId,
            RowType rowType,
            int[] eventIndexes,
            PaimonTypes.ValueConverter[] converters,
            int[] checkedFields) {
        this.tableId = tableId;
        this.rowType = rowType;
        this.eventIndexes = eventIndexes;
        this.converters = converters;
        this.checkedFields = checkedFields;
    }

    /**
     * @throws IllegalStateException when the table lacks a column of the event or a column's type does not hold the
     *     event's values: the table must be evolved (or re-read) first
     */
    static PaimonRowConverter create(TableId tableId, TableSchema eventSchema, RowType rowType, PaimonTypes types) {
        List<DataField> fields = rowType.getFields();
        int[] eventIndexes = new int[fields.size()];
        PaimonTypes.ValueConverter[] converters = new PaimonTypes.ValueConverter[fields.size()];
        List<Integer> checked = new ArrayList<>();
        int mapped = 0;
        for (int f = 0; f < fields.size(); f++) {
            DataField field = fields.get(f);
            int e = eventSchema.indexOf(field.name());
            eventIndexes[f] = e;
            if (e < 0) {
                continue;
            }
            mapped++;
            var columnType = eventSchema.column(e).type();
            DataType holding = types.holding(field.type(), columnType);
            boolean held = holding != null && holding.equalsIgnoreNullable(field.type());
            if (!held && types.schemaChanges() == SchemaChangeBehavior.IGNORE) {
                // the table keeps its types: each value is written if the column holds it, else rejected
                converters[f] = types.fitting(columnType, field.type());
                checked.add(f);
                continue;
            }
            if (!held) {
                throw new IllegalStateException(String.format(
                        "Column '%s' of Paimon table %s has type %s, which does not hold the event type %s: the table"
                                + " must be evolved before these rows are written",
                        field.name(), tableId, field.type(), columnType));
            }
            converters[f] = PaimonTypes.converter(columnType, field.type());
            if (PaimonTypes.rejectsValues(columnType, field.type())) {
                checked.add(f);
            }
        }
        if (mapped != eventSchema.columnCount() && types.schemaChanges() != SchemaChangeBehavior.IGNORE) {
            throw new IllegalStateException(String.format(
                    "Paimon table %s (columns %s) lacks columns of the event schema %s: the table must be evolved"
                            + " before these rows are written",
                    tableId, rowType.getFieldNames(), eventSchema.columnNames()));
        }
        return new PaimonRowConverter(
                tableId,
                rowType,
                eventIndexes,
                converters,
                checked.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Whether {@link #check} has anything to check. */
    boolean rejectsValues() {
        return checkedFields.length > 0;
    }

    /**
     * Converts the values of the fields whose converters can reject one, so that a value the table cannot hold is
     * found where the bad-record policy applies, not in the writer.
     *
     * @throws ValueRejectedException naming the column, the table and the value's problem
     */
    void check(Object[] image) {
        for (int f : checkedFields) {
            int e = eventIndexes[f];
            if (e >= 0 && image[e] != null) {
                try {
                    converters[f].convert(image[e]);
                } catch (RuntimeException ex) {
                    throw new ValueRejectedException(
                            String.format(
                                    "column '%s' of Paimon table %s (%s): %s",
                                    rowType.getFields().get(f).name(), tableId, rowType.getTypeAt(f), ex.getMessage()),
                            ex);
                }
            }
        }
    }

    RowType rowType() {
        return rowType;
    }

    /** A new row of the table holding {@code image}. */
    GenericRow toRow(Object[] image, RowKind kind) {
        GenericRow row = new GenericRow(kind, eventIndexes.length);
        for (int f = 0; f < eventIndexes.length; f++) {
            convertInto(image, row, f);
        }
        return row;
    }

    /** Sets only the given table fields of {@code target} from {@code image}; the others keep their values. */
    void fill(Object[] image, GenericRow target, int[] tableFields) {
        for (int f : tableFields) {
            convertInto(image, target, f);
        }
    }

    private void convertInto(Object[] image, GenericRow row, int f) {
        int e = eventIndexes[f];
        Object v = e < 0 ? null : image[e];
        if (v == null) {
            row.setField(f, null);
            return;
        }
        try {
            row.setField(f, converters[f].convert(v));
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException(
                    String.format(
                            "Cannot write value of column '%s' into Paimon table %s as %s: %s",
                            rowType.getFields().get(f).name(), tableId, rowType.getTypeAt(f), ex.getMessage()),
                    ex);
        }
    }

    /** A value the table's column cannot hold. */
    static final class ValueRejectedException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ValueRejectedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

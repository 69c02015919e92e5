package dev.cdclake.ingest.schema;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;

import javax.annotation.Nullable;

/**
 * The safe widening lattice of inferred columns: the narrowest type that holds every value of two types, limited to
 * changes a Paimon table can apply without losing values already written.
 *
 * <ul>
 *   <li>integers widen by size: TINYINT &lt; SMALLINT &lt; INT &lt; BIGINT;
 *   <li>an integer and a DECIMAL give a DECIMAL with enough integer digits (INT needs 10, BIGINT 19); two DECIMALs
 *       give the larger integer part plus the larger scale; beyond precision 38 the result is DOUBLE;
 *   <li>FLOAT with FLOAT stays FLOAT; any other numeric mix with FLOAT or DOUBLE gives DOUBLE;
 *   <li>two CHARs give the longer CHAR, CHAR/VARCHAR the VARCHAR of the larger length (a MySQL {@code ALTER} from
 *       VARCHAR(255) to VARCHAR(300) widens, a later VARCHAR(100) never narrows), anything unbounded gives STRING;
 *       BINARY/VARBINARY/BYTES alike;
 *   <li>TIME, TIMESTAMP and TIMESTAMP_LTZ widen their fractional precision;
 *   <li>everything else (BOOLEAN with a number, a number with text, DATE with TIMESTAMP, ...) widens to STRING only
 *       when {@code schema.inference.widen-to-string.enabled} is true, and otherwise has no common type.
 * </ul>
 *
 * Nullability is not part of the lattice: the tracker only ever turns NOT NULL into nullable.
 */
public final class TypeWidening {
    private static final ColumnType DOUBLE = ColumnType.of(DataKind.DOUBLE);
    private static final ColumnType STRING = ColumnType.of(DataKind.STRING);

    private TypeWidening() {}

    /** @return the narrowest common type, or null when there is none (and STRING is not allowed). */
    @Nullable
    public static ColumnType widen(ColumnType current, ColumnType incoming, boolean allowString) {
        if (current.equals(incoming)) {
            return current;
        }
        DataKind a = current.kind();
        DataKind b = incoming.kind();
        if (a.isInteger() && b.isInteger()) {
            return integerRank(a) >= integerRank(b) ? current : incoming;
        }
        if (isExactNumeric(a) && isExactNumeric(b)) {
            int scale = Math.max(scale(current), scale(incoming));
            int integerDigits = Math.max(integerDigits(current), integerDigits(incoming));
            int precision = integerDigits + scale;
            return precision <= ValueDecoder.MAX_DECIMAL_PRECISION ? ColumnType.decimal(precision, scale) : DOUBLE;
        }
        if (isNumeric(a) && isNumeric(b)) {
            return a == DataKind.FLOAT && b == DataKind.FLOAT ? current : DOUBLE;
        }
        if (a.isString() && b.isString()) {
            return bounded(current) && bounded(incoming)
                    ? ColumnType.of(a == DataKind.CHAR && b == DataKind.CHAR ? DataKind.CHAR : DataKind.VARCHAR,
                            Math.max(current.precision(), incoming.precision()))
                    : STRING;
        }
        if (a.isBinary() && b.isBinary()) {
            return bounded(current) && bounded(incoming)
                    ? ColumnType.of(a == DataKind.BINARY && b == DataKind.BINARY ? DataKind.BINARY : DataKind.VARBINARY,
                            Math.max(current.precision(), incoming.precision()))
                    : ColumnType.of(DataKind.BYTES);
        }
        if (a == b && (a == DataKind.TIME || a == DataKind.TIMESTAMP || a == DataKind.TIMESTAMP_LTZ)) {
            return current.precision() >= incoming.precision() ? current : incoming;
        }
        if (a.isString()) {
            // A string column holds the text of any value.
            return current;
        }
        return allowString ? STRING : null;
    }

    private static boolean bounded(ColumnType t) {
        return t.precision() != ColumnType.UNBOUNDED;
    }

    private static boolean isExactNumeric(DataKind k) {
        return k.isInteger() || k == DataKind.DECIMAL;
    }

    private static boolean isNumeric(DataKind k) {
        return isExactNumeric(k) || k == DataKind.FLOAT || k == DataKind.DOUBLE;
    }

    private static int integerRank(DataKind k) {
        return k.ordinal() - DataKind.TINYINT.ordinal();
    }

    private static int scale(ColumnType t) {
        return t.kind() == DataKind.DECIMAL ? t.scale() : 0;
    }

    /** Decimal digits before the point that every value of the type needs. */
    private static int integerDigits(ColumnType t) {
        switch (t.kind()) {
            case TINYINT:
                return 3;
            case SMALLINT:
                return 5;
            case INT:
                return 10;
            case BIGINT:
                return 19;
            default:
                return t.precision() - t.scale();
        }
    }
}

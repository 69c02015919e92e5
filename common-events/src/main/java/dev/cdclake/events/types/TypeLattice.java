package dev.cdclake.events.types;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;

import javax.annotation.Nullable;

/**
 * The one widening lattice of column types, used wherever two types of one column meet: schema inference from values,
 * declared types that change (an {@code ALTER}), several parsers inferring the same table at once, and the Paimon
 * table that already exists. {@link #join} is the least upper bound: commutative and associative, so the type a column
 * ends with depends on the values it saw, never on their order or on which subtask saw which.
 *
 * <ul>
 *   <li>integers widen by size: TINYINT &lt; SMALLINT &lt; INT &lt; BIGINT;
 *   <li>an integer and a DECIMAL, or two DECIMALs, give the DECIMAL with the larger integer part (TINYINT needs 3
 *       digits, SMALLINT 5, INT 10, BIGINT 19) plus the larger scale; beyond {@value #MAX_DECIMAL_PRECISION} digits
 *       (Paimon's limit) the result is DOUBLE;
 *   <li>FLOAT with FLOAT stays FLOAT; any other numeric mix with FLOAT or DOUBLE gives DOUBLE;
 *   <li>CHAR with CHAR gives the longer CHAR, CHAR/VARCHAR the VARCHAR of the larger length (an {@code ALTER} from
 *       VARCHAR(255) to VARCHAR(300) widens, a later VARCHAR(100) never narrows), anything unbounded STRING;
 *       BINARY/VARBINARY/BYTES alike;
 *   <li>TIME, TIMESTAMP and TIMESTAMP_LTZ widen their fractional precision;
 *   <li>every other pair (BOOLEAN with a number, a number with text, DATE with TIMESTAMP, ...) joins to STRING only
 *       when widening to STRING is allowed, and otherwise has no common type ({@code null}): such a value is a bad
 *       record, whichever of the two came first.
 * </ul>
 *
 * Nullability is not part of the lattice.
 */
public final class TypeLattice {
    /** The largest DECIMAL precision of the lattice: Paimon's (and Flink's) DECIMAL stops at 38 digits. */
    public static final int MAX_DECIMAL_PRECISION = 38;

    private static final ColumnType DOUBLE = ColumnType.of(DataKind.DOUBLE);
    private static final ColumnType STRING = ColumnType.of(DataKind.STRING);
    private static final ColumnType BYTES = ColumnType.of(DataKind.BYTES);

    private TypeLattice() {}

    /**
     * The narrowest type holding every value of {@code a} and of {@code b}.
     *
     * @param allowString whether two types with no other common type join to STRING
     * @return the join, or null when the types have none
     */
    @Nullable
    public static ColumnType join(ColumnType a, ColumnType b, boolean allowString) {
        if (a.equals(b)) {
            return a;
        }
        DataKind x = a.kind();
        DataKind y = b.kind();
        if (x.isInteger() && y.isInteger()) {
            return integerRank(x) >= integerRank(y) ? a : b;
        }
        if (x.isExactNumeric() && y.isExactNumeric()) {
            int scale = Math.max(scale(a), scale(b));
            int precision = Math.max(integerDigits(a), integerDigits(b)) + scale;
            return precision <= MAX_DECIMAL_PRECISION ? ColumnType.decimal(precision, scale) : DOUBLE;
        }
        if (isNumeric(x) && isNumeric(y)) {
            return x == DataKind.FLOAT && y == DataKind.FLOAT ? a : DOUBLE;
        }
        if (x.isString() && y.isString()) {
            if (!bounded(a) || !bounded(b)) {
                return STRING;
            }
            DataKind kind = x == DataKind.CHAR && y == DataKind.CHAR ? DataKind.CHAR : DataKind.VARCHAR;
            return ColumnType.of(kind, Math.max(a.precision(), b.precision()));
        }
        if (x.isBinary() && y.isBinary()) {
            if (!bounded(a) || !bounded(b)) {
                return BYTES;
            }
            DataKind kind = x == DataKind.BINARY && y == DataKind.BINARY ? DataKind.BINARY : DataKind.VARBINARY;
            return ColumnType.of(kind, Math.max(a.precision(), b.precision()));
        }
        if (x == y && (x == DataKind.TIME || x == DataKind.TIMESTAMP || x == DataKind.TIMESTAMP_LTZ)) {
            return a.precision() >= b.precision() ? a : b;
        }
        return allowString ? STRING : null;
    }

    /** Whether every value of {@code narrower} is a value of {@code wider}: their join is {@code wider}. */
    public static boolean holds(ColumnType wider, ColumnType narrower) {
        return wider.equals(join(wider, narrower, false));
    }

    private static boolean bounded(ColumnType t) {
        return t.precision() != ColumnType.UNBOUNDED;
    }

    private static boolean isNumeric(DataKind k) {
        return k.isExactNumeric() || k.isApproximateNumeric();
    }

    private static int integerRank(DataKind k) {
        switch (k) {
            case TINYINT:
                return 0;
            case SMALLINT:
                return 1;
            case INT:
                return 2;
            default:
                return 3;
        }
    }

    private static int scale(ColumnType t) {
        return t.kind() == DataKind.DECIMAL ? t.scale() : 0;
    }

    /** Decimal digits before the point that every value of the type may need. */
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

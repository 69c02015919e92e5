package dev.cdclake.events.types;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static dev.cdclake.events.types.TypeLattice.join;
import static org.assertj.core.api.Assertions.assertThat;

class TypeLatticeTest {
    private static final ColumnType TINYINT = ColumnType.of(DataKind.TINYINT);
    private static final ColumnType SMALLINT = ColumnType.of(DataKind.SMALLINT);
    private static final ColumnType INT = ColumnType.of(DataKind.INT);
    private static final ColumnType BIGINT = ColumnType.of(DataKind.BIGINT);
    private static final ColumnType FLOAT = ColumnType.of(DataKind.FLOAT);
    private static final ColumnType DOUBLE = ColumnType.of(DataKind.DOUBLE);
    private static final ColumnType STRING = ColumnType.of(DataKind.STRING);
    private static final ColumnType BOOLEAN = ColumnType.of(DataKind.BOOLEAN);

    @Test
    void integersWidenBySizeAndNeverNarrow() {
        assertThat(join(INT, BIGINT, false)).isEqualTo(BIGINT);
        assertThat(join(BIGINT, INT, false)).isEqualTo(BIGINT);
        assertThat(join(TINYINT, INT, false)).isEqualTo(INT);
    }

    @Test
    void integersAndDecimalsMeetInADecimalWithEnoughDigits() {
        assertThat(join(INT, ColumnType.decimal(4, 3), false)).isEqualTo(ColumnType.decimal(13, 3));
        assertThat(join(BIGINT, ColumnType.decimal(20, 0), false)).isEqualTo(ColumnType.decimal(20, 0));
        assertThat(join(ColumnType.decimal(5, 2), ColumnType.decimal(4, 3), false))
                .isEqualTo(ColumnType.decimal(6, 3));
        // beyond Paimon's 38 digits a number widens to DOUBLE
        assertThat(join(ColumnType.decimal(38, 0), ColumnType.decimal(2, 2), false))
                .isEqualTo(DOUBLE);
    }

    @Test
    void floatingPoint() {
        assertThat(join(FLOAT, FLOAT, false)).isEqualTo(FLOAT);
        assertThat(join(FLOAT, INT, false)).isEqualTo(DOUBLE);
        assertThat(join(BIGINT, DOUBLE, false)).isEqualTo(DOUBLE);
        // the case: 1234567.890123 inferred DECIMAL(13, 6), then -1e300 DOUBLE, in either order
        assertThat(join(ColumnType.decimal(13, 6), DOUBLE, false)).isEqualTo(DOUBLE);
        assertThat(join(DOUBLE, ColumnType.decimal(13, 6), false)).isEqualTo(DOUBLE);
    }

    @Test
    void stringsBinariesAndTimes() {
        assertThat(join(ColumnType.of(DataKind.VARCHAR, 10), ColumnType.of(DataKind.CHAR, 20), false))
                .isEqualTo(ColumnType.of(DataKind.VARCHAR, 20));
        assertThat(join(ColumnType.of(DataKind.VARCHAR, 10), STRING, false)).isEqualTo(STRING);
        assertThat(join(ColumnType.of(DataKind.VARCHAR, 255), ColumnType.of(DataKind.VARCHAR, 300), false))
                .isEqualTo(ColumnType.of(DataKind.VARCHAR, 300));
        assertThat(join(ColumnType.of(DataKind.VARCHAR, 300), ColumnType.of(DataKind.VARCHAR, 100), false))
                .isEqualTo(ColumnType.of(DataKind.VARCHAR, 300));
        assertThat(join(ColumnType.of(DataKind.CHAR, 3), ColumnType.of(DataKind.CHAR, 5), false))
                .isEqualTo(ColumnType.of(DataKind.CHAR, 5));
        assertThat(join(ColumnType.of(DataKind.CHAR, 3), ColumnType.of(DataKind.VARCHAR, 2), false))
                .isEqualTo(ColumnType.of(DataKind.VARCHAR, 3));
        assertThat(join(ColumnType.of(DataKind.BINARY, 3), ColumnType.of(DataKind.BINARY, 8), false))
                .isEqualTo(ColumnType.of(DataKind.BINARY, 8));
        assertThat(join(ColumnType.of(DataKind.BINARY, 3), ColumnType.of(DataKind.VARBINARY, 2), false))
                .isEqualTo(ColumnType.of(DataKind.VARBINARY, 3));
        assertThat(join(ColumnType.of(DataKind.BINARY, 2), ColumnType.of(DataKind.BYTES), false))
                .isEqualTo(ColumnType.of(DataKind.BYTES));
        assertThat(join(ColumnType.of(DataKind.TIMESTAMP, 3), ColumnType.of(DataKind.TIMESTAMP, 6), false))
                .isEqualTo(ColumnType.of(DataKind.TIMESTAMP, 6));
        assertThat(join(ColumnType.of(DataKind.TIME, 6), ColumnType.of(DataKind.TIME, 0), false))
                .isEqualTo(ColumnType.of(DataKind.TIME, 6));
    }

    @Test
    void unrelatedTypesMeetOnlyInStringWhenAllowed() {
        // text and a number have no common type in either order: a STRING column does not absorb a number silently
        assertThat(join(INT, STRING, false)).isNull();
        assertThat(join(STRING, INT, false)).isNull();
        assertThat(join(INT, STRING, true)).isEqualTo(STRING);
        assertThat(join(STRING, INT, true)).isEqualTo(STRING);
        assertThat(join(BOOLEAN, INT, false)).isNull();
        assertThat(join(ColumnType.of(DataKind.DATE), ColumnType.of(DataKind.TIMESTAMP), true))
                .isEqualTo(STRING);
        assertThat(join(ColumnType.of(DataKind.TIME, 0), BIGINT, false)).isNull();
    }

    /** Every type of the lattice the jobs produce, with precisions spread over their ranges. */
    private static List<ColumnType> universe() {
        List<ColumnType> all = new ArrayList<>(List.of(
                BOOLEAN,
                TINYINT,
                SMALLINT,
                INT,
                BIGINT,
                FLOAT,
                DOUBLE,
                STRING,
                ColumnType.of(DataKind.DATE),
                ColumnType.of(DataKind.BYTES)));
        for (int p : new int[] {1, 2, 5, 10, 19, 20, 30, 38}) {
            for (int s : new int[] {0, 1, 3, 10, 38}) {
                if (s <= p) {
                    all.add(ColumnType.decimal(p, s));
                }
            }
        }
        for (int n : new int[] {1, 10, 255, 300}) {
            all.add(ColumnType.of(DataKind.CHAR, n));
            all.add(ColumnType.of(DataKind.VARCHAR, n));
            all.add(ColumnType.of(DataKind.BINARY, n));
            all.add(ColumnType.of(DataKind.VARBINARY, n));
        }
        for (int f : new int[] {0, 3, 6}) {
            all.add(ColumnType.of(DataKind.TIME, f));
            all.add(ColumnType.of(DataKind.TIMESTAMP, f));
            all.add(ColumnType.of(DataKind.TIMESTAMP_LTZ, f));
        }
        return all;
    }

    @Test
    void joinIsCommutativeAssociativeAndIdempotent() {
        List<ColumnType> all = universe();
        for (boolean allowString : new boolean[] {false, true}) {
            for (ColumnType a : all) {
                assertThat(join(a, a, allowString)).isEqualTo(a);
                for (ColumnType b : all) {
                    ColumnType ab = join(a, b, allowString);
                    assertThat(join(b, a, allowString)).as("%s ⊔ %s", a, b).isEqualTo(ab);
                    for (ColumnType c : all) {
                        ColumnType left = ab == null ? null : join(ab, c, allowString);
                        ColumnType bc = join(b, c, allowString);
                        ColumnType right = bc == null ? null : join(a, bc, allowString);
                        assertThat(left).as("(%s ⊔ %s) ⊔ %s", a, b, c).isEqualTo(right);
                    }
                }
            }
        }
    }

    /** The property users see: any order of the same values' types gives a column the same type. */
    @Test
    void anyOrderOfTheSameTypesGivesTheSameColumnType() {
        List<ColumnType> all = universe();
        Random random = new Random(11);
        for (int trial = 0; trial < 2_000; trial++) {
            List<ColumnType> seen = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                seen.add(all.get(random.nextInt(all.size())));
            }
            ColumnType expected = fold(seen);
            for (int shuffle = 0; shuffle < 5; shuffle++) {
                Collections.shuffle(seen, random);
                assertThat(fold(seen)).as("%s", seen).isEqualTo(expected);
            }
        }
    }

    private static ColumnType fold(List<ColumnType> types) {
        ColumnType t = types.get(0);
        for (int i = 1; i < types.size() && t != null; i++) {
            t = join(t, types.get(i), false);
        }
        return t;
    }
}

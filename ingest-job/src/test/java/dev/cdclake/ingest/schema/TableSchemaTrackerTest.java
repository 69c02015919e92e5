package dev.cdclake.ingest.schema;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.ingest.format.MalformedRecordException;
import dev.cdclake.ingest.transform.Projection;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static dev.cdclake.ingest.schema.ValueDecoderTest.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableSchemaTrackerTest {
    private static final TableId T = TableId.of("db", "t");

    private static TableSchemaTracker tracker(InferenceSettings settings, Projection projection, InferenceStats stats) {
        return new TableSchemaTracker(T, List.of("id"), "comment", projection, false, settings, stats);
    }

    private static Object[] decode(TableSchemaTracker t, String json) throws Exception {
        Object[] row = t.decode(row(json));
        t.schema();
        t.recordDone();
        return row;
    }

    private static ColumnType type(TableSchemaTracker t, String column) throws Exception {
        TableSchema s = t.schema();
        return s.column(s.indexOf(column)).type();
    }

    @Test
    void continuousWidensAndNeverNarrows() throws Exception {
        TableSchemaTracker t = tracker(InferenceSettings.continuous(), Projection.all(), new InferenceStats());
        decode(t, "{\"id\":1,\"n\":5}");
        assertThat(type(t, "n")).isEqualTo(ColumnType.of(DataKind.INT));
        decode(t, "{\"id\":2,\"n\":5000000000}");
        assertThat(type(t, "n")).isEqualTo(ColumnType.of(DataKind.BIGINT));
        Object[] narrow = decode(t, "{\"id\":3,\"n\":7}");
        assertThat(type(t, "n")).isEqualTo(ColumnType.of(DataKind.BIGINT));
        assertThat(narrow[1]).isEqualTo(7L);
        Object[] fraction = decode(t, "{\"id\":4,\"n\":1.5}");
        assertThat(type(t, "n")).isEqualTo(ColumnType.decimal(20, 1));
        assertThat(fraction[1]).isEqualTo(new BigDecimal("1.5"));
        assertThat(t.schema().comment()).isEqualTo("comment");
        assertThat(t.schema().column(0).nullable()).isFalse();
    }

    @Test
    void schemaObjectIsReusedUntilSomethingChanges() throws Exception {
        TableSchemaTracker t = tracker(InferenceSettings.continuous(), Projection.all(), new InferenceStats());
        decode(t, "{\"id\":1,\"n\":\"a\"}");
        TableSchema first = t.schema();
        decode(t, "{\"id\":2,\"n\":\"b\"}");
        assertThat(t.schema()).isSameAs(first);
        decode(t, "{\"id\":3,\"n\":\"c\",\"m\":true}");
        assertThat(t.schema()).isNotSameAs(first);
        assertThat(t.schema().columnNames()).containsExactly("id", "n", "m");
    }

    @Test
    void nullOnlyFieldsWaitForAValue() throws Exception {
        TableSchemaTracker t = tracker(InferenceSettings.continuous(), Projection.all(), new InferenceStats());
        Object[] first = decode(t, "{\"id\":1,\"later\":null}");
        assertThat(first).containsExactly(1);
        Object[] second = decode(t, "{\"id\":2,\"later\":\"x\"}");
        assertThat(second).containsExactly(2, "x");
    }

    @Test
    void widenToStringOnlyWhenEnabled() throws Exception {
        TableSchemaTracker strict = tracker(InferenceSettings.continuous(), Projection.all(), new InferenceStats());
        decode(strict, "{\"id\":1,\"v\":1}");
        assertThatThrownBy(() -> strict.decode(row("{\"id\":2,\"v\":\"one\"}")))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("schema.inference.widen-to-string.enabled");

        TableSchemaTracker lenient = tracker(
                new InferenceSettings(SchemaInferenceStrategy.CONTINUOUS, true, 1),
                Projection.all(),
                new InferenceStats());
        decode(lenient, "{\"id\":1,\"v\":1}");
        Object[] r = decode(lenient, "{\"id\":2,\"v\":\"one\"}");
        assertThat(type(lenient, "v")).isEqualTo(ColumnType.of(DataKind.STRING));
        assertThat(r[1]).isEqualTo("one");
        // ints keep fitting the string column as text
        assertThat(decode(lenient, "{\"id\":3,\"v\":3}")[1]).isEqualTo("3");
    }

    @Test
    void staticFixesTheSchemaAfterTheSampleAndCountsIgnoredFields() throws Exception {
        InferenceStats stats = new InferenceStats();
        TableSchemaTracker t =
                tracker(new InferenceSettings(SchemaInferenceStrategy.STATIC, false, 2), Projection.all(), stats);
        decode(t, "{\"id\":1,\"a\":1,\"maybe\":null}");
        decode(t, "{\"id\":2,\"a\":2,\"b\":\"x\"}");
        // frozen now: 'maybe' (only null so far) became STRING
        assertThat(t.schema().columnNames()).containsExactly("id", "a", "b", "maybe");
        assertThat(type(t, "maybe")).isEqualTo(ColumnType.of(DataKind.STRING));
        Object[] later = decode(t, "{\"id\":3,\"a\":3,\"c\":true,\"maybe\":7}");
        assertThat(later).containsExactly(3, 3, null, "7");
        assertThat(stats.ignoredFields()).isEqualTo(1);
        assertThat(t.schema().columnNames()).containsExactly("id", "a", "b", "maybe");
        assertThatThrownBy(() -> t.decode(row("{\"id\":4,\"a\":5000000000}")))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("does not fit column 'a' INT of the static schema");
    }

    @Test
    void declaredTypesWinAndWidenExistingColumns() throws Exception {
        TableSchemaTracker t = tracker(InferenceSettings.continuous(), Projection.all(), new InferenceStats());
        decode(t, "{\"id\":1,\"v\":5}");
        RawRow r = row("{\"id\":2,\"v\":6}");
        DeclaredType bigint = DeclaredType.of(ColumnType.of(DataKind.BIGINT), ValueEncoding.PLAIN);
        r.declare(1, bigint);
        Object[] values = t.decode(r);
        assertThat(type(t, "v")).isEqualTo(ColumnType.of(DataKind.BIGINT));
        assertThat(values[1]).isEqualTo(6L);
    }

    @Test
    void declaredNotNullOnlyInTheFirstSchemaAndNullMakesNullable() throws Exception {
        TableSchemaTracker t = tracker(InferenceSettings.continuous(), Projection.all(), new InferenceStats());
        DeclaredType notNull =
                new DeclaredType(ColumnType.of(DataKind.INT), ValueEncoding.PLAIN, false, null, null, null);
        RawRow first = row("{\"id\":1,\"a\":1}");
        first.declare(1, notNull);
        t.decode(first);
        assertThat(t.schema().column(1).nullable()).isFalse();
        RawRow second = row("{\"id\":2,\"a\":2,\"b\":3}");
        second.declare(1, notNull);
        second.declare(2, notNull);
        t.decode(second);
        assertThat(t.schema().column(2).nullable()).isTrue();
        RawRow third = row("{\"id\":3,\"a\":null}");
        third.declare(1, notNull);
        t.decode(third);
        assertThat(t.schema().column(1).nullable()).isTrue();
    }

    @Test
    void projectionRenamesAndDrops() throws Exception {
        TableSchemaTracker t = new TableSchemaTracker(
                T,
                List.of("key"),
                null,
                Projection.parse("id AS key, name"),
                false,
                InferenceSettings.continuous(),
                new InferenceStats());
        Object[] r = decode(t, "{\"id\":1,\"name\":\"n\",\"secret\":\"s\"}");
        assertThat(t.schema().columnNames()).containsExactly("key", "name");
        assertThat(r).containsExactly(1, "n");
    }

    @Test
    void metadataColumnsFollowTheFieldsWithTheSourceTablesIdentity() throws Exception {
        TableSchemaTracker t = new TableSchemaTracker(
                TableId.of("app_1", "orders_07"),
                List.of("source_db", "source_table", "id"),
                null,
                Projection.parse("\\*, __schema_name__ AS source_db, __table_name__ AS source_table"),
                false,
                InferenceSettings.continuous(),
                new InferenceStats());
        Object[] first = decode(t, "{\"id\":1,\"v\":\"a\"}");
        assertThat(t.schema().columnNames()).containsExactly("id", "v", "source_db", "source_table");
        assertThat(first).containsExactly(1, "a", "app_1", "orders_07");
        assertThat(t.schema().column(2).nullable()).isFalse();
        // a field that appears later goes after them; the metadata keep their places and values
        Object[] later = decode(t, "{\"id\":2,\"v\":\"b\",\"w\":3}");
        assertThat(t.schema().columnNames()).containsExactly("id", "v", "source_db", "source_table", "w");
        assertThat(later).containsExactly(2, "b", "app_1", "orders_07", 3);
    }

    @Test
    void missingOrNullKeyIsRejected() throws Exception {
        TableSchemaTracker t = tracker(InferenceSettings.continuous(), Projection.all(), new InferenceStats());
        t.decode(row("{\"x\":1}"));
        assertThatThrownBy(t::schema)
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("primary-key column 'id' is missing");
        Object[] r = t.decode(row("{\"id\":1}"));
        t.schema();
        t.checkKey(r);
        Object[] n = t.decode(row("{\"id\":null,\"x\":2}"));
        assertThatThrownBy(() -> t.checkKey(n)).hasMessageContaining("primary-key column 'id' is null");
    }

    @Test
    void declaredValueOutOfRangeSaysSo() throws Exception {
        TableSchemaTracker t = tracker(InferenceSettings.continuous(), Projection.all(), new InferenceStats());
        RawRow r = row("{\"id\":1,\"t\":300}");
        r.declare(1, DeclaredType.of(ColumnType.of(DataKind.TINYINT), ValueEncoding.PLAIN));
        assertThatThrownBy(() -> t.decode(r))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("value 300 of field 't' cannot be represented as column 't' TINYINT");
    }

    @Test
    void aTimeBeyondADayIsADuration() throws Exception {
        TableSchemaTracker t = tracker(InferenceSettings.continuous(), Projection.all(), new InferenceStats());
        RawRow r = row("{\"id\":1,\"t\":-3020399000000}");
        r.declare(1, DeclaredType.of(ColumnType.of(DataKind.TIME, 6), ValueEncoding.DURATION_MICROS));
        assertThat(t.decode(r)[1])
                .isEqualTo(Duration.ofHours(-838).minusMinutes(59).minusSeconds(59));
    }
}

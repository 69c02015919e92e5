package dev.cdclake.events.typeinfo;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Column;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.SourceDdl;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/** Flink's own serializer contract tests (copy, snapshot, duplicate, concurrency) over every value kind. */
class ChangeEventSerializerTest extends SerializerTestBase<ChangeEvent> {
    private static final TableId ID = TableId.of("kafka_test", "all_types");
    private static final TableSchema SCHEMA = TableSchema.builder()
            .column(new Column("id", ColumnType.of(DataKind.INT), false, "int", null, "the key"))
            .column("b", ColumnType.of(DataKind.BOOLEAN), true)
            .column("t", ColumnType.of(DataKind.TINYINT), true)
            .column("s", ColumnType.of(DataKind.SMALLINT), true)
            .column("l", ColumnType.of(DataKind.BIGINT), true)
            .column("d", ColumnType.decimal(20, 0), true)
            .column("f", ColumnType.of(DataKind.FLOAT), true)
            .column("db", ColumnType.of(DataKind.DOUBLE), true)
            .column("dt", ColumnType.of(DataKind.DATE), true)
            .column("tm", ColumnType.of(DataKind.TIME, 6), true)
            .column("ts", ColumnType.of(DataKind.TIMESTAMP, 6), true)
            .column("ltz", ColumnType.of(DataKind.TIMESTAMP_LTZ, 6), true)
            .column(new Column("v", ColumnType.of(DataKind.VARCHAR, 255), true, "varchar(255)", "'x'", null))
            .column("bin", ColumnType.of(DataKind.BYTES), true)
            .primaryKey("id")
            .comment("all types")
            .build();

    @Override
    protected TypeSerializer<ChangeEvent> createSerializer() {
        return ChangeEventSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<ChangeEvent> getTypeClass() {
        return ChangeEvent.class;
    }

    @Override
    protected ChangeEvent[] getTestData() {
        Object[] full = {
            1,
            true,
            (byte) -7,
            (short) 300,
            Long.MIN_VALUE,
            new BigDecimal("18446744073709551615"),
            0.875f,
            404.4443d,
            LocalDate.of(2020, 7, 17),
            Duration.ofHours(-838).minusSeconds(3599).minusNanos(999_999_000),
            LocalDateTime.of(2020, 7, 17, 18, 0, 22, 123456000),
            Instant.parse("2020-07-17T10:00:22.123456Z"),
            "héllo ✓",
            new byte[] {1, 2, 3}
        };
        Object[] nulls = new Object[SCHEMA.columnCount()];
        nulls[0] = 2;
        return new ChangeEvent[] {
            ChangeEvent.read(ID, SCHEMA, full, 0L),
            ChangeEvent.insert(ID, SCHEMA, nulls, 1728528674000L),
            ChangeEvent.update(ID, SCHEMA, nulls, full, 1728528674000L),
            ChangeEvent.delete(ID, SCHEMA, full, 5L),
            ChangeEvent.schemaChange(
                    new SourceDdl(
                            ID,
                            "ALTER TABLE all_types RENAME COLUMN b TO `b ✓`, DROP COLUMN t",
                            "mysql-bin.000003:4711",
                            true,
                            List.of(
                                    new SourceDdl.Change(SourceDdl.Kind.RENAME_COLUMN, "b", "b ✓"),
                                    new SourceDdl.Change(SourceDdl.Kind.DROP_COLUMN, "t", null))),
                    1728528675000L),
            ChangeEvent.schemaChange(
                    new SourceDdl(
                            ID,
                            "DROP TABLE all_types",
                            null,
                            false,
                            List.of(new SourceDdl.Change(SourceDdl.Kind.DROP_TABLE, null, null))),
                    0L)
        };
    }
}

package dev.cdclake.capture.format;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Column;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Change events built by hand with the Java values the model prescribes: a table with a column of every MySQL type
 * (mapped to the model as Flink CDC does) and the reference's customers table.
 */
final class FormatTestData {
    static final TableId ALL_TYPES = TableId.of("kafka_test", "all_types");
    static final TableId CUSTOMERS = TableId.of("kafka_test", "customers");

    static final long READ_TS = 1728528600000L;
    static final long INSERT_TS = 1728528674000L;
    static final long UPDATE_TS = 1728528675000L;
    static final long DELETE_TS = 1728528676000L;

    static final TableSchema ALL_TYPES_SCHEMA = TableSchema.builder()
            .column(new Column("id", ColumnType.of(DataKind.INT), false, "int", null, "row id"))
            .column(column("tiny_c", ColumnType.of(DataKind.TINYINT), "tinyint", "0"))
            .column(column("tiny_un_c", ColumnType.of(DataKind.SMALLINT), "tinyint unsigned", null))
            .column(column("small_c", ColumnType.of(DataKind.SMALLINT), "smallint", null))
            .column(column("small_un_c", ColumnType.of(DataKind.INT), "smallint unsigned", null))
            .column(column("medium_c", ColumnType.of(DataKind.INT), "mediumint", null))
            .column(column("medium_un_c", ColumnType.of(DataKind.INT), "mediumint unsigned", null))
            .column(column("int_c", ColumnType.of(DataKind.INT), "int", null))
            .column(column("int_un_c", ColumnType.of(DataKind.BIGINT), "int unsigned", null))
            .column(column("big_c", ColumnType.of(DataKind.BIGINT), "bigint", null))
            .column(column("big_un_c", ColumnType.decimal(20, 0), "bigint unsigned", null))
            .column(column("decimal_c", ColumnType.decimal(10, 2), "decimal(10,2)", "0.00"))
            .column(column("decimal_small_c", ColumnType.decimal(10, 8), "decimal(10,8)", null))
            .column(column("float_c", ColumnType.of(DataKind.FLOAT), "float", null))
            .column(column("double_c", ColumnType.of(DataKind.DOUBLE), "double", null))
            .column(column("bit1_c", ColumnType.of(DataKind.BOOLEAN), "bit(1)", null))
            .column(column("bits_c", ColumnType.of(DataKind.BINARY, 1), "bit(3)", null))
            .column(column("bool_c", ColumnType.of(DataKind.BOOLEAN), "tinyint(1)", "1"))
            .column(column("date_c", ColumnType.of(DataKind.DATE), "date", "'1970-01-01'"))
            .column(column("time_c", ColumnType.of(DataKind.TIME, 6), "time(6)", null))
            .column(column("datetime_c", ColumnType.of(DataKind.TIMESTAMP, 6), "datetime(6)", "CURRENT_TIMESTAMP(6)"))
            .column(column("datetime3_c", ColumnType.of(DataKind.TIMESTAMP, 3), "datetime(3)", "'2000-01-01 00:00:00'"))
            .column(column(
                    "timestamp_c", ColumnType.of(DataKind.TIMESTAMP_LTZ, 6), "timestamp(6)", "CURRENT_TIMESTAMP(6)"))
            .column(column("year_c", ColumnType.of(DataKind.INT), "year", null))
            .column(column("char_c", ColumnType.of(DataKind.CHAR, 3), "char(3)", null))
            .column(new Column(
                    "varchar_c",
                    ColumnType.of(DataKind.VARCHAR, 255),
                    true,
                    "varchar(255)",
                    "'flink'",
                    "customer's \"name\""))
            .column(column("text_c", ColumnType.of(DataKind.STRING), "text", null))
            .column(column("blob_c", ColumnType.of(DataKind.BYTES), "blob", null))
            .column(column("binary_c", ColumnType.of(DataKind.BINARY, 3), "binary(3)", null))
            .column(column("varbinary_c", ColumnType.of(DataKind.VARBINARY, 8), "varbinary(8)", null))
            .column(column("json_c", ColumnType.of(DataKind.STRING), "json", null))
            .column(column("enum_c", ColumnType.of(DataKind.STRING), "enum('red','green','blue')", "'red'"))
            .column(column("set_c", ColumnType.of(DataKind.STRING), "set('a','b','c')", null))
            .column(column("geometry_c", ColumnType.of(DataKind.STRING), "geometry", null))
            .column(column("null_int_c", ColumnType.of(DataKind.INT), "int", null))
            .column(column("null_varchar_c", ColumnType.of(DataKind.VARCHAR, 16), "varchar(16)", null))
            .primaryKey("id")
            .comment("every MySQL type")
            .build();

    static final TableSchema CUSTOMERS_SCHEMA = TableSchema.builder()
            .column(new Column("id", ColumnType.of(DataKind.INT), false, "int", null, null))
            .column(new Column("name", ColumnType.of(DataKind.VARCHAR, 255), true, "varchar(255)", null, null))
            .column(new Column("address", ColumnType.of(DataKind.VARCHAR, 1024), true, "varchar(1024)", null, null))
            .column(new Column("phone_number", ColumnType.of(DataKind.VARCHAR, 512), true, "varchar(512)", null, null))
            .column(new Column("age", ColumnType.of(DataKind.INT), true, "int", null, null))
            .primaryKey("id")
            .build();

    private FormatTestData() {}

    private static Column column(String name, ColumnType type, String sourceType, String defaultValue) {
        return new Column(name, type, true, sourceType, defaultValue, null);
    }

    /** The row inserted (and read by the snapshot): one value of each type, two NULLs. */
    static Object[] baseRow() {
        return new Object[] {
            1,
            (byte) 127,
            (short) 255,
            (short) -32768,
            65535,
            -8388608,
            16777215,
            Integer.MIN_VALUE,
            4294967295L,
            Long.MAX_VALUE,
            new BigDecimal("18446744073709551615"),
            new BigDecimal("100.00"),
            new BigDecimal("0.00000001"),
            5.1f,
            404.4443d,
            true,
            new byte[] {0b011},
            false,
            LocalDate.of(2020, 7, 17),
            Duration.ofHours(18).plusSeconds(22).plusNanos(123_456_000),
            LocalDateTime.of(2020, 7, 17, 18, 0, 22, 123_456_000),
            LocalDateTime.of(2020, 7, 17, 18, 0, 22, 120_000_000),
            Instant.parse("2020-07-17T10:00:22.123456Z"),
            2021,
            "abc",
            "John \"Q\" Müller 你好 😀",
            "line1\nline2\ttab",
            new byte[] {1, 2},
            new byte[] {1, 2, 3},
            new byte[] {(byte) 0xFF, (byte) 0xFE},
            "{\"k1\": \"v1\", \"k2\": \"v2\"}",
            "red",
            "a,b",
            "{\"coordinates\":[1,1],\"type\":\"Point\",\"srid\":0}",
            null,
            null
        };
    }

    /** The row after the update: a new name, price, a NULL filled, a timestamp and a time without fraction. */
    static Object[] updatedRow() {
        Object[] row = baseRow();
        row[ALL_TYPES_SCHEMA.indexOf("varchar_c")] = "Jane";
        row[ALL_TYPES_SCHEMA.indexOf("decimal_c")] = new BigDecimal("200.50");
        row[ALL_TYPES_SCHEMA.indexOf("null_int_c")] = 42;
        row[ALL_TYPES_SCHEMA.indexOf("timestamp_c")] = Instant.parse("2020-07-17T10:00:22Z");
        row[ALL_TYPES_SCHEMA.indexOf("time_c")] = Duration.ofHours(18).plusSeconds(22);
        return row;
    }

    static ChangeEvent allTypesEvent(String op) {
        switch (op) {
            case "read":
                return ChangeEvent.read(ALL_TYPES, ALL_TYPES_SCHEMA, baseRow(), READ_TS);
            case "insert":
                return ChangeEvent.insert(ALL_TYPES, ALL_TYPES_SCHEMA, baseRow(), INSERT_TS);
            case "update":
                return ChangeEvent.update(ALL_TYPES, ALL_TYPES_SCHEMA, baseRow(), updatedRow(), UPDATE_TS);
            case "delete":
                return ChangeEvent.delete(ALL_TYPES, ALL_TYPES_SCHEMA, updatedRow(), DELETE_TS);
            default:
                throw new IllegalArgumentException(op);
        }
    }

    /** The reference's UPDATE of customer 4: phone 2222 becomes 1234, at the reference's commit time. */
    static ChangeEvent customerFourPhoneUpdate() {
        return ChangeEvent.update(
                CUSTOMERS,
                CUSTOMERS_SCHEMA,
                new Object[] {4, "John", "New York", "2222", 12},
                new Object[] {4, "John", "New York", "1234", 12},
                1728528674000L);
    }
}

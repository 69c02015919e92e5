package dev.cdclake.events.types;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.SourceColumnType;

import java.util.Locale;

/**
 * The one mapping of MySQL column types onto the change-event model's {@link ColumnType}s, used by capture-job for the
 * columns it reads from the binlog and by ingest-job for the MySQL types messages declare (Canal's {@code mysqlType},
 * Debezium's {@code __debezium.source.column.*} parameters).
 *
 * <p>Each MySQL type gets the closest type that holds all its values: TINYINT(1) is BOOLEAN (while
 * {@code treat-tinyint1-as-boolean} holds, as in Flink CDC), TINYINT UNSIGNED SMALLINT, SMALLINT UNSIGNED and MEDIUMINT
 * INT, INT UNSIGNED BIGINT, BIGINT UNSIGNED DECIMAL(20, 0); FLOAT FLOAT, FLOAT(p,s)/REAL/DOUBLE DOUBLE; DECIMAL(p,s)
 * DECIMAL(p,s) up to 38 digits and STRING (the exact plain decimal text) beyond; DATE DATE, TIME(n) TIME(n) (a
 * duration), DATETIME(n) TIMESTAMP(n), TIMESTAMP(n) TIMESTAMP_LTZ(n) (an instant), YEAR INT; CHAR(n) CHAR(n),
 * VARCHAR(n) VARCHAR(n), BINARY(n) BINARY(n), VARBINARY(n) VARBINARY(n), BIT(1) BOOLEAN, BIT(n) BINARY((n+7)/8) in
 * MySQL's big-endian byte order; TEXT types, JSON, ENUM, SET and spatial types STRING, BLOB types BYTES.
 */
public final class MySqlTypeMapping {
    private MySqlTypeMapping() {}

    /** The column type of a MySQL declaration. */
    public static ColumnType columnType(SourceColumnType source, boolean tinyInt1AsBoolean) {
        boolean unsigned = source.unsigned();
        int p = source.length();
        int s = source.scale();
        switch (source.baseName().toLowerCase(Locale.ROOT)) {
            case "bool":
            case "boolean":
                return ColumnType.of(DataKind.BOOLEAN);
            case "tinyint":
                return p == 1 && tinyInt1AsBoolean && !unsigned
                        ? ColumnType.of(DataKind.BOOLEAN)
                        : ColumnType.of(unsigned ? DataKind.SMALLINT : DataKind.TINYINT);
            case "smallint":
                return ColumnType.of(unsigned ? DataKind.INT : DataKind.SMALLINT);
            case "mediumint":
            case "year":
                return ColumnType.of(DataKind.INT);
            case "int":
            case "integer":
                return ColumnType.of(unsigned ? DataKind.BIGINT : DataKind.INT);
            case "bigint":
                return unsigned ? ColumnType.decimal(20, 0) : ColumnType.of(DataKind.BIGINT);
            case "serial":
                return ColumnType.decimal(20, 0);
            case "float":
                return ColumnType.of(p >= 0 ? DataKind.DOUBLE : DataKind.FLOAT);
            case "double":
            case "real":
                return ColumnType.of(DataKind.DOUBLE);
            case "decimal":
            case "numeric":
            case "dec":
            case "fixed":
                return decimal(p > 0 ? p : 10, Math.max(s, 0));
            case "bit":
                return p <= 1 ? ColumnType.of(DataKind.BOOLEAN) : ColumnType.of(DataKind.BINARY, (p + 7) / 8);
            case "date":
                return ColumnType.of(DataKind.DATE);
            case "time":
                return ColumnType.of(DataKind.TIME, Math.max(p, 0));
            case "datetime":
                return ColumnType.of(DataKind.TIMESTAMP, Math.max(p, 0));
            case "timestamp":
                return ColumnType.of(DataKind.TIMESTAMP_LTZ, Math.max(p, 0));
            case "char":
                return ColumnType.of(DataKind.CHAR, Math.max(p, 1));
            case "varchar":
                return p > 0 ? ColumnType.of(DataKind.VARCHAR, p) : ColumnType.of(DataKind.STRING);
            case "binary":
                return ColumnType.of(DataKind.BINARY, Math.max(p, 1));
            case "varbinary":
                return p > 0 ? ColumnType.of(DataKind.VARBINARY, p) : ColumnType.of(DataKind.BYTES);
            case "tinyblob":
            case "blob":
            case "mediumblob":
            case "longblob":
                return ColumnType.of(DataKind.BYTES);
            default:
                // text types, json, enum, set, geometry and anything newer: text.
                return ColumnType.of(DataKind.STRING);
        }
    }

    /** DECIMAL(p, s) within the lattice's precision, else STRING holding the exact plain decimal text. */
    public static ColumnType decimal(int precision, int scale) {
        return precision <= TypeLattice.MAX_DECIMAL_PRECISION
                ? ColumnType.decimal(Math.max(precision, scale), scale)
                : ColumnType.of(DataKind.STRING);
    }

    /**
     * The exact type of a column whose values a Kafka Connect schema describes as {@code connectType} and whose MySQL
     * declaration is {@code source}: the MySQL type where it describes the same values, only more exactly (CHAR(n) or
     * VARCHAR(n) of a string, BINARY(n)/VARBINARY(n) of bytes, TINYINT of Debezium's int16 TINYINT, DECIMAL(20, 0) of a
     * BIGINT UNSIGNED Decimal without precision, the fractional digits of TIME/DATETIME/TIMESTAMP up to those the
     * encoding carries); otherwise the Connect type, which is how the values are encoded (Debezium's
     * {@code decimal.handling.mode}, {@code binary.handling.mode}, {@code time.precision.mode},
     * {@code bigint.unsigned.handling.mode}).
     */
    public static ColumnType refine(ColumnType connectType, SourceColumnType source) {
        ColumnType mysql = columnType(source, false);
        DataKind c = connectType.kind();
        DataKind m = mysql.kind();
        if ((c.isString() && m.isString()) || (c.isBinary() && m.isBinary()) || (c.isInteger() && m.isInteger())) {
            return mysql;
        }
        if (c == DataKind.DECIMAL && m == DataKind.DECIMAL && connectType.scale() == mysql.scale()) {
            return mysql;
        }
        boolean sameTemporal = c == m && (c == DataKind.TIME || c == DataKind.TIMESTAMP || c == DataKind.TIMESTAMP_LTZ);
        if (sameTemporal && mysql.precision() <= connectType.precision()) {
            return mysql;
        }
        return connectType;
    }
}

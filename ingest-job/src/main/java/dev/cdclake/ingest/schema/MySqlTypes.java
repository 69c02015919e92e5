package dev.cdclake.ingest.schema;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.SourceColumnType;

import javax.annotation.Nullable;
import java.sql.Types;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Declared types of MySQL columns, one mapping for every message format that names them: Canal's column type strings
 * ({@code mysqlType}) and JDBC type codes ({@code sqlType}), and the {@code __debezium.source.column.*} parameters of a
 * Debezium schema ({@link #refine}), read as MySQL types. MySQL types map as Flink CDC maps MySQL columns: TINYINT(1) and BIT(1) are BOOLEAN (while
 * {@code canal-json.mysql.treat-tinyint1-as-boolean.enabled}), TINYINT UNSIGNED is SMALLINT, SMALLINT UNSIGNED and
 * MEDIUMINT are INT, INT UNSIGNED is BIGINT, BIGINT UNSIGNED is DECIMAL(20, 0), FLOAT(p,s)/REAL/DOUBLE are DOUBLE,
 * DECIMAL(p>38) is STRING, DATETIME(n) is TIMESTAMP(n), YEAR is INT, BIT(n) is BINARY((n+7)/8), JSON/ENUM/SET/spatial
 * types are STRING. MySQL TIMESTAMP(n) is TIMESTAMP(n) too: Canal renders it as wall-clock text in the server's time
 * zone, without an offset, so the instant cannot be recovered. Binary values are ISO-8859-1 text, as Canal writes them.
 */
public final class MySqlTypes {
    private MySqlTypes() {}

    /** The declared type of a {@code mysqlType} entry such as {@code bigint(20) unsigned} or {@code decimal(10,2)}. */
    public static DeclaredType fromMySqlType(String mysqlType, boolean tinyInt1AsBoolean) {
        SourceColumnType source = SourceColumnType.parse(mysqlType);
        return new DeclaredType(columnType(source, tinyInt1AsBoolean), canalEncoding(source), true, mysqlType, null, null);
    }

    /**
     * The exact type of a Debezium field whose schema carries {@code column.propagate.source.type} parameters: the
     * MySQL type where it describes the same values as the Connect type, only more exactly (CHAR(n)/VARCHAR(n) of a
     * string, BINARY(n)/VARBINARY(n) of bytes, TINYINT of Debezium's int16 TINYINT, DECIMAL(20, 0) of a BIGINT UNSIGNED
     * Decimal without precision, the fractional digits of TIME/DATETIME/TIMESTAMP up to those the encoding carries);
     * otherwise the Connect type, which decides how values are encoded ({@code decimal.handling.mode},
     * {@code binary.handling.mode}, {@code time.precision.mode}, {@code bigint.unsigned.handling.mode}).
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
        boolean time = c == DataKind.TIME && m == DataKind.TIME;
        boolean timestamp = (c == DataKind.TIMESTAMP || c == DataKind.TIMESTAMP_LTZ) && m == DataKind.TIMESTAMP;
        if ((time || timestamp) && mysql.precision() <= connectType.precision()) {
            return ColumnType.of(c, mysql.precision());
        }
        return connectType;
    }

    /** The column type of a MySQL declaration, as Flink CDC maps it (see the class comment). */
    static ColumnType columnType(SourceColumnType source, boolean tinyInt1AsBoolean) {
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
                int precision = p > 0 ? p : 10;
                return precision <= ValueDecoder.MAX_DECIMAL_PRECISION
                        ? ColumnType.decimal(precision, Math.max(s, 0))
                        : ColumnType.of(DataKind.STRING);
            case "bit":
                return p <= 1 ? ColumnType.of(DataKind.BOOLEAN) : ColumnType.of(DataKind.BINARY, (p + 7) / 8);
            case "date":
                return ColumnType.of(DataKind.DATE);
            case "time":
                return ColumnType.of(DataKind.TIME, Math.max(p, 0));
            case "datetime":
            case "timestamp":
                return ColumnType.of(DataKind.TIMESTAMP, Math.max(p, 0));
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

    /** How Canal renders values of the type: BIT as a number, binary types as ISO-8859-1 text, the rest plainly. */
    private static ValueEncoding canalEncoding(SourceColumnType source) {
        switch (source.baseName().toLowerCase(Locale.ROOT)) {
            case "bit":
                return ValueEncoding.BIT_NUMBER;
            case "binary":
            case "varbinary":
            case "tinyblob":
            case "blob":
            case "mediumblob":
            case "longblob":
                return ValueEncoding.LATIN1;
            default:
                return ValueEncoding.PLAIN;
        }
    }

    /** The declared type of a JDBC type code ({@code sqlType}), used when a Canal message has no {@code mysqlType}. */
    @Nullable
    public static DeclaredType fromSqlType(int sqlType) {
        // DECIMAL/NUMERIC carry no precision here and are absent: their values decide.
        return SQL_TYPES.get(sqlType);
    }

    private static final Map<Integer, DeclaredType> SQL_TYPES = sqlTypes();

    private static Map<Integer, DeclaredType> sqlTypes() {
        Map<Integer, DeclaredType> m = new HashMap<>();
        DeclaredType bool = DeclaredType.of(ColumnType.of(DataKind.BOOLEAN), ValueEncoding.PLAIN);
        m.put(Types.BIT, bool);
        m.put(Types.BOOLEAN, bool);
        m.put(Types.TINYINT, DeclaredType.of(ColumnType.of(DataKind.TINYINT), ValueEncoding.PLAIN));
        m.put(Types.SMALLINT, DeclaredType.of(ColumnType.of(DataKind.SMALLINT), ValueEncoding.PLAIN));
        m.put(Types.INTEGER, DeclaredType.of(ColumnType.of(DataKind.INT), ValueEncoding.PLAIN));
        m.put(Types.BIGINT, DeclaredType.of(ColumnType.of(DataKind.BIGINT), ValueEncoding.PLAIN));
        DeclaredType real = DeclaredType.of(ColumnType.of(DataKind.FLOAT), ValueEncoding.PLAIN);
        m.put(Types.REAL, real);
        m.put(Types.FLOAT, real);
        m.put(Types.DOUBLE, DeclaredType.of(ColumnType.of(DataKind.DOUBLE), ValueEncoding.PLAIN));
        m.put(Types.DATE, DeclaredType.of(ColumnType.of(DataKind.DATE), ValueEncoding.PLAIN));
        m.put(Types.TIME, DeclaredType.of(ColumnType.of(DataKind.TIME), ValueEncoding.PLAIN));
        m.put(Types.TIMESTAMP, DeclaredType.of(ColumnType.of(DataKind.TIMESTAMP), ValueEncoding.PLAIN));
        DeclaredType bytes = DeclaredType.of(ColumnType.of(DataKind.BYTES), ValueEncoding.LATIN1);
        for (int code : new int[] {Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB}) {
            m.put(code, bytes);
        }
        DeclaredType text = DeclaredType.of(ColumnType.of(DataKind.STRING), ValueEncoding.PLAIN);
        for (int code : new int[] {Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.CLOB}) {
            m.put(code, text);
        }
        return Map.copyOf(m);
    }
}

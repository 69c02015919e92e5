package dev.cdclake.ingest.schema;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;

import javax.annotation.Nullable;
import java.sql.Types;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Declared types of Canal messages: MySQL column type strings ({@code mysqlType}) and JDBC type codes
 * ({@code sqlType}), mapped as Flink CDC maps MySQL columns: TINYINT(1) and BIT(1) are BOOLEAN (while
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
        String t = mysqlType.trim().toLowerCase(Locale.ROOT);
        boolean unsigned = t.contains("unsigned");
        int paren = t.indexOf('(');
        int space = t.indexOf(' ');
        int end = paren >= 0 ? paren : space >= 0 ? space : t.length();
        String base = t.substring(0, end);
        int p = -1;
        int s = -1;
        if (paren >= 0 && !base.equals("enum") && !base.equals("set")) {
            int close = t.indexOf(')', paren);
            String[] args = t.substring(paren + 1, close < 0 ? t.length() : close).split(",");
            p = parseInt(args[0]);
            s = args.length > 1 ? parseInt(args[1]) : -1;
        }
        ColumnType type;
        ValueEncoding encoding = ValueEncoding.PLAIN;
        switch (base) {
            case "bool":
            case "boolean":
                type = ColumnType.of(DataKind.BOOLEAN);
                break;
            case "tinyint":
                type = p == 1 && tinyInt1AsBoolean && !unsigned
                        ? ColumnType.of(DataKind.BOOLEAN)
                        : ColumnType.of(unsigned ? DataKind.SMALLINT : DataKind.TINYINT);
                break;
            case "smallint":
                type = ColumnType.of(unsigned ? DataKind.INT : DataKind.SMALLINT);
                break;
            case "mediumint":
            case "year":
                type = ColumnType.of(DataKind.INT);
                break;
            case "int":
            case "integer":
                type = ColumnType.of(unsigned ? DataKind.BIGINT : DataKind.INT);
                break;
            case "bigint":
                type = unsigned ? ColumnType.decimal(20, 0) : ColumnType.of(DataKind.BIGINT);
                break;
            case "serial":
                type = ColumnType.decimal(20, 0);
                break;
            case "float":
                type = ColumnType.of(p >= 0 ? DataKind.DOUBLE : DataKind.FLOAT);
                break;
            case "double":
            case "real":
                type = ColumnType.of(DataKind.DOUBLE);
                break;
            case "decimal":
            case "numeric":
            case "dec":
            case "fixed":
                int precision = p > 0 ? p : 10;
                int scale = Math.max(s, 0);
                type = precision <= ValueDecoder.MAX_DECIMAL_PRECISION
                        ? ColumnType.decimal(precision, scale)
                        : ColumnType.of(DataKind.STRING);
                break;
            case "bit":
                if (p <= 1) {
                    type = ColumnType.of(DataKind.BOOLEAN);
                } else {
                    type = ColumnType.of(DataKind.BINARY, (p + 7) / 8);
                }
                encoding = ValueEncoding.BIT_NUMBER;
                break;
            case "date":
                type = ColumnType.of(DataKind.DATE);
                break;
            case "time":
                type = ColumnType.of(DataKind.TIME, Math.max(p, 0));
                break;
            case "datetime":
            case "timestamp":
                type = ColumnType.of(DataKind.TIMESTAMP, Math.max(p, 0));
                break;
            case "char":
                type = ColumnType.of(DataKind.CHAR, Math.max(p, 1));
                break;
            case "varchar":
                type = p > 0 ? ColumnType.of(DataKind.VARCHAR, p) : ColumnType.of(DataKind.STRING);
                break;
            case "binary":
                type = ColumnType.of(DataKind.BINARY, Math.max(p, 1));
                encoding = ValueEncoding.LATIN1;
                break;
            case "varbinary":
                type = p > 0 ? ColumnType.of(DataKind.VARBINARY, p) : ColumnType.of(DataKind.BYTES);
                encoding = ValueEncoding.LATIN1;
                break;
            case "tinyblob":
            case "blob":
            case "mediumblob":
            case "longblob":
                type = ColumnType.of(DataKind.BYTES);
                encoding = ValueEncoding.LATIN1;
                break;
            default:
                // text types, json, enum, set, geometry and anything newer: text.
                type = ColumnType.of(DataKind.STRING);
        }
        return new DeclaredType(type, encoding, true, mysqlType, null, null);
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

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

package dev.cdclake.ingest.schema;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.SourceColumnType;
import dev.cdclake.events.types.MySqlTypeMapping;

import javax.annotation.Nullable;
import java.sql.Types;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Declared types of the MySQL columns Canal messages name: Canal's column type strings ({@code mysqlType}), mapped by
 * the one {@link MySqlTypeMapping}, and JDBC type codes ({@code sqlType}). Two Canal conventions differ from the
 * mapping: MySQL TIMESTAMP is TIMESTAMP (Canal renders it as wall-clock text in the server's time zone, without an
 * offset, so the instant cannot be recovered), and binary values are ISO-8859-1 text, BIT values numbers.
 */
public final class MySqlTypes {
    private MySqlTypes() {}

    /** The declared type of a {@code mysqlType} entry such as {@code bigint(20) unsigned} or {@code decimal(10,2)}. */
    public static DeclaredType fromMySqlType(String mysqlType, boolean tinyInt1AsBoolean) {
        SourceColumnType source = SourceColumnType.parse(mysqlType);
        ColumnType type = MySqlTypeMapping.columnType(source, tinyInt1AsBoolean);
        if (type.kind() == DataKind.TIMESTAMP_LTZ) {
            // Canal writes TIMESTAMP as wall-clock text of the server's zone, with no offset: the instant is lost
            type = ColumnType.of(DataKind.TIMESTAMP, type.precision());
        }
        return new DeclaredType(type, canalEncoding(source), true, mysqlType, null, null);
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

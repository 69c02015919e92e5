package dev.cdclake.events;

/**
 * Logical column types of the change-event model, and the Java class that carries each value. MySQL types map onto
 * these in one place, {@link dev.cdclake.events.types.MySqlTypeMapping}.
 *
 * <p>Each kind has a fixed one-byte {@link #code()} for binary encodings: reordering or adding constants never changes
 * what was written before.
 */
public enum DataKind {
    BOOLEAN(1, Boolean.class),
    TINYINT(2, Byte.class),
    SMALLINT(3, Short.class),
    INT(4, Integer.class),
    BIGINT(5, Long.class),
    DECIMAL(6, java.math.BigDecimal.class),
    FLOAT(7, Float.class),
    DOUBLE(8, Double.class),
    DATE(9, java.time.LocalDate.class),
    /**
     * MySQL's TIME: a signed duration (-838:59:59 to 838:59:59 in MySQL), not a time of day, so every value is kept;
     * nanosecond resolution.
     */
    TIME(10, java.time.Duration.class),
    /** Wall-clock date and time without zone (MySQL DATETIME). */
    TIMESTAMP(11, java.time.LocalDateTime.class),
    /** An instant (MySQL TIMESTAMP). */
    TIMESTAMP_LTZ(12, java.time.Instant.class),
    CHAR(13, String.class),
    VARCHAR(14, String.class),
    STRING(15, String.class),
    BINARY(16, byte[].class),
    VARBINARY(17, byte[].class),
    BYTES(18, byte[].class);

    private static final DataKind[] BY_CODE = new DataKind[32];

    static {
        for (DataKind k : values()) {
            BY_CODE[k.code] = k;
        }
    }

    private final byte code;
    private final Class<?> javaClass;

    DataKind(int code, Class<?> javaClass) {
        this.code = (byte) code;
        this.javaClass = javaClass;
    }

    /** The class of every non-null value of a column of this kind. */
    public Class<?> javaClass() {
        return javaClass;
    }

    /** The kind's byte in binary encodings; never reused for another kind. */
    public byte code() {
        return code;
    }

    /** @throws IllegalArgumentException for a byte that is no kind's code (corrupt or newer data) */
    public static DataKind ofCode(byte code) {
        DataKind k = code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (k == null) {
            throw new IllegalArgumentException("No column kind has code " + code);
        }
        return k;
    }

    public boolean isString() {
        return this == CHAR || this == VARCHAR || this == STRING;
    }

    public boolean isBinary() {
        return this == BINARY || this == VARBINARY || this == BYTES;
    }

    public boolean isInteger() {
        return this == TINYINT || this == SMALLINT || this == INT || this == BIGINT;
    }

    /** Integers and DECIMAL: values kept exactly. */
    public boolean isExactNumeric() {
        return isInteger() || this == DECIMAL;
    }

    public boolean isApproximateNumeric() {
        return this == FLOAT || this == DOUBLE;
    }
}

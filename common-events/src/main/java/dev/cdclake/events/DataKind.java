package dev.cdclake.events;

/**
 * Logical column types of the change-event model, and the Java class that carries each value. MySQL types map onto
 * these as Flink CDC does (TINYINT UNSIGNED is SMALLINT, INT UNSIGNED is BIGINT, BIGINT UNSIGNED is DECIMAL(20,0), ...).
 */
public enum DataKind {
    BOOLEAN(Boolean.class),
    TINYINT(Byte.class),
    SMALLINT(Short.class),
    INT(Integer.class),
    BIGINT(Long.class),
    DECIMAL(java.math.BigDecimal.class),
    FLOAT(Float.class),
    DOUBLE(Double.class),
    DATE(java.time.LocalDate.class),
    /** Time of day, nanosecond resolution kept. */
    TIME(java.time.LocalTime.class),
    /** Wall-clock date and time without zone (MySQL DATETIME). */
    TIMESTAMP(java.time.LocalDateTime.class),
    /** An instant (MySQL TIMESTAMP). */
    TIMESTAMP_LTZ(java.time.Instant.class),
    CHAR(String.class),
    VARCHAR(String.class),
    STRING(String.class),
    BINARY(byte[].class),
    VARBINARY(byte[].class),
    BYTES(byte[].class);

    private final Class<?> javaClass;

    DataKind(Class<?> javaClass) {
        this.javaClass = javaClass;
    }

    /** The class of every non-null value of a column of this kind. */
    public Class<?> javaClass() {
        return javaClass;
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
}

package dev.cdclake.ingest.schema;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.types.MySqlTime;
import dev.cdclake.events.types.TypeLattice;

import javax.annotation.Nullable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Turns a {@link RawRow} value into the Java value of a column type ({@link DataKind#javaClass()}), and gives the
 * natural type of a value that has no declared type, which {@link TableSchemaTracker} joins into the column's type.
 *
 * <p>Natural types of values without a declared type: {@code true/false} is BOOLEAN; an integer literal is INT when it
 * fits 32 bits, BIGINT when it fits 64 bits, DECIMAL(20, 0) up to the BIGINT UNSIGNED range and DECIMAL(n, 0) up to 38
 * digits, DOUBLE beyond; a literal with a fraction is DECIMAL(p, s) with the literal's digits and scale (so
 * {@code 7.123} is DECIMAL(4, 3) and {@code 100.00} DECIMAL(5, 2)), DOUBLE when it has an exponent or more than 38
 * digits; a string is STRING (text is never guessed to be a date or a number: the same text would then type a column
 * differently depending on which values came first); a nested object or array is STRING holding its JSON text; null
 * says nothing.
 *
 * <p>Decoding is lenient about rendering, strict about range: a value fits a column when it can be represented
 * exactly (an integer in a wider integer column, a decimal within precision and scale, a numeric string in a numeric
 * column as Canal writes them, dates and times in ISO or SQL spelling); any value fits a string column as its text.
 */
public final class ValueDecoder {
    /** Returned when a value does not fit the requested column type. */
    public static final Object NO_FIT = new Object() {
        @Override
        public String toString() {
            return "NO_FIT";
        }
    };

    private static final ColumnType INT = ColumnType.of(DataKind.INT);
    private static final ColumnType BIGINT = ColumnType.of(DataKind.BIGINT);
    private static final ColumnType DOUBLE = ColumnType.of(DataKind.DOUBLE);
    private static final ColumnType STRING = ColumnType.of(DataKind.STRING);
    private static final ColumnType BOOLEAN = ColumnType.of(DataKind.BOOLEAN);
    private static final ColumnType UNSIGNED_BIGINT = ColumnType.decimal(20, 0);
    private static final BigInteger UNSIGNED_BIGINT_MAX = new BigInteger("18446744073709551615");
    private static final int MAX_DECIMAL_PRECISION = TypeLattice.MAX_DECIMAL_PRECISION;

    private ValueDecoder() {}

    /**
     * The natural type of a value without a declared type, or null for a JSON null (which says nothing).
     *
     * @see ValueDecoder class comment for the rules
     */
    @Nullable
    public static ColumnType inferType(RawRow row, int i) {
        switch (row.kind(i)) {
            case RawRow.NULL:
                return null;
            case RawRow.TRUE:
            case RawRow.FALSE:
                return BOOLEAN;
            case RawRow.LONG:
                long v = row.longValue(i);
                return v == (int) v ? INT : BIGINT;
            case RawRow.BIG_INTEGER:
                BigInteger big = new BigInteger(row.text(i));
                if (big.signum() >= 0 && big.compareTo(UNSIGNED_BIGINT_MAX) <= 0) {
                    return UNSIGNED_BIGINT;
                }
                int digits = big.abs().toString().length();
                return digits <= MAX_DECIMAL_PRECISION ? ColumnType.decimal(digits, 0) : DOUBLE;
            case RawRow.FRACTION:
                return fractionType(row.text(i));
            default:
                return STRING;
        }
    }

    /**
     * Whether a column of type {@code current} already holds every value of the natural type of field {@code i}: the
     * allocation-free answer to {@code TypeLattice.join(current, inferType(row, i)) == current} for the common cases.
     */
    public static boolean holdsNatural(ColumnType current, RawRow row, int i) {
        DataKind k = current.kind();
        switch (row.kind(i)) {
            case RawRow.NULL:
                return true;
            case RawRow.LONG: {
                long v = row.longValue(i);
                boolean isInt = v == (int) v;
                return k == DataKind.BIGINT
                        || k == DataKind.DOUBLE
                        || (k == DataKind.INT && isInt)
                        || (k == DataKind.DECIMAL && current.precision() - current.scale() >= (isInt ? 10 : 19));
            }
            case RawRow.FRACTION: {
                if (k == DataKind.DOUBLE) {
                    return true;
                }
                if (k != DataKind.DECIMAL) {
                    return false;
                }
                String text = row.text(i);
                int scale = scaleOf(text);
                return scale >= 0
                        && scale <= current.scale()
                        && integerDigitsOf(text) <= current.precision() - current.scale();
            }
            case RawRow.TRUE:
            case RawRow.FALSE:
                return k == DataKind.BOOLEAN;
            case RawRow.STRING:
            case RawRow.NESTED:
                return k == DataKind.STRING;
            default:
                ColumnType natural = inferType(row, i);
                return natural == null || current.equals(TypeLattice.join(current, natural, false));
        }
    }

    /** DECIMAL(p, s) of a literal such as {@code -12.50}, or DOUBLE for an exponent or more than 38 digits. */
    private static ColumnType fractionType(String text) {
        int scale = scaleOf(text);
        if (scale < 0) {
            return DOUBLE;
        }
        int precision = integerDigitsOf(text) + scale;
        return precision <= MAX_DECIMAL_PRECISION ? ColumnType.decimal(Math.max(precision, 1), scale) : DOUBLE;
    }

    /** Digits after the point, or -1 when the literal has an exponent. */
    private static int scaleOf(String text) {
        int dot = -1;
        for (int c = 0; c < text.length(); c++) {
            char ch = text.charAt(c);
            if (ch == 'e' || ch == 'E') {
                return -1;
            }
            if (ch == '.') {
                dot = c;
            }
        }
        return dot < 0 ? 0 : text.length() - dot - 1;
    }

    /** Digits before the point without leading zeros: 0 for {@code 0.5}, 3 for {@code -123.4}. */
    private static int integerDigitsOf(String text) {
        int c = text.charAt(0) == '-' || text.charAt(0) == '+' ? 1 : 0;
        while (c < text.length() && text.charAt(c) == '0') {
            c++;
        }
        int digits = 0;
        while (c < text.length() && Character.isDigit(text.charAt(c))) {
            digits++;
            c++;
        }
        return digits;
    }

    /**
     * Decodes field {@code i} of {@code row} (using its declared encoding, if any) into a value of {@code target}.
     *
     * @return the value, null for a JSON null (or a MySQL zero date), or {@link #NO_FIT}
     */
    @Nullable
    public static Object decode(RawRow row, int i, ColumnType target) {
        byte kind = row.kind(i);
        if (kind == RawRow.NULL) {
            return null;
        }
        DeclaredType declared = row.declared(i);
        if (declared != null && declared.encoding() != ValueEncoding.PLAIN) {
            Object natural = decodeEncoded(row, i, declared);
            if (natural != null) {
                return fit(natural, target);
            }
        }
        switch (kind) {
            case RawRow.LONG:
                return fitLong(row.longValue(i), target);
            case RawRow.STRING:
                return fitText(row.text(i), target);
            case RawRow.TRUE:
                return fit(Boolean.TRUE, target);
            case RawRow.FALSE:
                return fit(Boolean.FALSE, target);
            case RawRow.BIG_INTEGER:
            case RawRow.FRACTION:
                return fitNumberText(row.text(i), target);
            default: // NESTED
                return target.kind().isString() ? row.text(i) : NO_FIT;
        }
    }

    /** The value an encoded token stands for, or null when the token is not in the encoded form. */
    @Nullable
    private static Object decodeEncoded(RawRow row, int i, DeclaredType declared) {
        byte kind = row.kind(i);
        switch (declared.encoding()) {
            case EPOCH_DAYS:
                return kind == RawRow.LONG ? LocalDate.ofEpochDay(row.longValue(i)) : null;
            case EPOCH_MILLIS:
                return kind == RawRow.LONG ? epoch(row.longValue(i), 1_000L, 1_000_000L) : null;
            case EPOCH_MICROS:
                return kind == RawRow.LONG ? epoch(row.longValue(i), 1_000_000L, 1_000L) : null;
            case EPOCH_NANOS:
                return kind == RawRow.LONG ? epoch(row.longValue(i), 1_000_000_000L, 1L) : null;
            case DURATION_MILLIS:
                return kind == RawRow.LONG ? Duration.ofMillis(row.longValue(i)) : null;
            case DURATION_MICROS:
                return kind == RawRow.LONG ? Duration.ofNanos(Math.multiplyExact(row.longValue(i), 1_000L)) : null;
            case DURATION_NANOS:
                return kind == RawRow.LONG ? Duration.ofNanos(row.longValue(i)) : null;
            case BASE64_DECIMAL:
                if (kind != RawRow.STRING) {
                    return null;
                }
                byte[] unscaled = base64(row.text(i));
                return unscaled == null || unscaled.length == 0
                        ? null
                        : new BigDecimal(
                                new BigInteger(unscaled), declared.type().scale());
            case BASE64:
                return kind == RawRow.STRING ? base64(row.text(i)) : null;
            case BASE64_BITS: {
                byte[] little = kind == RawRow.STRING ? base64(row.text(i)) : null;
                return little == null ? null : bigEndian(little, declared.type());
            }
            case LATIN1:
                return kind == RawRow.STRING ? row.text(i).getBytes(StandardCharsets.ISO_8859_1) : null;
            case BIT_NUMBER:
                return bits(row, i, declared.type());
            default:
                return null;
        }
    }

    /** Converts a decoded Java value into a value of {@code target}, or {@link #NO_FIT}. */
    @Nullable
    public static Object fit(Object value, ColumnType target) {
        DataKind kind = target.kind();
        if (kind.isString()) {
            return render(value);
        }
        if (value instanceof String) {
            return fitText((String) value, target);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return fitLong(((Number) value).longValue(), target);
        }
        if (value instanceof BigDecimal) {
            return fitDecimal((BigDecimal) value, target);
        }
        if (value instanceof Double || value instanceof Float) {
            if (kind == DataKind.DOUBLE) {
                return ((Number) value).doubleValue();
            }
            return kind == DataKind.FLOAT && value instanceof Float ? value : NO_FIT;
        }
        if (value instanceof Boolean) {
            return kind == DataKind.BOOLEAN ? value : NO_FIT;
        }
        if (value instanceof byte[]) {
            return kind.isBinary() ? value : NO_FIT;
        }
        if (value instanceof LocalDateTime) {
            return kind == DataKind.TIMESTAMP ? value : NO_FIT;
        }
        if (value instanceof Instant) {
            return kind == DataKind.TIMESTAMP_LTZ ? value : NO_FIT;
        }
        if (value instanceof LocalDate) {
            return kind == DataKind.DATE ? value : NO_FIT;
        }
        if (value instanceof Duration) {
            return kind == DataKind.TIME ? value : NO_FIT;
        }
        return NO_FIT;
    }

    private static Object fitLong(long v, ColumnType target) {
        switch (target.kind()) {
            case TINYINT:
                return v == (byte) v ? Byte.valueOf((byte) v) : NO_FIT;
            case SMALLINT:
                return v == (short) v ? Short.valueOf((short) v) : NO_FIT;
            case INT:
                return v == (int) v ? Integer.valueOf((int) v) : NO_FIT;
            case BIGINT:
                return v;
            case DECIMAL:
                return fitDecimal(BigDecimal.valueOf(v), target);
            case FLOAT:
                return (float) v;
            case DOUBLE:
                return (double) v;
            case BOOLEAN:
                // MySQL TINYINT(1) / BIT(1) rendered as a number.
                return v == 0 ? Boolean.FALSE : v == 1 ? Boolean.TRUE : NO_FIT;
            case CHAR:
            case VARCHAR:
            case STRING:
                return Long.toString(v);
            default:
                return NO_FIT;
        }
    }

    private static Object fitNumberText(String text, ColumnType target) {
        switch (target.kind()) {
            case FLOAT:
                return Float.parseFloat(text);
            case DOUBLE:
                return Double.parseDouble(text);
            case CHAR:
            case VARCHAR:
            case STRING:
                return text;
            case TINYINT:
            case SMALLINT:
            case INT:
            case BIGINT:
            case DECIMAL:
                BigDecimal d;
                try {
                    d = new BigDecimal(text);
                } catch (NumberFormatException e) {
                    return NO_FIT;
                }
                return fitDecimal(d, target);
            default:
                return NO_FIT;
        }
    }

    private static Object fitDecimal(BigDecimal v, ColumnType target) {
        switch (target.kind()) {
            case DECIMAL:
                int scale = target.scale();
                if (v.scale() > scale) {
                    v = v.stripTrailingZeros();
                    if (v.scale() > scale) {
                        return NO_FIT;
                    }
                }
                if (v.scale() != scale) {
                    v = v.setScale(scale);
                }
                return v.precision() - scale > target.precision() - scale ? NO_FIT : v;
            case TINYINT:
            case SMALLINT:
            case INT:
            case BIGINT:
                // Only exact integers, e.g. Canal text "5" read through a decimal path.
                try {
                    return fitLong(v.longValueExact(), target);
                } catch (ArithmeticException e) {
                    return NO_FIT;
                }
            case FLOAT:
                return v.floatValue();
            case DOUBLE:
                return v.doubleValue();
            case CHAR:
            case VARCHAR:
            case STRING:
                return v.toPlainString();
            default:
                return NO_FIT;
        }
    }

    /** Text into any column type: Canal writes every value as text, and rendered dates arrive as text too. */
    private static Object fitText(String text, ColumnType target) {
        try {
            switch (target.kind()) {
                case CHAR:
                case VARCHAR:
                case STRING:
                    return text;
                case BOOLEAN:
                    if ("1".equals(text) || "true".equalsIgnoreCase(text)) {
                        return Boolean.TRUE;
                    }
                    return "0".equals(text) || "false".equalsIgnoreCase(text) ? Boolean.FALSE : NO_FIT;
                case TINYINT:
                case SMALLINT:
                case INT:
                case BIGINT:
                    return fitLong(Long.parseLong(text.trim()), target);
                case DECIMAL:
                    return fitDecimal(new BigDecimal(text.trim()), target);
                case FLOAT:
                    return Float.parseFloat(text);
                case DOUBLE:
                    return Double.parseDouble(text);
                case DATE:
                    return isZeroDate(text) ? null : LocalDate.parse(text);
                case TIME:
                    return parseTime(text);
                case TIMESTAMP:
                    return isZeroDate(text) ? null : LocalDateTime.parse(isoDateTime(text));
                case TIMESTAMP_LTZ:
                    return isZeroDate(text) ? null : parseInstant(text);
                case BINARY:
                case VARBINARY:
                case BYTES:
                    // Without a declared encoding binary values are base64, as Flink CDC and Debezium write them.
                    byte[] bytes = base64(text);
                    return bytes == null ? NO_FIT : bytes;
                default:
                    return NO_FIT;
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // NumberFormatException is an IllegalArgumentException, as are MySqlTime's errors
            return NO_FIT;
        }
    }

    /** Text of a value for a string column: ISO dates and times, plain decimals, base64 bytes. */
    public static String render(Object value) {
        if (value instanceof String) {
            return (String) value;
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        if (value instanceof byte[]) {
            return Base64.getEncoder().encodeToString((byte[]) value);
        }
        return value.toString();
    }

    private static boolean isZeroDate(String text) {
        return text.startsWith("0000-00-00");
    }

    /** Accepts SQL ({@code 2020-07-17 18:00:22}) and ISO ({@code 2020-07-17T18:00:22}) spellings. */
    private static String isoDateTime(String text) {
        return text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
    }

    /** MySQL's duration text ({@code -838:59:59}), or Debezium's ZonedTime ({@code 10:15:30Z}) as a UTC time of day. */
    private static Duration parseTime(String text) {
        char last = text.charAt(text.length() - 1);
        if (last == 'Z' || text.indexOf('+') > 0 || text.lastIndexOf('-') > 0) {
            return Duration.ofNanos(OffsetTime.parse(text)
                    .withOffsetSameInstant(ZoneOffset.UTC)
                    .toLocalTime()
                    .toNanoOfDay());
        }
        return MySqlTime.parse(text);
    }

    /** An instant with an offset or {@code Z}; text without an offset is read as UTC. */
    private static Instant parseInstant(String text) {
        String iso = isoDateTime(text);
        if (iso.endsWith("Z") || iso.lastIndexOf('+') > 10 || iso.lastIndexOf('-') > 10) {
            return OffsetDateTime.parse(iso).toInstant();
        }
        return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
    }

    private static LocalDateTime epoch(long value, long unitsPerSecond, long nanosPerUnit) {
        long seconds = Math.floorDiv(value, unitsPerSecond);
        long nanos = Math.floorMod(value, unitsPerSecond) * nanosPerUnit;
        return LocalDateTime.ofEpochSecond(seconds, (int) nanos, ZoneOffset.UTC);
    }

    @Nullable
    private static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Debezium's little-endian bit bytes in MySQL's order, (n+7)/8 bytes; BIT(1) as a boolean. */
    private static Object bigEndian(byte[] little, ColumnType type) {
        if (type.kind() == DataKind.BOOLEAN) {
            return little.length > 0 && little[0] != 0;
        }
        int length = type.kind() == DataKind.BINARY ? type.precision() : little.length;
        byte[] big = new byte[length];
        for (int b = 0; b < Math.min(little.length, length); b++) {
            big[length - 1 - b] = little[b];
        }
        return big;
    }

    /** Canal renders BIT(n) as its unsigned number; a declared BINARY(k) gets the big-endian k bytes. */
    @Nullable
    private static Object bits(RawRow row, int i, ColumnType type) {
        long bits;
        if (row.kind(i) == RawRow.LONG) {
            bits = row.longValue(i);
        } else if (row.kind(i) == RawRow.STRING) {
            try {
                bits = Long.parseUnsignedLong(row.text(i).trim());
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        if (type.kind() == DataKind.BOOLEAN) {
            return bits != 0;
        }
        int length = Math.max(1, Math.min(8, type.precision()));
        byte[] out = new byte[length];
        for (int b = length - 1; b >= 0; b--) {
            out[b] = (byte) bits;
            bits >>>= 8;
        }
        return out;
    }
}

package dev.cdclake.events;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A MySQL column type split the way Debezium's {@code column.propagate.source.type} describes it in a field schema's
 * parameters: the type name with its modifiers ({@code __debezium.source.column.type}, e.g. {@code INT UNSIGNED}), the
 * length or precision ({@code __debezium.source.column.length}) and the scale ({@code __debezium.source.column.scale}),
 * each present only when the declaration has it; for ENUM and SET also the permitted values.
 *
 * <p>{@link #parse} reads both spellings of a declaration: MySQL's own ({@code int(10) unsigned}, {@code
 * decimal(10,2)},
 * {@code enum('a','b')}, as Canal's {@code mysqlType} has it) and the one {@link #toString} writes and
 * {@link Column#sourceType()} holds in capture-job ({@code INT UNSIGNED(10)}, {@code DECIMAL(10,2)},
 * {@code ENUM('a','b')}). Immutable.
 */
public final class SourceColumnType {
    /** Length or scale of a declaration without one. */
    public static final int ABSENT = -1;

    private final String name;
    private final int length;
    private final int scale;
    private final List<String> values;

    private SourceColumnType(String name, int length, int scale, List<String> values) {
        this.name = name;
        this.length = length;
        this.scale = scale;
        this.values = values;
    }

    /**
     * @param name the type name with modifiers, in any case ({@code int unsigned})
     * @param length the length or precision, or {@link #ABSENT}
     * @param scale the scale, or {@link #ABSENT}
     * @param values the permitted values of an ENUM or SET, else empty
     */
    public static SourceColumnType of(String name, int length, int scale, List<String> values) {
        return new SourceColumnType(
                normalise(name), Math.max(length, ABSENT), Math.max(scale, ABSENT), List.copyOf(values));
    }

    /** Reads a declaration such as {@code varchar(255)}, {@code int(10) unsigned} or {@code SET('a','b')}. */
    public static SourceColumnType parse(String declaration) {
        String d = declaration.trim();
        int open = d.indexOf('(');
        if (open < 0) {
            return of(d, ABSENT, ABSENT, List.of());
        }
        int close = closingParenthesis(d, open);
        String arguments = d.substring(open + 1, close);
        String name = d.substring(0, open) + " " + (close < d.length() ? d.substring(close + 1) : "");
        if (arguments.indexOf('\'') >= 0) {
            return of(name, ABSENT, ABSENT, quotedValues(arguments));
        }
        String[] numbers = arguments.split(",");
        return of(name, number(numbers[0]), numbers.length > 1 ? number(numbers[1]) : ABSENT, List.of());
    }

    /** The type name with its modifiers, upper case, words separated by one space: {@code BIGINT UNSIGNED}. */
    public String name() {
        return name;
    }

    /** The type name alone: {@code BIGINT} of {@code BIGINT UNSIGNED ZEROFILL}. */
    public String baseName() {
        int space = name.indexOf(' ');
        return space < 0 ? name : name.substring(0, space);
    }

    public boolean unsigned() {
        return (" " + name + " ").contains(" UNSIGNED ");
    }

    /**
     * Length (CHAR, VARCHAR, BINARY, BIT), precision (DECIMAL), fractional digits (TIME, DATETIME) or display width.
     */
    public int length() {
        return length;
    }

    public int scale() {
        return scale;
    }

    /** The permitted values of an ENUM or SET, in declaration order; empty for other types. */
    public List<String> values() {
        return values;
    }

    /** {@code NAME(length,scale)}, or {@code NAME('a','b')} for a type with values; the parts it lacks left out. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name);
        if (!values.isEmpty()) {
            sb.append('(');
            for (int i = 0; i < values.size(); i++) {
                sb.append(i == 0 ? "'" : ",'")
                        .append(values.get(i).replace("'", "''"))
                        .append('\'');
            }
            sb.append(')');
        } else if (length != ABSENT) {
            sb.append('(').append(length);
            if (scale != ABSENT) {
                sb.append(',').append(scale);
            }
            sb.append(')');
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SourceColumnType)) {
            return false;
        }
        SourceColumnType t = (SourceColumnType) o;
        return length == t.length && scale == t.scale && name.equals(t.name) && values.equals(t.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, length, scale, values);
    }

    private static String normalise(String name) {
        return String.join(" ", name.trim().toUpperCase(Locale.ROOT).split("\\s+"));
    }

    /** The index of the parenthesis closing the one at {@code open}, skipping quoted values; the length if none. */
    private static int closingParenthesis(String d, int open) {
        boolean quoted = false;
        for (int i = open + 1; i < d.length(); i++) {
            char c = d.charAt(i);
            if (c == '\'') {
                quoted = !quoted; // a doubled quote toggles twice
            } else if (c == ')' && !quoted) {
                return i;
            }
        }
        return d.length();
    }

    /** {@code 'a','b''c'} as {@code [a, b'c]}. */
    private static List<String> quotedValues(String arguments) {
        List<String> values = new ArrayList<>();
        int i = 0;
        while (i < arguments.length()) {
            if (arguments.charAt(i) != '\'') {
                i++;
                continue;
            }
            StringBuilder value = new StringBuilder();
            i++;
            while (i < arguments.length()) {
                char c = arguments.charAt(i);
                if (c == '\'' && i + 1 < arguments.length() && arguments.charAt(i + 1) == '\'') {
                    value.append('\'');
                    i += 2;
                } else if (c == '\'') {
                    i++;
                    break;
                } else {
                    value.append(c);
                    i++;
                }
            }
            values.add(value.toString());
        }
        return Collections.unmodifiableList(values);
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return ABSENT;
        }
    }
}

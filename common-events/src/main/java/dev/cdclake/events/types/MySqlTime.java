package dev.cdclake.events.types;

import java.time.Duration;

/**
 * MySQL's text form of TIME values, which are durations from -838:59:59 to 838:59:59 rather than times of day:
 * {@code [-]HH:mm:ss[.fraction]}, hours with at least two digits, the fraction without trailing zeros (as the jobs
 * write
 * fractional seconds everywhere). {@link #parse} also reads a day count ({@code 1 02:03:04}) and a bare
 * {@code HH:mm}, as MySQL accepts them.
 */
public final class MySqlTime {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private MySqlTime() {}

    /** The text of a duration, e.g. {@code -838:59:59} or {@code 12:34:56.5}. */
    public static String format(Duration value) {
        char[] buf = new char[32];
        return new String(buf, 0, write(buf, 0, value));
    }

    /**
     * Writes the text of a duration into {@code buf} at {@code pos}, without allocating.
     *
     * @return the position after the text
     */
    public static int write(char[] buf, int pos, Duration value) {
        long seconds = value.getSeconds();
        int nanos = value.getNano();
        if (seconds < 0) {
            buf[pos++] = '-';
            // Duration keeps a non-negative nano part: -0.000001 s is -1 s + 999999000 ns
            if (nanos > 0) {
                seconds = -seconds - 1;
                nanos = (int) (NANOS_PER_SECOND - nanos);
            } else {
                seconds = -seconds;
            }
        }
        long hours = seconds / 3600;
        int minutes = (int) (seconds / 60 % 60);
        int secs = (int) (seconds % 60);
        int hourDigits = hours < 100 ? 2 : (int) Math.floor(Math.log10(hours)) + 1;
        for (int d = hourDigits - 1; d >= 0; d--) {
            buf[pos + d] = (char) ('0' + hours % 10);
            hours /= 10;
        }
        pos += hourDigits;
        buf[pos++] = ':';
        buf[pos++] = (char) ('0' + minutes / 10);
        buf[pos++] = (char) ('0' + minutes % 10);
        buf[pos++] = ':';
        buf[pos++] = (char) ('0' + secs / 10);
        buf[pos++] = (char) ('0' + secs % 10);
        if (nanos == 0) {
            return pos;
        }
        buf[pos++] = '.';
        int digits = 9;
        while (nanos % 10 == 0) {
            nanos /= 10;
            digits--;
        }
        for (int i = digits - 1; i >= 0; i--) {
            buf[pos + i] = (char) ('0' + nanos % 10);
            nanos /= 10;
        }
        return pos + digits;
    }

    /**
     * Reads {@code [-][D ]H+:mm[:ss[.fraction]]}.
     *
     * @throws IllegalArgumentException when the text is not in that form
     */
    public static Duration parse(String text) {
        String t = text.trim();
        int i = 0;
        boolean negative = !t.isEmpty() && t.charAt(0) == '-';
        if (negative) {
            i++;
        }
        long days = 0;
        int space = t.indexOf(' ', i);
        if (space > 0) {
            days = digits(t, i, space, text);
            i = space + 1;
        }
        int colon = t.indexOf(':', i);
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a MySQL TIME: expected [-]HH:mm:ss[.fraction]");
        }
        long hours = digits(t, i, colon, text);
        int secondColon = t.indexOf(':', colon + 1);
        long minutes;
        long seconds = 0;
        long nanos = 0;
        if (secondColon < 0) {
            minutes = digits(t, colon + 1, t.length(), text);
        } else {
            minutes = digits(t, colon + 1, secondColon, text);
            int dot = t.indexOf('.', secondColon + 1);
            seconds = digits(t, secondColon + 1, dot < 0 ? t.length() : dot, text);
            if (dot >= 0) {
                int fractionDigits = t.length() - dot - 1;
                if (fractionDigits == 0 || fractionDigits > 9) {
                    throw new IllegalArgumentException(
                            "'" + text + "' has a fraction of " + fractionDigits + " digits; a MySQL TIME has 1 to 6");
                }
                nanos = digits(t, dot + 1, t.length(), text);
                for (int d = fractionDigits; d < 9; d++) {
                    nanos *= 10;
                }
            }
        }
        if (minutes > 59 || seconds > 59) {
            throw new IllegalArgumentException("'" + text + "' has minutes or seconds above 59");
        }
        Duration d = Duration.ofSeconds(((days * 24 + hours) * 60 + minutes) * 60 + seconds, nanos);
        return negative ? d.negated() : d;
    }

    private static long digits(String t, int from, int to, String original) {
        if (from >= to || to - from > 12) {
            throw new IllegalArgumentException(
                    "'" + original + "' is not a MySQL TIME: expected [-]HH:mm:ss[.fraction]");
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(
                        "'" + original + "' is not a MySQL TIME: expected [-]HH:mm:ss[.fraction]");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}

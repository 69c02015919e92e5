package dev.cdclake.capture.format;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Writes dates and times into a char buffer without allocating, in the text forms of flink-json: dates as
 * {@code yyyy-MM-dd}, times as {@code HH:mm:ss} followed by the fraction of a second only when it is non-zero, with
 * trailing zeros stripped (as {@link java.time.format.DateTimeFormatter#ISO_LOCAL_TIME} does).
 */
final class TemporalText {
    /** Longest text written: a {@code +999999999-12-31T23:59:59.999999999Z} instant. */
    static final int MAX_LENGTH = 40;

    private static final int SECONDS_PER_DAY = 86_400;

    private TemporalText() {}

    static int writeDate(char[] buf, int pos, LocalDate date) {
        return writeDate(buf, pos, date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    }

    static int writeDateTime(char[] buf, int pos, LocalDateTime value, char separator) {
        pos = writeDate(buf, pos, value.getYear(), value.getMonthValue(), value.getDayOfMonth());
        buf[pos++] = separator;
        return writeTime(buf, pos, value.getHour(), value.getMinute(), value.getSecond(), value.getNano());
    }

    /** The instant as a UTC date-time followed by {@code Z}. */
    static int writeUtcInstant(char[] buf, int pos, Instant value, char separator) {
        long epochSecond = value.getEpochSecond();
        long epochDay = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
        // Civil date from days since 1970-01-01 (H. Hinnant's days_from_civil inverse), in a 400-year era.
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
        int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        pos = writeDate(buf, pos, year, month, day);
        buf[pos++] = separator;
        pos = writeTime(buf, pos, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60, value.getNano());
        buf[pos++] = 'Z';
        return pos;
    }

    private static int writeDate(char[] buf, int pos, int year, int month, int day) {
        if (year < 0 || year > 9999) {
            // ISO-8601 expanded years (+10000, -0001) are rare enough to leave to the JDK.
            String text = LocalDate.of(year, month, day).toString();
            text.getChars(0, text.length(), buf, pos);
            return pos + text.length();
        }
        buf[pos] = digit(year / 1000);
        buf[pos + 1] = digit(year / 100 % 10);
        buf[pos + 2] = digit(year / 10 % 10);
        buf[pos + 3] = digit(year % 10);
        buf[pos + 4] = '-';
        buf[pos + 5] = digit(month / 10);
        buf[pos + 6] = digit(month % 10);
        buf[pos + 7] = '-';
        buf[pos + 8] = digit(day / 10);
        buf[pos + 9] = digit(day % 10);
        return pos + 10;
    }

    private static int writeTime(char[] buf, int pos, int hour, int minute, int second, int nano) {
        buf[pos] = digit(hour / 10);
        buf[pos + 1] = digit(hour % 10);
        buf[pos + 2] = ':';
        buf[pos + 3] = digit(minute / 10);
        buf[pos + 4] = digit(minute % 10);
        buf[pos + 5] = ':';
        buf[pos + 6] = digit(second / 10);
        buf[pos + 7] = digit(second % 10);
        pos += 8;
        if (nano == 0) {
            return pos;
        }
        buf[pos++] = '.';
        int digits = 9;
        while (nano % 10 == 0) {
            nano /= 10;
            digits--;
        }
        for (int i = digits - 1; i >= 0; i--) {
            buf[pos + i] = digit(nano % 10);
            nano /= 10;
        }
        return pos + digits;
    }

    private static char digit(int value) {
        return (char) ('0' + value);
    }
}

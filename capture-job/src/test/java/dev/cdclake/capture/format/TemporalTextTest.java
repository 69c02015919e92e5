package dev.cdclake.capture.format;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written date and time text against the JDK formatters flink-json uses (ISO_LOCAL_DATE, ISO_LOCAL_TIME). */
class TemporalTextTest {
    private static final DateTimeFormatter SQL_TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral(' ')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter();

    private final char[] buf = new char[TemporalText.MAX_LENGTH];

    @Test
    void matchesJdkFormattersOnRandomValues() {
        SplittableRandom random = new SplittableRandom(42);
        long min = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
        long max = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);
        for (int i = 0; i < 200_000; i++) {
            long second = random.nextLong(min, max + 1);
            int nano = randomNano(random);
            LocalDateTime dateTime = LocalDateTime.ofEpochSecond(second, nano, ZoneOffset.UTC);
            Instant instant = Instant.ofEpochSecond(second, nano);

            assertThat(text(TemporalText.writeDateTime(buf, 0, dateTime, ' ')))
                    .isEqualTo(SQL_TIMESTAMP.format(dateTime));
            assertThat(text(TemporalText.writeDateTime(buf, 0, dateTime, 'T')))
                    .isEqualTo(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(dateTime));
            assertThat(text(TemporalText.writeUtcInstant(buf, 0, instant, ' ')))
                    .isEqualTo(SQL_TIMESTAMP.format(dateTime) + "Z");
            assertThat(text(TemporalText.writeUtcInstant(buf, 0, instant, 'T')))
                    .isEqualTo(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(dateTime) + "Z");
        }
    }

    @Test
    void fractionOnlyWhenNonZeroWithTrailingZerosStripped() {
        assertThat(text(TemporalText.writeDateTime(buf, 0, LocalDateTime.of(2020, 7, 17, 18, 0, 22), ' ')))
                .isEqualTo("2020-07-17 18:00:22");
        assertThat(text(TemporalText.writeDateTime(buf, 0, LocalDateTime.of(2020, 7, 17, 18, 0, 22, 120_000_000), ' ')))
                .isEqualTo("2020-07-17 18:00:22.12");
        assertThat(text(TemporalText.writeDateTime(buf, 0, LocalDateTime.of(2020, 7, 17, 23, 59, 59, 1), 'T')))
                .isEqualTo("2020-07-17T23:59:59.000000001");
    }

    @Test
    void instantsBeforeTheEpochAndExpandedYears() {
        assertThat(text(TemporalText.writeUtcInstant(buf, 0, Instant.parse("1969-12-31T23:59:59.5Z"), ' ')))
                .isEqualTo("1969-12-31 23:59:59.5Z");
        assertThat(text(TemporalText.writeUtcInstant(buf, 0, Instant.parse("0000-03-01T00:00:00Z"), ' ')))
                .isEqualTo("0000-03-01 00:00:00Z");
        assertThat(text(TemporalText.writeDate(buf, 0, LocalDate.of(10000, 1, 1))))
                .isEqualTo("+10000-01-01");
        assertThat(text(TemporalText.writeDate(buf, 0, LocalDate.of(-1, 12, 31))))
                .isEqualTo("-0001-12-31");
        assertThat(text(TemporalText.writeUtcInstant(buf, 0, Instant.parse("+10000-01-01T00:00:00Z"), 'T')))
                .isEqualTo("+10000-01-01T00:00:00Z");
    }

    private static int randomNano(SplittableRandom random) {
        switch (random.nextInt(4)) {
            case 0:
                return 0;
            case 1:
                return random.nextInt(1000) * 1_000_000;
            case 2:
                return random.nextInt(1_000_000) * 1000;
            default:
                return random.nextInt(1_000_000_000);
        }
    }

    private String text(int length) {
        return new String(buf, 0, length);
    }
}

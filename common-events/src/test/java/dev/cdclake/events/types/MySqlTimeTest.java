package dev.cdclake.events.types;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MySQL TIME text: durations, not times of day. Expected texts are MySQL's own renderings of these values. */
class MySqlTimeTest {

    @Test
    void formatsTheWholeMySqlRange() {
        assertThat(MySqlTime.format(hms(838, 59, 59, 0))).isEqualTo("838:59:59");
        assertThat(MySqlTime.format(hms(838, 59, 59, 0).negated())).isEqualTo("-838:59:59");
        assertThat(MySqlTime.format(hms(12, 34, 56, 0).negated())).isEqualTo("-12:34:56");
        assertThat(MySqlTime.format(hms(100, 0, 0, 0))).isEqualTo("100:00:00");
        assertThat(MySqlTime.format(Duration.ZERO)).isEqualTo("00:00:00");
        assertThat(MySqlTime.format(hms(1, 2, 3, 0))).isEqualTo("01:02:03");
        assertThat(MySqlTime.format(hms(12, 34, 56, 123_456_000))).isEqualTo("12:34:56.123456");
        assertThat(MySqlTime.format(hms(12, 34, 56, 500_000_000))).isEqualTo("12:34:56.5");
        // -00:00:00.000001 is the one value whose sign only the fraction carries
        assertThat(MySqlTime.format(Duration.ofNanos(-1_000))).isEqualTo("-00:00:00.000001");
        assertThat(MySqlTime.format(hms(0, 0, 1, 500_000_000).negated())).isEqualTo("-00:00:01.5");
    }

    @Test
    void parsesWhatMySqlAccepts() {
        assertThat(MySqlTime.parse("-838:59:59")).isEqualTo(hms(838, 59, 59, 0).negated());
        assertThat(MySqlTime.parse("12:34:56.123456")).isEqualTo(hms(12, 34, 56, 123_456_000));
        assertThat(MySqlTime.parse("-00:00:00.000001")).isEqualTo(Duration.ofNanos(-1_000));
        assertThat(MySqlTime.parse("1 02:03:04")).isEqualTo(hms(26, 3, 4, 0));
        assertThat(MySqlTime.parse("12:34")).isEqualTo(hms(12, 34, 0, 0));
        assertThatThrownBy(() -> MySqlTime.parse("12:60:00")).hasMessageContaining("above 59");
        assertThatThrownBy(() -> MySqlTime.parse("noon")).hasMessageContaining("not a MySQL TIME");
        assertThatThrownBy(() -> MySqlTime.parse("12:00:00.")).hasMessageContaining("fraction");
    }

    @Test
    void formatAndParseRoundTripOverTheRange() {
        SplittableRandom random = new SplittableRandom(7);
        long max = hms(838, 59, 59, 999_999_000).toNanos() / 1_000;
        char[] buf = new char[32];
        for (int i = 0; i < 100_000; i++) {
            Duration d = Duration.ofNanos(random.nextLong(-max, max + 1) * 1_000);
            String text = new String(buf, 0, MySqlTime.write(buf, 0, d));
            assertThat(MySqlTime.parse(text)).as(text).isEqualTo(d);
            assertThat(text).isEqualTo(MySqlTime.format(d));
        }
    }

    private static Duration hms(long h, long m, long s, long nanos) {
        return Duration.ofHours(h).plusMinutes(m).plusSeconds(s).plusNanos(nanos);
    }
}

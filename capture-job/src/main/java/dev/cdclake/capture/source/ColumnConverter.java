package dev.cdclake.capture.source;

import dev.cdclake.events.DataKind;
import dev.cdclake.events.types.MySqlTypeMapping;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Converts one Debezium (Kafka Connect) column value into the Java value its {@link DataKind} prescribes. One
 * converter per column, chosen once per table schema ({@link #choose}) from the Connect field schema, which says how
 * Debezium encoded the value, and the MySQL type Debezium propagates ({@code column.propagate.source.type}), which
 * {@link MySqlTypeMapping} turns into the column type. Values Debezium hands over in another form than MySQL returns
 * them are corrected here: BIT(n) bytes come little-endian (MySQL's are big-endian), TIME is a duration, not a time of
 * day, YEAR 0000 comes from the binlog as 1900, and a zero TIMESTAMP from the binlog as the epoch.
 */
@FunctionalInterface
interface ColumnConverter {
    ColumnConverter BOOLEAN = v -> v instanceof Boolean ? v : ((Number) v).intValue() != 0;
    ColumnConverter TINYINT = v -> ((Number) v).byteValue();
    ColumnConverter SMALLINT = v -> ((Number) v).shortValue();
    ColumnConverter INT = v -> ((Number) v).intValue();
    ColumnConverter BIGINT = v -> ((Number) v).longValue();
    ColumnConverter DECIMAL = v -> v instanceof BigDecimal ? v : new BigDecimal(v.toString());
    /** A DECIMAL wider than the lattice's 38 digits: its exact plain text, scale kept. */
    ColumnConverter DECIMAL_TEXT = v -> ((BigDecimal) DECIMAL.convert(v)).toPlainString();

    ColumnConverter FLOAT = v -> ((Number) v).floatValue();
    ColumnConverter DOUBLE = v -> ((Number) v).doubleValue();
    ColumnConverter DATE_FROM_EPOCH_DAYS = v -> LocalDate.ofEpochDay(((Number) v).longValue());
    ColumnConverter TIME_FROM_MILLIS = v -> Duration.ofMillis(((Number) v).longValue());
    ColumnConverter TIME_FROM_MICROS = v -> Duration.ofNanos(Math.multiplyExact(((Number) v).longValue(), 1_000L));
    ColumnConverter TIME_FROM_NANOS = v -> Duration.ofNanos(((Number) v).longValue());
    ColumnConverter TIMESTAMP_FROM_MILLIS = v -> epochWallClock(((Number) v).longValue(), 1_000L, 1_000_000L);
    ColumnConverter TIMESTAMP_FROM_MICROS = v -> epochWallClock(((Number) v).longValue(), 1_000_000L, 1_000L);
    ColumnConverter TIMESTAMP_FROM_NANOS = v -> epochWallClock(((Number) v).longValue(), 1_000_000_000L, 1L);
    ColumnConverter INSTANT_FROM_ISO = v -> Instant.parse((String) v);
    /**
     * A nullable TIMESTAMP: the binlog hands over MySQL's zero date as the epoch, which no real TIMESTAMP holds (their
     * range starts one second later), while the snapshot hands it over as null; both become null.
     */
    ColumnConverter NULLABLE_INSTANT_FROM_ISO = v -> {
        Instant i = Instant.parse((String) v);
        return i.equals(Instant.EPOCH) ? null : i;
    };
    /** YEAR: the binlog decodes 0000 as 1900, a year MySQL's YEAR cannot hold. */
    ColumnConverter YEAR = v -> {
        int year = ((Number) v).intValue();
        return year == 1900 ? 0 : year;
    };

    ColumnConverter STRING = Object::toString;
    ColumnConverter JSON_TEXT = v -> JsonText.canonical((String) v);
    ColumnConverter BYTES = ColumnConverter::bytes;
    ColumnConverter GEOMETRY = v -> JsonText.geoJson((Struct) v);

    Object convert(Object debeziumValue);

    /**
     * BIT(n): Debezium hands over the bits little-endian; MySQL returns them big-endian in (n+7)/8 bytes
     * ({@code b'0000000100000010'} is {@code 0x0102}).
     */
    static ColumnConverter bits(int length) {
        return v -> {
            byte[] little = bytes(v);
            byte[] big = new byte[length];
            for (int i = 0; i < Math.min(little.length, length); i++) {
                big[length - 1 - i] = little[i];
            }
            return big;
        };
    }

    private static byte[] bytes(Object v) {
        if (v instanceof byte[]) {
            return (byte[]) v;
        }
        ByteBuffer b = ((ByteBuffer) v).duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** Debezium's DATETIME encodings count from the epoch as if the wall clock were UTC. */
    private static LocalDateTime epochWallClock(long value, long unitsPerSecond, long nanosPerUnit) {
        return LocalDateTime.ofEpochSecond(
                Math.floorDiv(value, unitsPerSecond),
                (int) (Math.floorMod(value, unitsPerSecond) * nanosPerUnit),
                ZoneOffset.UTC);
    }
}

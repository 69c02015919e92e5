package dev.cdclake.ingest.source;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.wire.WireNames;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionProgressTest {
    private final PartitionProgress progress = new PartitionProgress(false);
    private final Events out = new Events();

    @Test
    void aPartitionsWatermarkIsTheSmallestOfItsWritersOnceEachWasHeard() {
        assertThat(progress.heartbeat(heartbeat(0, "1000 0/2"), out)).isTrue();
        assertThat(out.list).as("writer 1 not heard yet").isEmpty();

        progress.heartbeat(heartbeat(0, "900 1/2"), out);
        progress.heartbeat(heartbeat(0, "2000 0/2"), out);
        progress.heartbeat(heartbeat(0, "1500 1/2"), out);
        progress.heartbeat(heartbeat(1, "5000 0/1"), out);

        assertThat(out.list)
                .containsExactly(
                        ChangeEvent.heartbeat(900, "t-0", null),
                        ChangeEvent.heartbeat(1500, "t-0", null),
                        ChangeEvent.heartbeat(5000, "t-1", null));
    }

    @Test
    void aRescaledWriterSetIsHeardAfreshAndTheWatermarkNeverGoesBack() {
        progress.heartbeat(heartbeat(0, "1000 0/1"), out);
        progress.heartbeat(heartbeat(0, "2000 0/2"), out);
        progress.heartbeat(heartbeat(0, "800 1/2"), out);
        progress.heartbeat(heartbeat(0, "3000 1/2"), out);

        assertThat(out.list)
                .containsExactly(ChangeEvent.heartbeat(1000, "t-0", null), ChangeEvent.heartbeat(2000, "t-0", null));
    }

    @Test
    void theFirstChangeOfATableOnAPartitionAnnouncesItOnce() {
        TableSchema schema = TableSchema.builder()
                .column("id", ColumnType.of(DataKind.INT), false)
                .primaryKey("id")
                .build();
        ChangeEvent a = ChangeEvent.insert(TableId.of("d", "a"), schema, new Object[] {1}, 1L);
        ChangeEvent b = ChangeEvent.insert(TableId.of("d", "b"), schema, new Object[] {1}, 1L);
        progress.heartbeat(heartbeat(0, "700 0/1"), out);
        out.list.clear();

        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("t", 0, 5L, null, new byte[] {'{', '}'});
        progress.tracking(r, out).collect(a);
        progress.tracking(r, out).collect(b);
        progress.tracking(r, out).collect(a);

        assertThat(out.list)
                .containsExactly(
                        ChangeEvent.heartbeat(700, "t-0", TableId.of("d", "a")),
                        a,
                        ChangeEvent.heartbeat(700, "t-0", TableId.of("d", "b")),
                        b,
                        a);
    }

    @Test
    void forEvolveEveryChangeCarriesItsPartition() {
        TableSchema schema = TableSchema.builder()
                .column("id", ColumnType.of(DataKind.INT), false)
                .primaryKey("id")
                .build();
        ChangeEvent a = ChangeEvent.insert(TableId.of("d", "a"), schema, new Object[] {1}, 1L);
        PartitionProgress ordered = new PartitionProgress(true);

        ordered.tracking(new ConsumerRecord<>("t", 3, 5L, null, new byte[] {'{', '}'}), out)
                .collect(a);

        assertThat(out.list).extracting(ChangeEvent::channel).containsExactly("t-3", "t-3");
        assertThat(out.list.get(1)).isEqualTo(a.withChannel("t-3"));
        assertThat(a.channel()).isNull();
    }

    @Test
    void aMalformedHeartbeatIsStillNoChange() {
        assertThat(progress.heartbeat(heartbeat(0, "soon"), out)).isTrue();
        assertThat(progress.heartbeat(heartbeat(0, "1000 0/2000000000"), out))
                .as("no array of two billion writers")
                .isTrue();
        assertThat(progress.heartbeat(heartbeat(0, "1000 2/2"), out)).isTrue();
        assertThat(out.list).isEmpty();
        assertThat(progress.heartbeat(new ConsumerRecord<>("t", 0, 0L, null, new byte[0]), out))
                .isFalse();
    }

    @Test
    void aRecordWithAValueIsAChangeWhateverItsHeaders() {
        ConsumerRecord<byte[], byte[]> change = new ConsumerRecord<>("t", 0, 0L, null, new byte[] {'{', '}'});
        change.headers().add(WireNames.HEARTBEAT_HEADER, "1000 0/1".getBytes(StandardCharsets.US_ASCII));

        assertThat(progress.heartbeat(change, out)).isFalse();
        assertThat(out.list).isEmpty();
    }

    private static ConsumerRecord<byte[], byte[]> heartbeat(int partition, String header) {
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("t", partition, 0L, null, new byte[0]);
        r.headers().add(WireNames.HEARTBEAT_HEADER, header.getBytes(StandardCharsets.US_ASCII));
        return r;
    }

    private static final class Events implements Collector<ChangeEvent> {
        final List<ChangeEvent> list = new ArrayList<>();

        @Override
        public void collect(ChangeEvent record) {
            list.add(record);
        }

        @Override
        public void close() {}
    }
}

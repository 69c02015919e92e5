package dev.cdclake.ingest.paimon;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.TableId;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;
import org.apache.paimon.data.BinaryRow;
import org.apache.paimon.data.BinaryRowWriter;
import org.apache.paimon.data.BinaryString;
import org.apache.paimon.io.CompactIncrement;
import org.apache.paimon.io.DataIncrement;
import org.apache.paimon.table.sink.CommitMessage;
import org.apache.paimon.table.sink.CommitMessageImpl;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committer keeps committables in checkpoints and savepoints: their bytes must stay readable. The golden file was
 * written by this serializer on Paimon 1.3.1; regenerate it only for a deliberate, migrated format change
 * ({@code -Dgolden.write=<path to src/test/resources/paimon/committable-v1.bin>}).
 */
class PaimonCommittableSerializerTest {
    private static final String GOLDEN = "/paimon/committable-v1.bin";

    private static PaimonCommittable sample() {
        BinaryRow partition = new BinaryRow(1);
        BinaryRowWriter writer = new BinaryRowWriter(partition);
        writer.writeString(0, BinaryString.fromString("2024-01-01"));
        writer.complete();
        List<CommitMessage> messages = List.of(
                new CommitMessageImpl(
                        partition, 3, 4, DataIncrement.emptyIncrement(), CompactIncrement.emptyIncrement()),
                new CommitMessageImpl(
                        BinaryRow.EMPTY_ROW,
                        0,
                        null,
                        DataIncrement.emptyIncrement(),
                        CompactIncrement.emptyIncrement()));
        return new PaimonCommittable(42L, TableId.of("inventory", "customers"), messages);
    }

    private static byte[] serialize(PaimonCommittable c) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        PaimonCommittableSerializer.INSTANCE.serialize(c, out);
        return out.getCopyOfBuffer();
    }

    @Test
    void roundTrips() throws IOException {
        PaimonCommittable c = sample();
        byte[] bytes = serialize(c);
        PaimonCommittable back = PaimonCommittableSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes));
        assertThat(back).isEqualTo(c);
        assertThat(back.messages().get(0).bucket()).isEqualTo(3);
        assertThat(back.messages().get(0).partition().getString(0).toString()).isEqualTo("2024-01-01");
    }

    @Test
    void readsAndWritesTheGoldenBytes() throws IOException {
        String regenerate = System.getProperty("golden.write");
        if (regenerate != null) {
            Files.write(Path.of(regenerate), serialize(sample()));
        }
        byte[] golden;
        try (InputStream in = PaimonCommittableSerializerTest.class.getResourceAsStream(GOLDEN)) {
            assertThat(in).as("golden file %s", GOLDEN).isNotNull();
            golden = in.readAllBytes();
        }
        assertThat(PaimonCommittableSerializer.INSTANCE.deserialize(new DataInputDeserializer(golden)))
                .isEqualTo(sample());
        assertThat(serialize(sample())).isEqualTo(golden);
    }

    @Test
    void progressRoundTripsBehindAMarkerThatNoFileCommittableStartsWith() throws IOException {
        PaimonCommittable progress = PaimonCommittable.progress(
                7L,
                List.of(
                        ChangeEvent.heartbeat(1733490000000L, "inventory-0", null),
                        ChangeEvent.heartbeat(0L, "inventory-1", TableId.of("inventory", "orders"))));
        byte[] bytes = serialize(progress);

        // files begin with their checkpoint id, never negative: -1 there can only be progress
        assertThat(new DataInputDeserializer(bytes).readLong()).isEqualTo(-1L);
        PaimonCommittable back = PaimonCommittableSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes));
        assertThat(back).isEqualTo(progress);
        assertThat(back.isProgress()).isTrue();
        assertThat(back.checkpointId()).isEqualTo(7L);
    }

    @Test
    void anEmptiedTableRoundTripsBehindItsOwnMarkerWithItsStatementsMark() throws IOException {
        for (String mark : new String[] {"1700000000000@mysql-bin.000003:4711", null}) {
            PaimonCommittable emptied = PaimonCommittable.emptied(9L, TableId.of("inventory", "orders"), mark);
            byte[] bytes = serialize(emptied);

            assertThat(new DataInputDeserializer(bytes).readLong()).isEqualTo(-3L);
            PaimonCommittable back = PaimonCommittableSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes));
            assertThat(back).isEqualTo(emptied);
            assertThat(back.emptiesTable()).isTrue();
            assertThat(back.mark()).isEqualTo(mark);
            assertThat(back.messages()).isEmpty();
            assertThat(back.checkpointId()).isEqualTo(9L);
            assertThat(back.tableId()).isEqualTo(TableId.of("inventory", "orders"));
        }
    }

    @Test
    void aRenamedTableRoundTripsBehindItsOwnMarkerWithItsNewNameAndMark() throws IOException {
        PaimonCommittable renamed = PaimonCommittable.renamed(
                11L,
                TableId.of("inventory", "orders"),
                TableId.of("sales", "orders_v2"),
                "1700000000000@b.000003:9",
                "inventory-2",
                3);
        byte[] bytes = serialize(renamed);

        assertThat(new DataInputDeserializer(bytes).readLong()).isEqualTo(-4L);
        PaimonCommittable back = PaimonCommittableSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes));
        assertThat(back).isEqualTo(renamed);
        assertThat(back.renamedTo()).isEqualTo(TableId.of("sales", "orders_v2"));
        assertThat(back.mark()).isEqualTo("1700000000000@b.000003:9");
        assertThat(back.copy()).isEqualTo("inventory-2");
        assertThat(back.copies()).isEqualTo(3);
        assertThat(back.emptiesTable()).isFalse();
        assertThat(back.isProgress()).isFalse();
        assertThat(back.messages()).isEmpty();
        assertThat(back.checkpointId()).isEqualTo(11L);
        assertThat(back.tableId()).isEqualTo(TableId.of("inventory", "orders"));
    }

    /** State written before marks were kept (marker -2, no mark) still reads. */
    @Test
    void anEmptiedTableWrittenWithoutAMarkStillReads() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeLong(-2L);
        out.writeLong(9L);
        StringValue.writeString("inventory", out);
        StringValue.writeString("orders", out);

        PaimonCommittable back =
                PaimonCommittableSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(back).isEqualTo(PaimonCommittable.emptied(9L, TableId.of("inventory", "orders"), null));
    }
}

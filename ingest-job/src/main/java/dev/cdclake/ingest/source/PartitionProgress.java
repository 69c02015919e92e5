package dev.cdclake.ingest.source;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.TableId;
import dev.cdclake.events.wire.WireNames;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import javax.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the Kafka partitions a source reader reads say about freshness, as {@link ChangeEvent#heartbeat}s for the
 * Paimon sink: a partition's watermark is the smallest of its writers' heartbeat watermarks (capture-job's Kafka
 * writers each send their own, {@link WireNames#HEARTBEAT_HEADER}), announced whenever it rises; and the first change
 * of a table on a partition announces that the partition carries that table. The channel of a partition is {@code
 * topic-partition}; with {@code channels} every change and DDL marker carries it too ({@link ChangeEvent#withChannel}),
 * for the Paimon sink's {@code evolve}, which orders each partition's changes after the markers it carried. Not
 * thread-safe: one per reader.
 */
final class PartitionProgress {
    private static final int MAX_WRITERS = 32_768;
    private final Map<String, Channel[]> channels = new HashMap<>();
    private final TableTracker tracker;

    PartitionProgress(boolean channels) {
        this.tracker = new TableTracker(channels);
    }

    /**
     * Handles a heartbeat record.
     *
     * @return false when the record is no heartbeat
     */
    boolean heartbeat(ConsumerRecord<byte[], byte[]> record, Collector<ChangeEvent> out) {
        byte[] value = record.value();
        if (value != null && value.length > 0) {
            // a heartbeat's value is empty: a change is no heartbeat, and its header keys stay undecoded (Kafka
            // turns each key it compares into a String)
            return false;
        }
        Header header = record.headers().lastHeader(WireNames.HEARTBEAT_HEADER);
        if (header == null) {
            return false;
        }
        Channel channel = channel(record.topic(), record.partition());
        if (channel.mark(header.value())) {
            out.collect(ChangeEvent.heartbeat(channel.watermark, channel.name, null));
        }
        return true;
    }

    /** {@code out}, announcing each table that is new on the record's partition before its first change. */
    Collector<ChangeEvent> tracking(ConsumerRecord<byte[], byte[]> record, Collector<ChangeEvent> out) {
        tracker.channel = channel(record.topic(), record.partition());
        tracker.out = out;
        return tracker;
    }

    private Channel channel(String topic, int partition) {
        Channel[] ofTopic = channels.get(topic);
        if (ofTopic == null || ofTopic.length <= partition) {
            Channel[] grown = new Channel[partition + 1];
            if (ofTopic != null) {
                System.arraycopy(ofTopic, 0, grown, 0, ofTopic.length);
            }
            ofTopic = grown;
            channels.put(topic, ofTopic);
        }
        Channel c = ofTopic[partition];
        if (c == null) {
            c = new Channel(topic + "-" + partition);
            ofTopic[partition] = c;
        }
        return c;
    }

    /** One partition: its writers' watermarks and the tables seen on it. */
    private static final class Channel {
        final String name;
        final Set<TableId> tables = new HashSet<>();

        @Nullable
        TableId lastTable;

        /** The writers' watermarks; 0 for a writer not heard from yet. */
        long[] marks = new long[0];

        /** The partition's watermark: the smallest of the writers', once every writer was heard; else 0. */
        long watermark;

        Channel(String name) {
            this.name = name;
        }

        /**
         * Takes a heartbeat header ({@code <watermark> <writer>/<writers>}).
         *
         * @return whether the partition's watermark rose
         */
        boolean mark(byte[] header) {
            String text = new String(header, StandardCharsets.US_ASCII);
            int space = text.indexOf(' ');
            int slash = text.indexOf('/', space + 1);
            if (space <= 0 || slash <= space) {
                return false;
            }
            long mark;
            int writer;
            int writers;
            try {
                mark = Long.parseLong(text.substring(0, space));
                writer = Integer.parseInt(text.substring(space + 1, slash));
                writers = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                return false;
            }
            // capture-job's writers are Flink subtasks: at most Flink's maximum parallelism of them
            if (writers <= 0 || writers > MAX_WRITERS || writer < 0 || writer >= writers) {
                return false;
            }
            if (marks.length != writers) {
                // capture-job was rescaled: the new writers have to be heard from before the watermark moves on
                marks = new long[writers];
            }
            marks[writer] = Math.max(marks[writer], mark);
            long min = Arrays.stream(marks).min().orElse(0);
            if (min > watermark) {
                watermark = min;
                return true;
            }
            return false;
        }
    }

    /** The collector of one record's changes; announces a table the first time its partition carries it. */
    private static final class TableTracker implements Collector<ChangeEvent> {
        private final boolean withChannel;
        Channel channel;
        Collector<ChangeEvent> out;

        TableTracker(boolean withChannel) {
            this.withChannel = withChannel;
        }

        @Override
        public void collect(ChangeEvent event) {
            TableId table = event.tableId();
            if (table != channel.lastTable && !table.equals(channel.lastTable)) {
                channel.lastTable = table;
                if (channel.tables.add(table)) {
                    out.collect(ChangeEvent.heartbeat(channel.watermark, channel.name, table));
                }
            }
            out.collect(withChannel ? event.withChannel(channel.name) : event);
        }

        @Override
        public void close() {}
    }
}

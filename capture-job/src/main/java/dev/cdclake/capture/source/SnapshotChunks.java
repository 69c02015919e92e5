package dev.cdclake.capture.source;

import dev.cdclake.events.TableId;
import dev.cdclake.events.metrics.TableMetrics;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.HashMap;
import java.util.Map;

/**
 * Per table, the snapshot chunks this reader finished ({@code snapshotChunksDone}) and whether it read the table's
 * last chunk ({@code snapshotLastChunkDone}, 1 once the chunk without an upper bound is read). How many chunks are
 * left is known only to Flink CDC's split enumerator on the JobManager, which publishes no metric; the rows left
 * against MySQL's estimate are in capture-job's {@code snapshotRowsRead}/{@code snapshotRowsEstimated}.
 */
public final class SnapshotChunks {
    private final MetricGroup readerGroup;
    private final Map<io.debezium.relational.TableId, Table> tables = new HashMap<>();

    public SnapshotChunks(MetricGroup readerGroup) {
        this.readerGroup = readerGroup;
    }

    /** A chunk of {@code table} was read; {@code last} when it was the chunk without an upper bound. */
    void done(io.debezium.relational.TableId table, boolean last) {
        Table t = tables.computeIfAbsent(table, id -> new Table(TableId.of(id.catalog(), id.table())));
        t.chunks.inc();
        if (last) {
            t.lastDone = 1;
        }
    }

    private final class Table {
        final Counter chunks;
        volatile int lastDone;

        Table(TableId id) {
            MetricGroup group = TableMetrics.group(readerGroup, id);
            chunks = group.counter("snapshotChunksDone");
            group.gauge("snapshotLastChunkDone", () -> lastDone);
        }
    }
}

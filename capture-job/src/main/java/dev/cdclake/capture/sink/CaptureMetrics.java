package dev.cdclake.capture.sink;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Op;
import dev.cdclake.events.TableId;
import dev.cdclake.events.metrics.TableMetrics;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What capture-job has emitted, per table ({@link TableMetrics} group of the serializing operator): {@code records}
 * and {@code recordsPerSecond}; {@code binlogLagMs}, now minus the commit time of the table's last binlog change (-1
 * before one); {@code snapshotRowsRead} and {@code snapshotRowsEstimated} (MySQL's estimate, -1 when unknown). While a
 * snapshot runs it logs, every {@link #LOG_INTERVAL_NANOS}, each table's progress and how long the rest should take.
 * Per record: one table look-up, skipped while the table stays the same.
 */
final class CaptureMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureMetrics.class);
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final MetricGroup operator;
    private final Map<TableId, Long> estimatedRows;
    private final Map<TableId, Table> tables = new HashMap<>();
    private Table last;
    private long nextLog = System.nanoTime() + LOG_INTERVAL_NANOS;
    private boolean snapshotSinceLog;

    CaptureMetrics(MetricGroup operator, Map<TableId, Long> estimatedRows) {
        this.operator = operator;
        this.estimatedRows = estimatedRows;
    }

    void record(ChangeEvent event) {
        TableId id = event.tableId();
        Table t = last;
        if (t == null || (t.id != id && !t.id.equals(id))) {
            t = tables.computeIfAbsent(id, this::register);
            last = t;
        }
        t.records.inc();
        if (event.op() == Op.READ) {
            t.snapshotRows++;
            if (!snapshotSinceLog) {
                snapshotSinceLog = true;
            }
        } else {
            t.lastCommit = event.opTs();
        }
        if (snapshotSinceLog && (t.snapshotRows & 1023) == 0 && System.nanoTime() - nextLog > 0) {
            logSnapshot();
        }
    }

    private void logSnapshot() {
        long now = System.nanoTime();
        double seconds = (now - nextLog + LOG_INTERVAL_NANOS) / 1e9;
        nextLog = now + LOG_INTERVAL_NANOS;
        snapshotSinceLog = false;
        List<String> lines = new ArrayList<>();
        for (Table t : tables.values()) {
            long read = t.snapshotRows - t.snapshotRowsAtLog;
            t.snapshotRowsAtLog = t.snapshotRows;
            if (read == 0) {
                continue;
            }
            double rate = read / seconds;
            StringBuilder line = new StringBuilder(String.format("%s %,d", t.id, t.snapshotRows));
            if (t.estimate > 0) {
                line.append(String.format(
                        " of ~%,d rows (%d %%)", t.estimate, Math.min(100, t.snapshotRows * 100 / t.estimate)));
                if (t.estimate > t.snapshotRows) {
                    line.append(String.format(", about %d s left", (long) ((t.estimate - t.snapshotRows) / rate)));
                }
            } else {
                line.append(" rows");
            }
            line.append(String.format(", %,d rows/s", (long) rate));
            lines.add(line.toString());
        }
        if (!lines.isEmpty()) {
            LOG.info("Snapshot: {}", String.join("; ", lines));
        }
    }

    private Table register(TableId id) {
        Table t = new Table(id, estimatedRows.getOrDefault(id, -1L));
        MetricGroup group = TableMetrics.group(operator, id);
        t.records = group.counter("records");
        group.meter("recordsPerSecond", new MeterView(t.records));
        group.gauge("binlogLagMs", (Gauge<Long>) () -> {
            long commit = t.lastCommit;
            return commit <= 0 ? -1 : Math.max(0, System.currentTimeMillis() - commit);
        });
        group.gauge("snapshotRowsRead", (Gauge<Long>) () -> t.snapshotRows);
        group.gauge("snapshotRowsEstimated", (Gauge<Long>) () -> t.estimate);
        return t;
    }

    /** One table's figures; written by the task thread, read by the reporters'. */
    private static final class Table {
        final TableId id;
        final long estimate;
        Counter records;
        // plain fields, like Flink's own counters: a reporter may read a value a moment old
        long lastCommit;
        long snapshotRows;
        long snapshotRowsAtLog;

        Table(TableId id, long estimate) {
            this.id = id;
            this.estimate = estimate;
        }
    }
}

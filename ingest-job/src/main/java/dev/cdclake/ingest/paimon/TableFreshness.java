package dev.cdclake.ingest.paimon;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.TableId;
import dev.cdclake.events.metrics.TableMetrics;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far behind MySQL each table of the lake is, from what the committer has made readable: a committed checkpoint's
 * heartbeats say up to which commit time W each source channel has been read (and so, now, committed), and which
 * tables each channel carries; a table's W is the smallest of its channels'. Metrics per table ({@link TableMetrics}
 * group) of the committer:
 *
 * <ul>
 *   <li>{@code freshnessMs}: now minus W, -1 until every channel of the table has a watermark;
 *   <li>{@code watermarkTimestamp}: W, epoch milliseconds, -1 when unknown;
 *   <li>{@code lastCommitTimestamp}: when rows of the table were last committed, epoch milliseconds, -1 before;
 *   <li>{@code kafkaLagRecords}: records of the table's channels not in the lake yet, -1 when unknown.
 * </ul>
 *
 * Updated by the committer's thread, read by the metric reporters'.
 */
final class TableFreshness {
    private static final long UNKNOWN = -1;

    private final MetricGroup metrics;
    private final Map<String, Long> watermarks = new ConcurrentHashMap<>();
    private final Map<TableId, Table> tables = new ConcurrentHashMap<>();
    private volatile Map<String, Long> lag = Map.of();

    TableFreshness(MetricGroup metrics) {
        this.metrics = metrics;
    }

    /** Applies the heartbeats of a committed checkpoint. */
    void committed(Iterable<ChangeEvent> heartbeats) {
        for (ChangeEvent h : heartbeats) {
            if (h.opTs() > 0) {
                watermarks.merge(h.channel(), h.opTs(), Math::max);
            }
            if (h.tableId() != null) {
                table(h.tableId()).channels.add(h.channel());
            }
        }
    }

    /** Rows of {@code id} were committed at {@code millis}. */
    void committedRows(TableId id, long millis) {
        table(id).lastCommit = millis;
    }

    void lag(Map<String, Long> byChannel) {
        lag = byChannel;
    }

    /** The table's W: every change committed in MySQL at or before it is readable; -1 when unknown. */
    long watermark(TableId id) {
        Table t = tables.get(id);
        return t == null ? UNKNOWN : t.watermark();
    }

    private Table table(TableId id) {
        return tables.computeIfAbsent(id, this::register);
    }

    private Table register(TableId id) {
        Table t = new Table();
        MetricGroup group = TableMetrics.group(metrics, id);
        group.gauge("freshnessMs", (Gauge<Long>) () -> {
            long w = t.watermark();
            return w == UNKNOWN ? UNKNOWN : Math.max(0, System.currentTimeMillis() - w);
        });
        group.gauge("watermarkTimestamp", (Gauge<Long>) t::watermark);
        group.gauge("lastCommitTimestamp", (Gauge<Long>) () -> t.lastCommit);
        group.gauge("kafkaLagRecords", (Gauge<Long>) t::lag);
        return t;
    }

    /** One table: its channels and last commit. */
    private final class Table {
        final Set<String> channels = ConcurrentHashMap.newKeySet();
        volatile long lastCommit = UNKNOWN;

        long watermark() {
            long min = Long.MAX_VALUE;
            for (String c : channels) {
                Long w = watermarks.get(c);
                if (w == null) {
                    return UNKNOWN;
                }
                min = Math.min(min, w);
            }
            return min == Long.MAX_VALUE ? UNKNOWN : min;
        }

        long lag() {
            Map<String, Long> current = lag;
            long sum = 0;
            for (String c : channels) {
                Long l = current.get(c);
                if (l == null) {
                    return UNKNOWN;
                }
                sum += l;
            }
            return channels.isEmpty() ? UNKNOWN : sum;
        }
    }
}

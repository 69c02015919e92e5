package dev.cdclake.events.metrics;

import dev.cdclake.events.TableId;
import org.apache.flink.metrics.MetricGroup;

/**
 * The metric group of one table, the same in both jobs: {@code database=<db>} then {@code table=<table>}, which a
 * Prometheus scrape shows as the labels {@code database} and {@code table} of metrics named
 * {@code flink_taskmanager_job_task_operator_database_table_<metric>}.
 */
public final class TableMetrics {
    private TableMetrics() {}

    public static MetricGroup group(MetricGroup operator, TableId id) {
        return operator.addGroup("database", id.database()).addGroup("table", id.table());
    }
}

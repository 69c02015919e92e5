package dev.cdclake.ingest.paimon;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.typeinfo.ChangeEventTypeInfo;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.table.FileStoreTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end rows per second of the sink (generator → router → 2 writers → committer), including job start-up. Not part
 * of the regular build: {@code mvn -pl ingest-job test -Dtest=PaimonSinkThroughputTest
 * -Dpaimon.throughput.rows=1000000}
 * (optional {@code -Dpaimon.throughput.bucket=4}, {@code -Dpaimon.throughput.format=avro}).
 */
@EnabledIfSystemProperty(named = "paimon.throughput.rows", matches = "\\d+")
class PaimonSinkThroughputTest {
    private static final TableId ORDERS = TableId.of("bench", "orders");
    private static final TableSchema SCHEMA = TableSchema.builder()
            .column("id", ColumnType.of(DataKind.BIGINT), false)
            .column("customer", ColumnType.of(DataKind.INT), true)
            .column("status", ColumnType.of(DataKind.VARCHAR, 16), true)
            .column("amount", ColumnType.decimal(12, 2), true)
            .column("quantity", ColumnType.of(DataKind.INT), true)
            .column("note", ColumnType.of(DataKind.STRING), true)
            .column("created", ColumnType.of(DataKind.TIMESTAMP, 3), true)
            .column("weight", ColumnType.of(DataKind.DOUBLE), true)
            .primaryKey("id")
            .build();

    @TempDir
    Path tmp;

    @Test
    void measuresRowsPerSecond() throws Exception {
        long rows = Long.getLong("paimon.throughput.rows");
        String bucket = System.getProperty("paimon.throughput.bucket", "-1");
        String format = System.getProperty("paimon.throughput.format", "parquet");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.getConfig().disableGenericTypes();
        env.enableCheckpointing(2000);
        Map<String, String> catalog = Map.of("warehouse", tmp.toUri().toString());
        PaimonSinkBuilder.forChangeEvents(
                        env.fromSequence(1, rows).map(new ToOrder()).returns(ChangeEventTypeInfo.INSTANCE))
                .catalogOptions(catalog)
                .tableOptions(Map.of("bucket", bucket, "file.format", format, "write-buffer-size", "64mb"))
                .writerParallelism(2)
                .build();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        JobExecutionResult result = env.execute("paimon sink throughput");
        double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
        double seconds = (System.nanoTime() - start) / 1e9;
        double net = result.getNetRuntime() / 1000.0;
        System.out.printf(
                "PAIMON SINK THROUGHPUT: %d rows, bucket=%s, format=%s, %.1f s wall incl. start-up (%.0f rows/s),"
                        + " %.1f s job run time (%.0f rows/s), %.1f CPU s (%.0f rows per CPU second), load average "
                        + "%.1f%n",
                rows,
                bucket,
                format,
                seconds,
                rows / seconds,
                net,
                rows / net,
                cpuSeconds,
                rows / cpuSeconds,
                os.getSystemLoadAverage());
        try (Catalog c = new PaimonCatalogLoader(catalog).load()) {
            FileStoreTable t = (FileStoreTable) c.getTable(Identifier.create("bench", "orders"));
            var latest = t.snapshotManager().latestSnapshot();
            System.out.printf(
                    "latest snapshot %d %s identifier %d records %d%n",
                    latest.id(), latest.commitKind(), latest.commitIdentifier(), latest.totalRecordCount());
            var rb = t.newReadBuilder();
            long count = 0;
            try (var reader = rb.newRead().createReader(rb.newScan().plan())) {
                var it = reader.toCloseableIterator();
                while (it.hasNext()) {
                    it.next();
                    count++;
                }
            }
            assertThat(count).isEqualTo(rows);
        }
        assertThat(result.getNetRuntime()).isPositive();
    }

    private static final class ToOrder implements MapFunction<Long, ChangeEvent> {
        private static final long serialVersionUID = 1L;
        private static final LocalDateTime BASE = LocalDateTime.of(2024, 1, 1, 0, 0);

        @Override
        public ChangeEvent map(Long id) {
            return ChangeEvent.insert(
                    ORDERS,
                    SCHEMA,
                    new Object[] {
                        id,
                        (int) (id % 10_000),
                        id % 3 == 0 ? "SHIPPED" : "NEW",
                        BigDecimal.valueOf(id % 100_000, 2),
                        (int) (id % 7),
                        "note " + (id % 1000),
                        BASE.plusSeconds(id),
                        id * 0.5d
                    },
                    id);
        }
    }
}

package dev.cdclake.it.e2e;

import dev.cdclake.it.fixtures.LakeComparison;
import dev.cdclake.it.fixtures.RandomWorkload;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.paimon.PaimonWarehouse;
import dev.cdclake.it.process.Poll;
import org.apache.flink.core.execution.JobClient;
import org.apache.paimon.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/pipeline2-filter.yaml} as written, a transform rule with a {@code filter} and computed columns,
 * through both jobs under a random workload whose updates move rows into and out of the filter: the lake ends equal to
 * MySQL's own answer to the same SELECT ... WHERE (MySQL is the reference for the expressions' values), so rows that
 * left the filter were deleted by key and rows that entered it were written.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class FilterProjectionLakeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void theLakeEqualsMySqlsSelectWhere(MySqlServer mysql, KafkaServer kafka) throws Exception {
        String db = "shop";
        mysql.createDatabase(db);
        RandomWorkload.createTable(mysql, db);
        String topic = "filter_projection_" + UUID.randomUUID().toString().substring(0, 8);
        String where = "MOD(v, 3) <> 1 AND (amount >= 5 OR name LIKE '%7%')";
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        JobClient capture = null;
        JobClient ingest = null;
        RandomWorkload workload = new RandomWorkload(mysql, db + ".t", 20261206L);
        Thread workloadThread = new Thread(workload, "random-workload");
        try (Catalog lake = LakeComparison.openLake(warehouse.catalogOptions())) {
            capture = ExamplePipeline.capture(mysql, kafka, db, topic).start("capture-filter-projection");
            ingest = ExamplePipeline.ingest("pipeline2-filter.yaml", kafka, topic)
                    .catalog(warehouse.catalogOptions())
                    .start("ingest-filter-projection");
            workloadThread.start();
            Poll.until("the workload to commit changes", TIMEOUT, () -> workload.committedRowChanges() > 600);
            workload.stop();
            workloadThread.join(TIMEOUT.toMillis());
            assertThat(workload.failure()).as("random workload").isNull();
            LakeComparison.awaitEqual(
                    db + ".t filtered and projected",
                    TIMEOUT,
                    () -> LakeComparison.mysqlQueryRows(
                            mysql,
                            "SELECT id, UPPER(name) AS uname, v * 10 AS v10, amount * 2 AS doubled,"
                                    + " CONCAT('t', ':', CAST(id AS CHAR)) AS origin FROM " + db + ".t WHERE " + where,
                            "id"),
                    () -> LakeComparison.paimonRows(lake, db, "t", "id"));
            // the filter keeps some rows and drops others, or the comparison above would prove little
            assertThat(LakeComparison.paimonRows(lake, db, "t", "id").size())
                    .isBetween(1, LakeComparison.mysqlRows(mysql, db, "t", "id").size() - 1);
        } finally {
            workload.stop();
            ExamplePipeline.cancelQuietly(ingest);
            ExamplePipeline.cancelQuietly(capture);
        }
    }
}

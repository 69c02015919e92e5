package dev.cdclake.it.e2e;

import dev.cdclake.it.fixtures.Inventory;
import dev.cdclake.it.fixtures.LakeComparison;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.LocalKafkaBroker;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.paimon.PaimonRestCatalogServer;
import dev.cdclake.it.paimon.PaimonWarehouse;
import dev.cdclake.it.process.Poll;
import dev.cdclake.it.process.TcpProxy;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.paimon.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parts that go away while both jobs run. A broker down for 60 s, while MySQL keeps changing, heals by itself and the
 * lake ends equal to the source; a broker that stays away ends both jobs, without restarting them forever, once
 * {@code outage.timeout} has passed, naming Kafka; a Paimon REST catalog off the network for 60 s (the server keeps its
 * state, a relay in front of it is cut) heals the same way; one that stays away ends ingest-job, naming it.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class})
class OutageTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @Test
    void aBrokerDownForSixtySecondsHealsWithNothingLost(MySqlServer mysql, LocalKafkaBroker kafka) throws Exception {
        Inventory inventory = Inventory.create(mysql, "outage_heal");
        String topic = "outage_heal_" + UUID.randomUUID().toString().substring(0, 8);
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        JobClient capture = null;
        JobClient ingest = null;
        try (Catalog lake = LakeComparison.openLake(warehouse.catalogOptions())) {
            capture = ExamplePipeline.capture(mysql, kafka, inventory.database(), topic)
                    .start("capture-outage-heal");
            ingest = ExamplePipeline.ingest(kafka, topic)
                    .catalog(warehouse.catalogOptions())
                    .start("ingest-outage-heal");
            inventory.awaitLakeEqualsSource(lake);

            kafka.stop();
            long down = System.nanoTime();
            inventory.updateDeleteReinsert();
            Poll.pause(Duration.ofSeconds(60).minusNanos(System.nanoTime() - down));
            kafka.ensureRunning();

            inventory.awaitLakeEqualsSource(lake);
            assertThat(capture.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
            assertThat(ingest.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
        } finally {
            kafka.ensureRunning();
            ExamplePipeline.cancelQuietly(ingest);
            ExamplePipeline.cancelQuietly(capture);
        }
    }

    @Test
    void aBrokerThatStaysAwayEndsBothJobsNamingKafka(MySqlServer mysql, LocalKafkaBroker kafka) throws Exception {
        Inventory inventory = Inventory.create(mysql, "outage_stay");
        String topic = "outage_stay_" + UUID.randomUUID().toString().substring(0, 8);
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        JobClient capture = null;
        JobClient ingest = null;
        try (Catalog lake = LakeComparison.openLake(warehouse.catalogOptions())) {
            capture = ExamplePipeline.capture(mysql, kafka, inventory.database(), topic)
                    .pipeline("outage.timeout", "20s")
                    // a producer gives up on a batch after 10 s, not Kafka's 2 minutes: attempts end sooner
                    .sink("properties.delivery.timeout.ms", "10000")
                    .sink("properties.request.timeout.ms", "5000")
                    .sink("properties.max.block.ms", "5000")
                    .start("capture-outage-stay");
            ingest = ExamplePipeline.ingest(kafka, topic)
                    .catalog(warehouse.catalogOptions())
                    .pipeline("outage.timeout", "20s")
                    .start("ingest-outage-stay");
            inventory.awaitLakeEqualsSource(lake);

            kafka.stop();
            long down = System.nanoTime();
            inventory.updateDeleteReinsert();

            assertThat(failure(ingest))
                    .contains("Kafka at " + kafka.bootstrapServers())
                    .contains("longer than pipeline outage.timeout (PT20S)");
            assertThat(failure(capture))
                    .contains("Kafka at " + kafka.bootstrapServers() + " does not answer")
                    .contains("pipeline outage.timeout PT20S");
            assertThat(Duration.ofNanos(System.nanoTime() - down))
                    .as("time from the broker's stop to both jobs' end")
                    .isLessThan(Duration.ofSeconds(150));
        } finally {
            kafka.ensureRunning();
            ExamplePipeline.cancelQuietly(ingest);
            ExamplePipeline.cancelQuietly(capture);
        }
    }

    @Test
    void aCatalogAwayForSixtySecondsHealsWithNothingLost(MySqlServer mysql, LocalKafkaBroker kafka) throws Exception {
        Inventory inventory = Inventory.create(mysql, "outage_catalog_heal");
        String topic = "outage_catalog_heal_" + UUID.randomUUID().toString().substring(0, 8);
        JobClient capture = null;
        JobClient ingest = null;
        try (PaimonRestCatalogServer rest =
                        PaimonRestCatalogServer.startWithBearerToken(PaimonRestCatalogServer.DEFAULT_TOKEN);
                TcpProxy network = TcpProxy.to(rest.port());
                Catalog lake = LakeComparison.openLake(rest.catalogOptions())) {
            capture = ExamplePipeline.capture(mysql, kafka, inventory.database(), topic)
                    .start("capture-outage-catalog-heal");
            ingest = ExamplePipeline.ingest(kafka, topic)
                    .catalog(rest.catalogOptionsVia(network.port()))
                    .start("ingest-outage-catalog-heal");
            inventory.awaitLakeEqualsSource(lake);

            network.cut();
            long down = System.nanoTime();
            inventory.updateDeleteReinsert();
            Poll.pause(Duration.ofSeconds(60).minusNanos(System.nanoTime() - down));
            assertThat(LakeComparison.paimonRows(lake, inventory.database(), "customers", "id"))
                    .as("the lake while ingest-job cannot reach its catalog")
                    .isNotEqualTo(LakeComparison.mysqlRows(mysql, inventory.database(), "customers", "id"));
            network.restore();

            inventory.awaitLakeEqualsSource(lake);
            // the first task to reach the catalog again commits what was restored and restarts once more on purpose
            JobClient healed = ingest;
            Poll.until(
                    "ingest-job running again",
                    Duration.ofSeconds(60),
                    () -> healed.getJobStatus().join() == JobStatus.RUNNING);
            inventory.awaitLakeEqualsSource(lake);
        } finally {
            ExamplePipeline.cancelQuietly(ingest);
            ExamplePipeline.cancelQuietly(capture);
        }
    }

    @Test
    void aCatalogThatStaysAwayEndsIngestNamingIt(MySqlServer mysql, LocalKafkaBroker kafka) throws Exception {
        Inventory inventory = Inventory.create(mysql, "outage_catalog");
        String topic = "outage_catalog_" + UUID.randomUUID().toString().substring(0, 8);
        JobClient capture = null;
        JobClient ingest = null;
        PaimonRestCatalogServer rest =
                PaimonRestCatalogServer.startWithBearerToken(PaimonRestCatalogServer.DEFAULT_TOKEN);
        boolean restUp = true;
        try (Catalog lake = LakeComparison.openLake(rest.catalogOptions())) {
            capture = ExamplePipeline.capture(mysql, kafka, inventory.database(), topic)
                    .start("capture-outage-catalog");
            ingest = ExamplePipeline.ingest(kafka, topic)
                    .catalog(rest.catalogOptions())
                    .pipeline("outage.timeout", "20s")
                    .start("ingest-outage-catalog");
            inventory.awaitLakeEqualsSource(lake);

            rest.close();
            restUp = false;
            inventory.updateDeleteReinsert();

            assertThat(failure(ingest))
                    .contains("the Paimon catalog at " + rest.uri() + " does not answer")
                    .contains("pipeline outage.timeout PT20S");
            assertThat(capture.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
        } finally {
            if (restUp) {
                rest.close();
            }
            ExamplePipeline.cancelQuietly(ingest);
            ExamplePipeline.cancelQuietly(capture);
        }
    }

    /** The messages of the job's failure, which must end it (not restart it) within {@link #TIMEOUT}. */
    private static String failure(JobClient job) throws Exception {
        try {
            job.getJobExecutionResult().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            StringBuilder messages = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                messages.append(t).append('\n');
            }
            return messages.toString();
        }
        throw new AssertionError("The job " + job.getJobID() + " ended without failing");
    }
}

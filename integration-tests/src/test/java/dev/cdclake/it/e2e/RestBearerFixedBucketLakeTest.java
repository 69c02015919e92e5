package dev.cdclake.it.e2e;

import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.it.fixtures.Inventory;
import dev.cdclake.it.fixtures.LakeComparison;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlExtension;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.paimon.PaimonExtension;
import dev.cdclake.it.paimon.PaimonRestCatalogServer;
import org.apache.flink.core.execution.JobClient;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.table.Table;
import org.apache.paimon.table.source.DataSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ingest-job against a Paimon REST catalog that demands a bearer token: with the right token and
 * {@code table.properties.bucket: 2} written by two writers the lake equals MySQL row by row and its rows sit in both
 * buckets; a wrong token is refused before the job starts, with the catalog's refusal.
 */
@ExtendWith({MySqlExtension.class, KafkaExtension.class, PaimonExtension.class})
class RestBearerFixedBucketLakeTest {

    @Test
    void fixedBucketsWrittenByTwoWritersEqualTheSource(
            MySqlServer mysql, KafkaServer kafka, PaimonRestCatalogServer rest) throws Exception {
        Inventory inventory = Inventory.create(mysql, "lake_rest_bucket");
        String topic = "rest_bucket_" + UUID.randomUUID().toString().substring(0, 8);
        JobClient capture = null;
        JobClient ingest = null;
        try (Catalog lake = LakeComparison.openLake(rest.catalogOptions())) {
            capture = ExamplePipeline.capture(mysql, kafka, inventory.database(), topic)
                    .start("capture-rest-bucket");
            ingest = ExamplePipeline.ingest(kafka, topic)
                    .catalog(rest.catalogOptions())
                    .sink("table.properties.bucket", "2")
                    .sink("sink.parallelism", "2")
                    .start("ingest-rest-bucket");
            inventory.awaitLakeEqualsSource(lake);

            inventory.updateDeleteReinsert();
            inventory.awaitLakeEqualsSource(lake);

            Table customers = lake.getTable(Identifier.create(inventory.database(), "customers"));
            assertThat(customers.options()).containsEntry("bucket", "2");
            assertThat(buckets(customers)).as("buckets holding customers' rows").containsExactly(0, 1);
        } finally {
            ExamplePipeline.cancelQuietly(ingest);
            ExamplePipeline.cancelQuietly(capture);
        }
    }

    @Test
    void aWrongTokenIsRefusedBeforeTheJobStarts(KafkaServer kafka, PaimonRestCatalogServer rest) throws Exception {
        String topic = "rest_token_" + UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopic(topic, 1);
        Map<String, String> wrongToken = new HashMap<>(rest.catalogOptions());
        wrongToken.put("token", "not-" + PaimonRestCatalogServer.DEFAULT_TOKEN);
        ExamplePipeline ingest = ExamplePipeline.ingest(kafka, topic).catalog(wrongToken);

        assertThatThrownBy(() -> ingest.start("ingest-wrong-token"))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("The Paimon REST catalog at " + rest.uri() + " refused the credentials of "
                        + "token.provider 'bear'")
                .hasMessageContaining("check sink.catalog.properties.token")
                .hasMessageNotContaining("not-" + PaimonRestCatalogServer.DEFAULT_TOKEN);
    }

    private static Set<Integer> buckets(Table table) {
        return table.newReadBuilder().newScan().plan().splits().stream()
                .map(split -> ((DataSplit) split).bucket())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}

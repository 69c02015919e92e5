package dev.cdclake.it.sandbox;

import dev.cdclake.capture.CaptureJobBuilder;
import dev.cdclake.events.config.PipelineDefinition;
import dev.cdclake.events.config.PipelineDefinitionLoader;
import dev.cdclake.events.config.PipelineOptions;
import dev.cdclake.events.config.PlaceholderResolver;
import dev.cdclake.ingest.IngestJobBuilder;
import dev.cdclake.it.fixtures.Inventory;
import dev.cdclake.it.fixtures.LakeComparison;
import dev.cdclake.it.kafka.LocalKafkaBroker;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.mysql.MySqlServers;
import dev.cdclake.it.paimon.PaimonWarehouse;
import dev.cdclake.it.process.WorkDirs;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.paimon.catalog.Catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The local sandbox: on a machine with only JDK 17 and Maven it starts MariaDB with a ROW binlog, a Kafka broker and a
 * Paimon filesystem warehouse, creates the reference document's {@code kafka_test} tables, runs Pipeline 1 (into one
 * {@code inventory} topic, plus a canal-json copy) and Pipeline 2 with the reference YAML in local MiniClusters,
 * performs the reference's UPDATE of customer 4 and prints the Kafka messages and the Paimon table. With
 * {@code --keep-running} it stays up until Ctrl-C so SQL typed into the database shows up in the lake; everything it
 * started stops with it. Run it with the command in the README ({@code -Psandbox}).
 */
public final class LocalSandbox {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final Duration WAIT = Duration.ofMinutes(3);

    private LocalSandbox() {}

    public static void main(String[] args) throws Exception {
        boolean keepRunning = List.of(args).contains("--keep-running");
        say("starting MariaDB (ROW binlog), a Kafka broker and a Paimon warehouse under " + WorkDirs.root());
        MySqlServer mysql = MySqlServers.start();
        LocalKafkaBroker kafka = LocalKafkaBroker.start(WorkDirs.freshDir("kafka"));
        PaimonWarehouse warehouse = PaimonWarehouse.create();
        say("MySQL     " + mysql.jdbcUrl() + "  (admin/admin, cdc/cdc)");
        say("Kafka     " + kafka.bootstrapServers());
        say("Paimon    " + warehouse.path());

        Inventory inventory = Inventory.create(mysql, "kafka_test");
        mysql.execute("INSERT INTO kafka_test.products VALUES (103, 'drill', 'cordless', 2.000)");
        say("created kafka_test.customers (4 rows) and kafka_test.products (3 rows)");

        List<JobClient> jobs = new ArrayList<>();
        jobs.add(startCapture(mysql, kafka, Map.of("topic", "inventory")));
        jobs.add(startCapture(mysql, kafka, Map.of("topic", "inventory_canal", "value.format", "canal-json")));
        say("capture-job running: examples/pipeline1-minimal.yaml, topic: inventory (and a canal-json copy in "
                + "inventory_canal)");
        jobs.add(startIngest(kafka, warehouse));
        say("ingest-job running: examples/pipeline2.yaml on a local filesystem warehouse");

        List<ConsumerRecord<String, String>> snapshot = kafka.consume("inventory", 7, WAIT);
        say("snapshot " + snapshot.size() + "/7 rows in Kafka topic inventory");
        try (Catalog lake = warehouse.createCatalog()) {
            inventory.awaitLakeEqualsSource(lake, "customers");
            inventory.awaitLakeEqualsSource(lake, "products");
            say("checkpoint committed: Paimon kafka_test.customers and kafka_test.products equal MySQL");

            mysql.execute("UPDATE kafka_test.customers SET phone_number = '1234' WHERE id = 4");
            say("UPDATE kafka_test.customers SET phone_number = '1234' WHERE id = 4");
            say("debezium-json message:\n"
                    + kafka.consume("inventory", 8, WAIT).get(7).value());
            say("canal-json message:\n"
                    + kafka.consume("inventory_canal", 8, WAIT).get(7).value());
            inventory.awaitLakeEqualsSource(lake, "customers");
            say("Paimon kafka_test.customers:");
            LakeComparison.paimonRows(lake, "kafka_test", "customers", "id")
                    .values()
                    .forEach(r -> say("  " + r));
        }
        if (!keepRunning) {
            for (JobClient job : jobs) {
                job.cancel().get();
            }
            say("done; run with --keep-running to keep everything up");
            System.exit(0);
        }
        say("ready: type SQL into " + mysql.jdbcUrl() + "/kafka_test (user admin, password admin) and read the lake "
                + "at " + warehouse.path() + "; Ctrl-C stops everything");
        new CountDownLatch(1).await();
    }

    private static JobClient startCapture(MySqlServer mysql, LocalKafkaBroker kafka, Map<String, String> sinkOverrides)
            throws Exception {
        Map<String, String> sets = new HashMap<>();
        sets.put("secret_values.mysql.hostname", mysql.host());
        sets.put("mysql.port", String.valueOf(mysql.port()));
        sets.put("secret_values.mysql.username", mysql.cdcUser());
        sets.put("secret_values.mysql.password", mysql.cdcPassword());
        sets.put("kafka.bootstraps.server", kafka.bootstrapServers());
        PipelineDefinition d = PipelineDefinitionLoader.parse(
                Files.readString(EXAMPLES.resolve("pipeline1-minimal.yaml")),
                "pipeline1-minimal.yaml",
                new PlaceholderResolver(sets, Map.of(), Map.of()));
        Map<String, String> source = new LinkedHashMap<>(d.source());
        // two capture jobs read one server: each needs its own replica id (the default picks a free random one)
        source.remove("server-id");
        Map<String, String> sink = new LinkedHashMap<>(d.sink());
        sink.putAll(sinkOverrides);
        d = new PipelineDefinition(
                source, sink, d.transforms(), Map.of("parallelism", "1", "execution.checkpointing.interval", "2s"));
        CaptureJobBuilder b = CaptureJobBuilder.fromDefinition(d, "sandbox capture " + sink.get("topic"));
        StreamExecutionEnvironment env = PipelineOptions.createEnvironment(d.pipeline());
        b.build(env, b.createSource(env.getParallelism(), "UTC"), Map.of());
        return env.executeAsync("sandbox capture " + sink.get("topic"));
    }

    private static JobClient startIngest(LocalKafkaBroker kafka, PaimonWarehouse warehouse) throws Exception {
        PipelineDefinition d = PipelineDefinitionLoader.parse(
                Files.readString(EXAMPLES.resolve("pipeline2.yaml")),
                "pipeline2.yaml",
                new PlaceholderResolver(
                        Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()), Map.of(), Map.of()));
        Map<String, String> sink = new LinkedHashMap<>(d.sink());
        // the reference's DLF catalog becomes a local filesystem warehouse
        sink.keySet().removeIf(k -> k.startsWith("catalog.properties."));
        warehouse.catalogOptions().forEach((k, v) -> sink.put("catalog.properties." + k, v));
        d = new PipelineDefinition(
                d.source(), sink, d.transforms(), Map.of("parallelism", "1", "execution.checkpointing.interval", "2s"));
        IngestJobBuilder b = IngestJobBuilder.fromDefinition(d, "sandbox ingest");
        StreamExecutionEnvironment env = PipelineOptions.createEnvironment(d.pipeline());
        b.build(env);
        return env.executeAsync("sandbox ingest");
    }

    private static void say(String line) {
        System.out.println("[sandbox] " + line);
    }
}

package dev.cdclake.it.preflight;

import dev.cdclake.events.ColumnType;
import dev.cdclake.events.DataKind;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.registry.PublishedSchema;
import dev.cdclake.it.kafka.KafkaExtension;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.paimon.PaimonExtension;
import dev.cdclake.it.paimon.PaimonRestCatalogServer;
import dev.cdclake.it.paimon.PaimonWarehouse;
import dev.cdclake.it.process.FreePorts;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.schema.Schema;
import org.apache.paimon.types.DataType;
import org.apache.paimon.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ingest-job's {@code --dry-run} against Paimon catalogs it cannot use, and against existing tables that contradict
 * what it will write into them: each ends before any job starts with exit code 2 and one line naming the setting or
 * table and the fix; what is found today only when the first row arrives is found at launch.
 */
@ExtendWith({KafkaExtension.class, PaimonExtension.class})
class PaimonPreflightTest {

    @TempDir
    Path dir;

    @Test
    void aWarehouseThatRunsThroughARegularFileIsNotUsable(KafkaServer kafka) throws Exception {
        // the tests run as root, which writes anywhere: a path below a regular file is unusable even for root
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        String warehouse = file.resolve("lake").toString();

        Launch launch =
                Launch.ingest(ingest(kafka, topic(kafka)).set("sink", "catalog.properties.warehouse", warehouse), dir);

        assertThat(launch.exitCode).as(launch.toString()).isEqualTo(2);
        assertThat(launch.stderr)
                .startsWith("ingest-job: sink.catalog.properties.warehouse '" + warehouse + "' is not usable: ")
                .endsWith("choose a directory this job can create and write (on every task manager)\n")
                .hasLineCount(1);
    }

    @Test
    void anUnreachableRestCatalogIsNamed(KafkaServer kafka) throws Exception {
        String uri = "http://127.0.0.1:" + FreePorts.next();
        Launch.Config config = ingest(kafka, topic(kafka))
                .remove("sink", "catalog.properties.warehouse")
                .setAll(
                        "sink",
                        "catalog.properties.",
                        Map.of(
                                "metastore",
                                "rest",
                                "uri",
                                uri,
                                "warehouse",
                                "lake",
                                "token.provider",
                                "bear",
                                "token",
                                "t0ken"));

        Launch launch = Launch.ingest(config, dir);

        assertThat(launch.exitCode).as(launch.toString()).isEqualTo(2);
        assertThat(launch.stderr)
                .startsWith("ingest-job: The Paimon catalog (rest) cannot be opened: ")
                .contains("check sink.catalog.properties.uri (is the REST server running and reachable from here?)")
                .doesNotContain("t0ken")
                .hasLineCount(1);
    }

    @Test
    void aRejectedRestTokenIsNamedWithoutIt(KafkaServer kafka, PaimonRestCatalogServer rest) throws Exception {
        Map<String, String> catalog = new HashMap<>(rest.catalogOptions());
        catalog.put("token", "not-" + PaimonRestCatalogServer.DEFAULT_TOKEN);
        Launch.Config config = ingest(kafka, topic(kafka))
                .remove("sink", "catalog.properties.warehouse")
                .setAll("sink", "catalog.properties.", catalog);

        Launch launch = Launch.ingest(config, dir);

        assertThat(launch.exitCode).as(launch.toString()).isEqualTo(2);
        assertThat(launch.stderr)
                .startsWith("ingest-job: The Paimon REST catalog at " + rest.uri() + " refused the credentials of"
                        + " token.provider 'bear'")
                .contains("check sink.catalog.properties.token")
                .doesNotContain("not-" + PaimonRestCatalogServer.DEFAULT_TOKEN)
                .hasLineCount(1);
    }

    @Test
    void anExistingTableWithAnotherPrimaryKeyThanTheTransformRuleIsFoundAtLaunch(KafkaServer kafka) throws Exception {
        PaimonWarehouse lake = PaimonWarehouse.create();
        createTable(lake, "pf_pk", "t", DataTypes.STRING(), "id", "name");
        Launch.Config config = ingest(kafka, topic(kafka))
                .set("sink", "catalog.properties.warehouse", lake.uri())
                .transform("pf_pk.t", "id");

        Launch launch = Launch.ingest(config, dir);

        assertThat(launch.exitCode).as(launch.toString()).isEqualTo(2);
        assertThat(launch.stderr)
                .isEqualTo("ingest-job: Paimon table pf_pk.t already exists with primary key [id, name], but the change"
                        + " stream of pf_pk.t has primary key [id]: make the transform rule's primary-keys match the"
                        + " existing table, or drop or rename the Paimon table\n");
    }

    @Test
    void anExistingColumnThatCannotHoldThePublishedTypeIsFoundAtLaunch(KafkaServer kafka) throws Exception {
        String schemaTopic = "pf_schemas_" + UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopic(schemaTopic, 1);
        PublishedSchema published = PublishedSchema.of(
                TableId.of("pf_col", "u"),
                TableSchema.builder()
                        .column("id", ColumnType.of(DataKind.INT), false)
                        .column("name", ColumnType.of(DataKind.VARCHAR, 10), true)
                        .primaryKey("id")
                        .build());
        kafka.produce(schemaTopic, published.id(), new String(published.document(), StandardCharsets.UTF_8));
        PaimonWarehouse conflicting = PaimonWarehouse.create();
        createTable(conflicting, "pf_col", "u", DataTypes.INT(), "id");
        Launch.Config config = ingest(kafka, topic(kafka))
                .set("source", "schema.topic", schemaTopic)
                .set("sink", "catalog.properties.warehouse", conflicting.uri());

        Launch launch = Launch.ingest(config, dir);

        assertThat(launch.exitCode).as(launch.toString()).isEqualTo(2);
        assertThat(launch.stderr)
                .startsWith("ingest-job: column 'name' of Paimon table pf_col.u has type INT and cannot take values of"
                        + " type VARCHAR(10)")
                .hasLineCount(1);

        PaimonWarehouse compatible = PaimonWarehouse.create();
        createTable(compatible, "pf_col", "u", DataTypes.STRING(), "id");
        Launch fine = Launch.ingest(config.set("sink", "catalog.properties.warehouse", compatible.uri()), dir);
        assertThat(fine.exitCode).as(fine.toString()).isZero();
    }

    private static Launch.Config ingest(KafkaServer kafka, String topic) {
        return new Launch.Config()
                .set("source", "type", "kafka")
                .set("source", "properties.bootstrap.servers", kafka.bootstrapServers())
                .set("source", "topic", topic)
                .set("source", "value.format", "debezium-json")
                .set("sink", "type", "paimon")
                .set(
                        "sink",
                        "catalog.properties.warehouse",
                        PaimonWarehouse.create().uri());
    }

    private static String topic(KafkaServer kafka) {
        String topic = "preflight_paimon_" + UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopic(topic, 1);
        return topic;
    }

    /** A table {@code (id INT, name <nameType>)} with the given primary key. */
    private static void createTable(
            PaimonWarehouse lake, String database, String table, DataType nameType, String... key) throws Exception {
        try (Catalog catalog = lake.createCatalog()) {
            catalog.createDatabase(database, true);
            catalog.createTable(
                    Identifier.create(database, table),
                    Schema.newBuilder()
                            .column("id", DataTypes.INT().notNull())
                            .column("name", key.length > 1 ? nameType.notNull() : nameType)
                            .primaryKey(key)
                            .build(),
                    false);
        }
    }
}

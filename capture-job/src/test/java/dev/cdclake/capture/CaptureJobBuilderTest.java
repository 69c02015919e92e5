package dev.cdclake.capture;

import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.events.config.PipelineDefinition;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration errors capture-job reports before any job starts (no server needed). */
class CaptureJobBuilderTest {

    private static Map<String, String> source(String... kv) {
        Map<String, String> m = new LinkedHashMap<>(Map.of(
                "type", "mysql", "hostname", "db", "username", "cdc", "password", "pw", "tables", "kafka_test\\.\\*"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, String> sink(String... kv) {
        Map<String, String> m = new LinkedHashMap<>(Map.of("type", "kafka", "properties.bootstrap.servers", "k:9092"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static CaptureJobBuilder build(Map<String, String> source, Map<String, String> sink) {
        return CaptureJobBuilder.fromDefinition(new PipelineDefinition(source, sink, List.of(), Map.of()), "job");
    }

    @Test
    void referenceSpellingsAreAccepted() {
        CaptureJobBuilder b = build(source("server-id", "8601-8604"), sink("properties.enable.idempotence", "false"));
        assertThat(b.serverId(4)).isEqualTo("8601-8604");
        assertThat(b.tables().toQualifiedRegex()).isEqualTo("(?:kafka_test)\\.(?:.*)");
    }

    @Test
    void producerKeepsKeyOrderWithoutIdempotence() {
        assertThat(build(source(), sink("properties.enable.idempotence", "false"))
                        .producerProperties())
                .containsEntry("max.in.flight.requests.per.connection", "1")
                .containsEntry("linger.ms", "5");
        assertThat(build(
                                source(),
                                sink(
                                        "properties.enable.idempotence",
                                        "false",
                                        "properties.max.in.flight.requests.per.connection",
                                        "3"))
                        .producerProperties())
                .containsEntry("max.in.flight.requests.per.connection", "3");
        assertThat(build(source(), sink()).producerProperties())
                .doesNotContainKey("max.in.flight.requests.per.connection");
    }

    @Test
    void serverIdRangeMustCoverTheParallelism() {
        CaptureJobBuilder b = build(source("server-id", "8601-8602", "parallelism", "4"), sink());
        assertThatThrownBy(() -> b.serverId(4))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("holds 2 id(s) but the source runs with parallelism 4")
                .hasMessageContaining("8601-8604");
        assertThatThrownBy(() -> build(source("server-id", "abc"), sink()).serverId(1))
                .hasMessageContaining("is not a server id or a range");
        assertThat(build(source(), sink()).serverId(3)).matches("\\d+-\\d+");
    }

    @Test
    void exactlyOnceNeedsIdempotence() {
        assertThatThrownBy(() -> build(
                        source(),
                        sink("sink.delivery-guarantee", "exactly-once", "properties.enable.idempotence", "false")))
                .hasMessageContaining("exactly-once needs Kafka transactions")
                .hasMessageContaining("at-least-once");
        CaptureJobBuilder ok = build(source(), sink("sink.delivery-guarantee", "exactly-once"));
        assertThat(ok.transactionalIdPrefix()).startsWith("cdclake-capture-");
        assertThat(build(
                                source(),
                                sink("sink.delivery-guarantee", "exactly-once", "sink.transactional-id-prefix", "mine"))
                        .transactionalIdPrefix())
                .isEqualTo("mine");
    }

    @Test
    void contradictoryOrIncompleteOptionsAreNamed() {
        assertThatThrownBy(() -> build(
                        source(
                                "scan.newly-added-table.enabled",
                                "true",
                                "scan.binlog.newly-added-table.enabled",
                                "true"),
                        sink()))
                .hasMessageContaining("cannot both be true");
        assertThatThrownBy(() -> build(source("scan.startup.mode", "specific-offset"), sink()))
                .hasMessageContaining("scan.startup.specific-offset.file");
        assertThatThrownBy(() -> build(source("scan.startup.mode", "timestamp"), sink()))
                .hasMessageContaining("scan.startup.timestamp-millis");
        assertThatThrownBy(() -> CaptureJobBuilder.fromDefinition(
                        new PipelineDefinition(source(), sink(), List.of(Map.of("source-table", "a.b")), Map.of()),
                        "job"))
                .hasMessageContaining("remove the 'transform' block");
        assertThatThrownBy(() -> CaptureJobBuilder.fromDefinition(
                        new PipelineDefinition(
                                source(),
                                sink(),
                                List.of(),
                                List.of(Map.of("source-table", "a.\\.*", "sink-table", "ods.a")),
                                Map.of()),
                        "job"))
                .hasMessageContaining("remove the 'route' block")
                .hasMessageContaining("sink.tableId-to-topic.mapping");
        assertThatThrownBy(() -> build(source("hostnme", "x"), sink())).hasMessageContaining("did you mean 'hostname'");
        assertThatThrownBy(() -> build(source(), sink("sink.tableId-to-topic.mapping", "kafka_test.customers")))
                .hasMessageContaining("is malformed");
        assertThatThrownBy(() -> build(source(), sink("topic", "bad topic!")))
                .hasMessageContaining("not a valid Kafka topic name");
        assertThatThrownBy(() ->
                        build(source("scan.startup.mode", "timestamp", "scan.startup.timestamp-millis", "-1"), sink()))
                .hasMessageContaining("0 or more); it is -1");
        assertThatThrownBy(() ->
                        build(source("scan.incremental.snapshot.chunk.key-column", "kafka_test.customers"), sink()))
                .hasMessageContaining("is malformed");
        Map<String, String> noPassword = source();
        noPassword.remove("password");
        assertThatThrownBy(() -> build(noPassword, sink()))
                .hasMessageContaining("Missing required option 'source.password'");
    }

    /**
     * The binlog stamps changes with whole seconds, and Flink CDC 3.5 emits only changes of seconds after the one it
     * is given: it gets the second before, so that changes committed in the given second are read
     * ({@code StartupModesCaptureTest} shows this against a server).
     */
    @Test
    void timestampStartsWithTheSecondItFallsIn() {
        for (String millis : List.of("1700000000000", "1700000000999")) {
            assertThat(build(source("scan.startup.mode", "timestamp", "scan.startup.timestamp-millis", millis), sink())
                            .startupOptions()
                            .binlogOffset
                            .getTimestampSec())
                    .as(millis)
                    .isEqualTo(1699999999L);
        }
    }
}

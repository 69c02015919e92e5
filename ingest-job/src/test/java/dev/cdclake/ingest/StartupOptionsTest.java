package dev.cdclake.ingest;

import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.events.config.PipelineDefinition;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the source block's startup options are read: the specific-offsets syntax of Flink's Kafka SQL connector, the
 * reset strategy of group-offsets, and the errors for values the job cannot start from. The offsets the job really
 * starts from are checked against a broker in the integration tests ({@code KafkaStartupModesTest}).
 */
class StartupOptionsTest {

    private static IngestJobBuilder builder(Map<String, String> sourceOptions) {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("type", "kafka");
        source.put("properties.bootstrap.servers", "127.0.0.1:9092");
        source.putAll(sourceOptions);
        if (!source.containsKey("topic-pattern")) {
            source.putIfAbsent("topic", "inventory");
        }
        Map<String, String> sink = Map.of(
                "type",
                "paimon",
                "catalog.properties.metastore",
                "filesystem",
                "catalog.properties.warehouse",
                "/tmp/unused-lake");
        return IngestJobBuilder.fromDefinition(new PipelineDefinition(source, sink, List.of(), Map.of()), "test");
    }

    @Test
    void specificOffsetsApplyToEveryListedTopic() {
        assertThat(IngestJobBuilder.specificOffsets("partition:0,offset:3;partition:1,offset:5", List.of("a", "b")))
                .isEqualTo(Map.of(
                        new TopicPartition("a", 0),
                        3L,
                        new TopicPartition("a", 1),
                        5L,
                        new TopicPartition("b", 0),
                        3L,
                        new TopicPartition("b", 1),
                        5L));
        // spaces and a trailing ';' are harmless
        assertThat(IngestJobBuilder.specificOffsets(" partition: 2 , offset: 0 ;", List.of("a")))
                .isEqualTo(Map.of(new TopicPartition("a", 2), 0L));
    }

    @Test
    void malformedSpecificOffsetsNameTheEntryAndTheSyntax() {
        for (String bad : List.of(
                "partition:0",
                "partition:0,offset:x",
                "partition:0,offset:-1",
                "partition:-1,offset:3",
                "partition:0,offset:3,leader:1",
                "offset:3,partition:0",
                "partition:0;offset:3",
                "partition:0,offset:99999999999999999999")) {
            assertThatThrownBy(() -> builder(
                            Map.of("scan.startup.mode", "specific-offsets", "scan.startup.specific-offsets", bad)))
                    .as(bad)
                    .isInstanceOf(PipelineConfigException.class)
                    .hasMessageContaining("source.scan.startup.specific-offsets entry '")
                    .hasMessageContaining("partition:0,offset:42;partition:1,offset:300");
        }
        assertThatThrownBy(() -> builder(Map.of(
                        "scan.startup.mode",
                        "specific-offsets",
                        "scan.startup.specific-offsets",
                        "partition:0,offset:3;partition:0,offset:5")))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("names partition 0 twice");
        assertThatThrownBy(() -> builder(
                        Map.of("scan.startup.mode", "specific-offsets", "scan.startup.specific-offsets", " ; ")))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("is empty");
    }

    @Test
    void specificOffsetsNeedTheOffsetsAndNamedTopics() {
        assertThatThrownBy(() -> builder(Map.of("scan.startup.mode", "specific-offsets")))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("needs source.topic and source.scan.startup.specific-offsets");
        assertThatThrownBy(() -> builder(Map.of(
                        "scan.startup.mode",
                        "specific-offsets",
                        "topic-pattern",
                        "inv.*",
                        "scan.startup.specific-offsets",
                        "partition:0,offset:3")))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("needs source.topic");
    }

    @Test
    void timestampModeNeedsAnEpochMillisecondValue() {
        assertThatThrownBy(() -> builder(Map.of("scan.startup.mode", "timestamp")))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("source.scan.startup.timestamp-millis");
        assertThatThrownBy(
                        () -> builder(Map.of("scan.startup.mode", "timestamp", "scan.startup.timestamp-millis", "-5")))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("got -5");
        assertThatThrownBy(() -> builder(
                        Map.of("scan.startup.mode", "timestamp", "scan.startup.timestamp-millis", "2024-01-01")))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("scan.startup.timestamp-millis");
    }

    @Test
    void groupOffsetsStartEarliestWithoutACommittedOffsetUnlessTheConsumerPropertySaysOtherwise() {
        assertThat(builder(Map.of()).offsets().getAutoOffsetResetStrategy()).isEqualTo(OffsetResetStrategy.EARLIEST);
        assertThat(builder(Map.of("properties.auto.offset.reset", "latest"))
                        .offsets()
                        .getAutoOffsetResetStrategy())
                .isEqualTo(OffsetResetStrategy.LATEST);
        assertThat(builder(Map.of("properties.auto.offset.reset", "NONE"))
                        .offsets()
                        .getAutoOffsetResetStrategy())
                .isEqualTo(OffsetResetStrategy.NONE);
        assertThatThrownBy(() -> builder(Map.of("properties.auto.offset.reset", "smallest")))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("source.properties.auto.offset.reset is 'smallest'")
                .hasMessageContaining("earliest, latest or none");
    }

    @Test
    void otherModesKeepTheirOwnResetStrategy() {
        OffsetsInitializer latest = builder(
                        Map.of("scan.startup.mode", "latest-offset", "properties.auto.offset.reset", "earliest"))
                .offsets();
        assertThat(latest.getAutoOffsetResetStrategy()).isEqualTo(OffsetResetStrategy.LATEST);
    }

    @Test
    void anInvalidTopicPatternIsAConfigurationError() {
        assertThatThrownBy(() -> builder(Map.of("topic-pattern", "inventory_(")))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("source.topic-pattern 'inventory_(' is not a Java regex");
    }
}

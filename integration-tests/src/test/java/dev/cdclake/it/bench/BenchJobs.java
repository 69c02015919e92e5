package dev.cdclake.it.bench;

import dev.cdclake.events.config.PipelineDefinition;
import dev.cdclake.events.config.PipelineDefinitionLoader;
import dev.cdclake.events.config.PlaceholderResolver;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlServer;
import dev.cdclake.it.paimon.PaimonWarehouse;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the benchmark programs share: the capture configuration, the reference's ingest configuration, Kafka end
 * offsets, thread CPU times.
 */
final class BenchJobs {
    private BenchJobs() {}

    /**
     * The reference's {@code pipeline2.yaml} as a user runs it, with only the topic and the catalog (a filesystem
     * warehouse) replaced, plus {@code sinkOptions} and {@code pipeline}.
     */
    static PipelineDefinition pipeline2(
            KafkaServer kafka,
            PaimonWarehouse warehouse,
            String topic,
            Map<String, String> sinkOptions,
            Map<String, String> pipeline)
            throws Exception {
        PipelineDefinition example = PipelineDefinitionLoader.parse(
                Files.readString(Path.of("..", "examples", "pipeline2.yaml")),
                "pipeline2.yaml",
                new PlaceholderResolver(
                        Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()), Map.of(), Map.of()));
        Map<String, String> source = new LinkedHashMap<>(example.source());
        source.put("topic", topic);
        Map<String, String> sink = new LinkedHashMap<>(example.sink());
        sink.keySet().removeIf(k -> k.startsWith("catalog.properties."));
        warehouse.catalogOptions().forEach((k, v) -> sink.put("catalog.properties." + k, v));
        sink.putAll(sinkOptions);
        Map<String, String> options = new LinkedHashMap<>(example.pipeline());
        options.putAll(pipeline);
        return new PipelineDefinition(source, sink, example.transforms(), options);
    }

    /**
     * capture-job reading every table of {@code database} into {@code topic}, without heartbeats (the end offsets then
     * count the changes), plus {@code extraSource} and {@code pipeline}.
     */
    static PipelineDefinition capture(
            MySqlServer mysql,
            KafkaServer kafka,
            String database,
            String topic,
            Map<String, String> extraSource,
            Map<String, String> pipeline) {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("type", "mysql");
        source.put("hostname", mysql.host());
        source.put("port", String.valueOf(mysql.port()));
        source.put("username", mysql.cdcUser());
        source.put("password", mysql.cdcPassword());
        source.put("tables", database + ".\\.*");
        source.putAll(extraSource);
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("type", "kafka");
        sink.put("properties.bootstrap.servers", kafka.bootstrapServers());
        sink.put("topic", topic);
        sink.put("heartbeat.enabled", "false");
        return new PipelineDefinition(source, sink, List.of(), pipeline);
    }

    /** The sum of the topic's end offsets; 0 while the topic does not exist. */
    static long endOffsetSum(Admin admin, String topic) {
        try {
            var partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions();
            Map<TopicPartition, OffsetSpec> specs = partitions.stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            return admin.listOffsets(specs).all().get().values().stream()
                    .mapToLong(info -> info.offset())
                    .sum();
        } catch (Exception notYet) {
            return 0;
        }
    }

    /** "tid name" → user+system ticks (1/100 s) of each thread of this JVM, names with digits folded to # (Linux). */
    static Map<String, Long> threadTicks() {
        Map<String, Long> ticks = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(
                            task.getFileName() + " " + name.replaceAll("[0-9]+", "#"),
                            Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (Exception threadEnded) {
                    // the thread ended while listing
                }
            });
        } catch (Exception notLinux) {
            // no per-thread figures
        }
        return ticks;
    }

    /**
     * The busiest threads of this JVM since {@code start} (a {@link #threadTicks()} taken then) as "name seconds, ...",
     * threads of one name summed (Linux only).
     */
    static String busiestThreads(Map<String, Long> start, int limit) {
        Map<String, Long> byName = new HashMap<>();
        threadTicks()
                .forEach((key, ticks) -> byName.merge(
                        key.substring(key.indexOf(' ') + 1), ticks - start.getOrDefault(key, 0L), Long::sum));
        return byName.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(limit)
                .map(e -> String.format("%s %.1f", e.getKey(), e.getValue() / 100.0))
                .collect(Collectors.joining(", "));
    }
}

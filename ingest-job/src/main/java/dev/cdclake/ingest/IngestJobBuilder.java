package dev.cdclake.ingest;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.events.config.PipelineDefinition;
import dev.cdclake.events.config.PipelineOptions;
import dev.cdclake.events.config.SchemaChangeBehavior;
import dev.cdclake.events.config.ValidatedOptions;
import dev.cdclake.events.health.KafkaProbe;
import dev.cdclake.events.health.OutageGuard;
import dev.cdclake.events.preflight.KafkaPreflight;
import dev.cdclake.events.registry.PublishedSchema;
import dev.cdclake.ingest.KafkaSourceOptions.StartupMode;
import dev.cdclake.ingest.format.ParserSettings;
import dev.cdclake.ingest.format.SourceFormatOptions;
import dev.cdclake.ingest.paimon.PaimonCatalogLoader;
import dev.cdclake.ingest.paimon.PaimonCatalogProbe;
import dev.cdclake.ingest.paimon.PaimonPreflight;
import dev.cdclake.ingest.paimon.PaimonSinkBuilder;
import dev.cdclake.ingest.paimon.PaimonTypes;
import dev.cdclake.ingest.paimon.TableCreationSpec;
import dev.cdclake.ingest.route.RouteRule;
import dev.cdclake.ingest.route.RouteRules;
import dev.cdclake.ingest.source.ChangeEventKafkaDeserializer;
import dev.cdclake.ingest.source.KafkaLag;
import dev.cdclake.ingest.source.KafkaSchemaTopic;
import dev.cdclake.ingest.transform.TransformRule;
import dev.cdclake.ingest.transform.TransformRules;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.paimon.utils.SerializableFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Assembles ingest-job's Flink graph from a validated pipeline definition:
 * {@code KafkaSource (parse in the reader) -> Paimon schema & route -> Paimon writers -> committer}.
 */
public final class IngestJobBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(IngestJobBuilder.class);
    private static final String AUTO_OFFSET_RESET = "auto.offset.reset";
    // digits only: a negative offset would select one of KafkaPartitionSplit's special markers (latest, earliest...)
    private static final Pattern SPECIFIC_OFFSET =
            Pattern.compile("\\s*partition\\s*:\\s*(\\d+)\\s*,\\s*offset\\s*:\\s*(\\d+)\\s*");

    private final ValidatedOptions source;
    private final ValidatedOptions sink;
    private final TransformRules rules;
    private final RouteRules routes;
    private final String jobName;
    private final Duration outageTimeout;
    private final Duration checkpointInterval;
    private final SchemaChangeBehavior schemaChanges;

    private IngestJobBuilder(
            ValidatedOptions source,
            ValidatedOptions sink,
            TransformRules rules,
            RouteRules routes,
            String jobName,
            Duration outageTimeout,
            Duration checkpointInterval,
            SchemaChangeBehavior schemaChanges) {
        this.source = source;
        this.sink = sink;
        this.rules = rules;
        this.routes = routes;
        this.jobName = jobName;
        this.outageTimeout = outageTimeout;
        this.checkpointInterval = checkpointInterval;
        this.schemaChanges = schemaChanges;
    }

    /** Validates every block; configuration errors surface here, before any job runs. */
    public static IngestJobBuilder fromDefinition(PipelineDefinition definition, String jobName) {
        ValidatedOptions source = KafkaSourceOptions.BLOCK.validate(definition.source());
        ValidatedOptions sink = PaimonSinkOptions.BLOCK.validate(definition.sink());
        TransformRules rules = TransformRules.parse(definition.transforms());
        IngestJobBuilder b = new IngestJobBuilder(
                source,
                sink,
                rules,
                RouteRules.parse(definition.routes(), rules),
                jobName,
                PipelineOptions.outageTimeout(definition.pipeline()),
                PipelineOptions.checkpointInterval(definition.pipeline()),
                PipelineOptions.schemaChangeBehavior(definition.pipeline()));
        b.check();
        for (RouteRule rule : b.routes.rules()) {
            LOG.info("Routing with {}", rule);
        }
        return b;
    }

    private void check() {
        if (!"kafka".equalsIgnoreCase(source.get(KafkaSourceOptions.TYPE))) {
            throw new PipelineConfigException(
                    "source.type is '" + source.get(KafkaSourceOptions.TYPE) + "'; ingest-job reads from 'kafka'");
        }
        if (!"paimon".equalsIgnoreCase(sink.get(PaimonSinkOptions.TYPE))) {
            throw new PipelineConfigException(
                    "sink.type is '" + sink.get(PaimonSinkOptions.TYPE) + "'; ingest-job writes to 'paimon'");
        }
        source.getRequired(KafkaSourceOptions.BOOTSTRAP_SERVERS);
        boolean topic = source.contains(KafkaSourceOptions.TOPIC);
        boolean pattern = source.contains(KafkaSourceOptions.TOPIC_PATTERN);
        if (topic == pattern) {
            throw new PipelineConfigException(
                    "Set exactly one of source.topic (one topic, or several separated by ';') "
                            + "and source.topic-pattern (a regex)");
        }
        if (pattern) {
            topicPattern();
        } else if (topics().contains(source.get(SourceFormatOptions.SCHEMA_TOPIC))) {
            throw new PipelineConfigException("source.topic names the schema topic '"
                    + source.get(SourceFormatOptions.SCHEMA_TOPIC)
                    + "' (source.schema.topic), which holds table schemas,"
                    + " not changes: remove it from source.topic");
        }
        if (source.contains(KafkaSourceOptions.DEAD_LETTER_TOPIC) && !source.get(KafkaSourceOptions.IGNORE_ERRORS)) {
            throw new PipelineConfigException("source.ingestion.dead-letter.topic only applies to skipped records: "
                    + "also set source.ingestion.ignore-errors: true");
        }
        offsets();
        if (sink.get(PaimonSinkOptions.COMMIT_THREADS) < 1) {
            throw new PipelineConfigException("sink." + PaimonSinkOptions.COMMIT_THREADS.key() + " is "
                    + sink.get(PaimonSinkOptions.COMMIT_THREADS) + "; write how many tables commit at once, 1 or more"
                    + " (default " + PaimonSinkOptions.COMMIT_THREADS.defaultValue() + ")");
        }
        Map<String, String> catalog = catalogOptions();
        String metastore = catalog.getOrDefault("metastore", "filesystem");
        if (metastore.equals("filesystem") && !catalog.containsKey("warehouse")) {
            throw new PipelineConfigException("sink.catalog.properties.warehouse is required for a filesystem "
                    + "catalog: a path such as /data/lake or file:///data/lake (or set catalog.properties.metastore: "
                    + "rest with uri and warehouse)");
        }
        if (metastore.equals("rest") && (!catalog.containsKey("uri") || !catalog.containsKey("warehouse"))) {
            throw new PipelineConfigException("A REST catalog needs sink.catalog.properties.uri and "
                    + "sink.catalog.properties.warehouse (the catalog name on the server)");
        }
    }

    public ValidatedOptions sourceOptions() {
        return source;
    }

    public ValidatedOptions sinkOptions() {
        return sink;
    }

    public TransformRules transformRules() {
        return rules;
    }

    public RouteRules routeRules() {
        return routes;
    }

    public Map<String, String> catalogOptions() {
        return sink.withPrefix(PaimonSinkOptions.CATALOG_PREFIX);
    }

    /**
     * Checks Kafka and Paimon before any job starts: the brokers answer and accept the credentials, the topics exist
     * and may be read (a pattern that matches nothing is a warning: the job waits for such topics), the catalog
     * answers, its warehouse is usable, and the existing tables agree with the published schemas and transform rules.
     */
    public void preflight() {
        Map<String, String> client = source.withPrefix(KafkaSourceOptions.PROPERTIES_PREFIX);
        String schemaTopic = source.get(SourceFormatOptions.SCHEMA_TOPIC);
        Map<TableId, TableSchema> published = new HashMap<>();
        try (KafkaPreflight kafka = KafkaPreflight.connect("source", client)) {
            if (source.contains(KafkaSourceOptions.TOPIC)) {
                kafka.requireTopics(
                        topics(),
                        AclOperation.READ,
                        "source.topic",
                        "create it, start capture-job first (it creates the topics it writes), or fix source.topic");
            } else {
                List<String> matching = kafka.topicsMatching(dataTopicPattern());
                if (matching.isEmpty()) {
                    LOG.warn(
                            "source.topic-pattern '{}' matches no topic at {} yet; the job reads the topics that "
                                    + "appear (checked every {})",
                            source.get(KafkaSourceOptions.TOPIC_PATTERN),
                            source.get(KafkaSourceOptions.BOOTSTRAP_SERVERS),
                            source.get(KafkaSourceOptions.PARTITION_DISCOVERY_INTERVAL));
                } else {
                    LOG.info("source.topic-pattern matches {}", matching);
                }
            }
            KafkaPreflight.Access schemas =
                    kafka.access(List.of(schemaTopic), AclOperation.READ).get(schemaTopic);
            if (schemas == KafkaPreflight.Access.FORBIDDEN) {
                LOG.warn(
                        "The schema topic '{}' (source.schema.topic) cannot be read with this client's ACLs: records "
                                + "that name a published schema will be bad records (or inferred, with "
                                + "schema.fallback-to-inference.enabled); grant READ and DESCRIBE on it if capture-job "
                                + "publishes schemas",
                        schemaTopic);
            } else if (schemas == KafkaPreflight.Access.ALLOWED) {
                new KafkaSchemaTopic(schemaTopic, client)
                        .readNew(
                                (id, document) -> {
                                    PublishedSchema p = PublishedSchema.parse(document);
                                    // one partition in publishing order: the last schema of a table is its latest
                                    published.put(p.tableId(), p.schema());
                                },
                                source.get(SourceFormatOptions.SCHEMA_WAIT_TIMEOUT));
            }
        }
        PaimonPreflight.check(
                new PaimonCatalogLoader(catalogOptions()), published, rules, routes::sinks, paimonTypes());
    }

    private PaimonTypes paimonTypes() {
        return new PaimonTypes(
                sink.get(PaimonSinkOptions.TIME_MAPPING),
                source.get(SourceFormatOptions.SCHEMA_INFERENCE_WIDEN_TO_STRING),
                schemaChanges);
    }

    /** Adds the pipeline to {@code env}. */
    public DataStreamSink<Void> build(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<ChangeEvent> events = env.fromSource(
                        createSource(), WatermarkStrategy.noWatermarks(), source.get(KafkaSourceOptions.NAME))
                .uid("kafka-source");
        Integer sourceParallelism = source.get(KafkaSourceOptions.PARALLELISM);
        if (sourceParallelism != null) {
            events.setParallelism(sourceParallelism);
        }
        PaimonSinkBuilder paimon = PaimonSinkBuilder.forChangeEvents(events)
                .catalogOptions(catalogOptions())
                .tableOptions(sink.withPrefix(PaimonSinkOptions.TABLE_PREFIX))
                .tableCreationSpecs(creationSpecs(rules))
                .sinkTables(routes::sinks)
                .mergedSinks(routes::mergedSinks)
                .commitUserPrefix(sink.get(PaimonSinkOptions.COMMIT_USER))
                .writerIdleTimeout(sink.get(PaimonSinkOptions.WRITER_IDLE_TIMEOUT))
                .commitThreads(sink.get(PaimonSinkOptions.COMMIT_THREADS))
                .types(paimonTypes())
                .watchSource(new KafkaLag(clientProperties(), groupId()), outageTimeout)
                .outageGuard(new OutageGuard(
                        List.of(
                                new KafkaProbe(clientProperties()),
                                new PaimonCatalogProbe(new PaimonCatalogLoader(catalogOptions()))),
                        outageTimeout,
                        checkpointInterval));
        Integer sinkParallelism = sink.get(PaimonSinkOptions.PARALLELISM);
        if (sinkParallelism != null) {
            paimon.writerParallelism(sinkParallelism);
        }
        return paimon.build();
    }

    public KafkaSource<ChangeEvent> createSource() {
        Properties props = new Properties();
        props.putAll(source.withPrefix(KafkaSourceOptions.PROPERTIES_PREFIX));
        props.put("group.id", groupId());
        // while a broker is away, retry its connection every 10 s at most (Kafka: 1 s), not log every second
        props.putIfAbsent("reconnect.backoff.max.ms", "10000");
        props.put(
                "partition.discovery.interval.ms",
                String.valueOf(source.get(KafkaSourceOptions.PARTITION_DISCOVERY_INTERVAL)
                        .toMillis()));
        KafkaSourceBuilder<ChangeEvent> b = KafkaSource.<ChangeEvent>builder()
                .setBootstrapServers(source.get(KafkaSourceOptions.BOOTSTRAP_SERVERS))
                .setProperties(props)
                .setStartingOffsets(offsets())
                .setDeserializer(createDeserializer());
        if (source.contains(KafkaSourceOptions.TOPIC)) {
            b.setTopics(topics());
        } else {
            b.setTopicPattern(dataTopicPattern());
        }
        return b.build();
    }

    /** The consumer group: {@code properties.group.id}, else one named after the job and its topics. */
    private String groupId() {
        String configured =
                source.withPrefix(KafkaSourceOptions.PROPERTIES_PREFIX).get("group.id");
        return configured != null ? configured : defaultGroupId();
    }

    /** The source's client settings that apply to any client: brokers and security, not the consumer's tuning. */
    private Map<String, String> clientProperties() {
        Map<String, String> client = new HashMap<>(source.withPrefix(KafkaSourceOptions.PROPERTIES_PREFIX));
        // the data consumer's own settings mean nothing to the dead-letter producer and the schema topic's reader
        client.keySet()
                .removeIf(k -> k.startsWith("group.")
                        || k.startsWith("auto.")
                        || k.startsWith("isolation.")
                        || k.startsWith("max.poll")
                        || k.startsWith("fetch.")
                        || k.startsWith("max.partition.fetch")
                        || k.startsWith("enable.auto")
                        || k.startsWith("partition.discovery"));
        return client;
    }

    public ChangeEventKafkaDeserializer createDeserializer() {
        return new ChangeEventKafkaDeserializer(
                ParserSettings.from(source, rules),
                source.get(KafkaSourceOptions.IGNORE_ERRORS),
                source.get(KafkaSourceOptions.ERROR_TOLERANCE_MAX_COUNT),
                source.get(KafkaSourceOptions.DEAD_LETTER_TOPIC),
                clientProperties(),
                schemaChanges.appliesDdl());
    }

    private List<String> topics() {
        return Arrays.stream(source.get(KafkaSourceOptions.TOPIC).split(";"))
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .collect(Collectors.toList());
    }

    private String defaultGroupId() {
        String topics = source.contains(KafkaSourceOptions.TOPIC)
                ? source.get(KafkaSourceOptions.TOPIC)
                : source.get(KafkaSourceOptions.TOPIC_PATTERN);
        return "cdclake-ingest-" + Integer.toHexString((jobName + "|" + topics).hashCode());
    }

    /** {@code topic-pattern} without the schema topic, which is never data whatever the pattern matches. */
    private Pattern dataTopicPattern() {
        return Pattern.compile("(?!" + Pattern.quote(source.get(SourceFormatOptions.SCHEMA_TOPIC)) + "$)(?:"
                + topicPattern().pattern() + ")");
    }

    private Pattern topicPattern() {
        String regex = source.get(KafkaSourceOptions.TOPIC_PATTERN);
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new PipelineConfigException("source.topic-pattern '" + regex + "' is not a Java regex ("
                    + e.getDescription() + " at index " + e.getIndex() + "); e.g. 'inventory_.*' reads every topic "
                    + "whose whole name starts with inventory_");
        }
    }

    OffsetsInitializer offsets() {
        StartupMode mode = source.get(KafkaSourceOptions.SCAN_STARTUP_MODE);
        switch (mode) {
            case EARLIEST_OFFSET:
                return OffsetsInitializer.earliest();
            case LATEST_OFFSET:
                return OffsetsInitializer.latest();
            case GROUP_OFFSETS:
                return OffsetsInitializer.committedOffsets(groupOffsetsReset());
            case TIMESTAMP: {
                Long ts = source.get(KafkaSourceOptions.SCAN_STARTUP_TIMESTAMP_MILLIS);
                if (ts == null || ts < 0) {
                    throw new PipelineConfigException("source.scan.startup.mode: timestamp needs "
                            + "source.scan.startup.timestamp-millis, epoch milliseconds >= 0"
                            + (ts == null ? "" : " (got " + ts + ")"));
                }
                return OffsetsInitializer.timestamp(ts);
            }
            case SPECIFIC_OFFSETS: {
                String spec = source.get(KafkaSourceOptions.SCAN_STARTUP_SPECIFIC_OFFSETS);
                if (spec == null || !source.contains(KafkaSourceOptions.TOPIC)) {
                    throw new PipelineConfigException("source.scan.startup.mode: specific-offsets needs source.topic "
                            + "and source.scan.startup.specific-offsets, e.g. "
                            + "partition:0,offset:42;partition:1,offset:300");
                }
                // unlisted partitions: the group's committed offset, else the earliest (as Flink's Kafka SQL source)
                return OffsetsInitializer.offsets(specificOffsets(spec, topics()), OffsetResetStrategy.EARLIEST);
            }
            default:
                throw new IllegalStateException("Unhandled startup mode " + mode);
        }
    }

    /**
     * Where group-offsets starts a partition the group never committed: {@code properties.auto.offset.reset} as the
     * Kafka consumer reads it, earliest when unset so that a new group skips nothing. KafkaSource overrides the
     * consumer property with the initializer's strategy, so it has to be passed here to be honoured at all.
     */
    private OffsetResetStrategy groupOffsetsReset() {
        String reset = source.withPrefix(KafkaSourceOptions.PROPERTIES_PREFIX).get(AUTO_OFFSET_RESET);
        if (reset == null) {
            return OffsetResetStrategy.EARLIEST;
        }
        switch (reset.trim().toLowerCase(Locale.ROOT)) {
            case "earliest":
                return OffsetResetStrategy.EARLIEST;
            case "latest":
                return OffsetResetStrategy.LATEST;
            case "none":
                return OffsetResetStrategy.NONE;
            default:
                throw new PipelineConfigException("source.properties." + AUTO_OFFSET_RESET + " is '" + reset
                        + "'; write earliest, latest or none (fail when the group has no committed offset)");
        }
    }

    /**
     * Parses {@code partition:0,offset:42;partition:1,offset:300} (Flink's Kafka SQL connector syntax) into offsets of
     * those partitions of every topic in {@code topics}.
     */
    static Map<TopicPartition, Long> specificOffsets(String spec, List<String> topics) {
        Map<Integer, Long> byPartition = new LinkedHashMap<>();
        for (String entry : spec.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            Matcher m = SPECIFIC_OFFSET.matcher(entry);
            if (!m.matches()) {
                throw new PipelineConfigException("source.scan.startup.specific-offsets entry '" + entry.trim()
                        + "' is malformed: write partition:<number>,offset:<number> entries separated by ';', e.g. "
                        + "partition:0,offset:42;partition:1,offset:300");
            }
            int partition;
            long offset;
            try {
                partition = Integer.parseInt(m.group(1));
                offset = Long.parseLong(m.group(2));
            } catch (NumberFormatException e) {
                throw new PipelineConfigException("source.scan.startup.specific-offsets entry '" + entry.trim()
                        + "' has a number out of range; write e.g. partition:0,offset:42;partition:1,offset:300");
            }
            if (byPartition.put(partition, offset) != null) {
                throw new PipelineConfigException("source.scan.startup.specific-offsets names partition " + partition
                        + " twice; give each partition one offset");
            }
        }
        if (byPartition.isEmpty()) {
            throw new PipelineConfigException("source.scan.startup.specific-offsets is empty; write e.g. "
                    + "partition:0,offset:42;partition:1,offset:300");
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        for (String t : topics) {
            byPartition.forEach((partition, offset) -> out.put(new TopicPartition(t, partition), offset));
        }
        return out;
    }

    /** Partition keys, options and description of the first matching transform rule, for tables the job creates. */
    static SerializableFunction<TableId, TableCreationSpec> creationSpecs(TransformRules rules) {
        return id -> {
            TransformRule rule = rules.ruleFor(id);
            return rule == null
                    ? TableCreationSpec.DEFAULT
                    : new TableCreationSpec(rule.partitionKeys(), rule.tableOptions(), rule.description());
        };
    }
}

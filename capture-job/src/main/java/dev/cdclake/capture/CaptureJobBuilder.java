package dev.cdclake.capture;

import dev.cdclake.capture.KafkaSinkOptions.PartitionStrategy;
import dev.cdclake.capture.MySqlSourceOptions.StartupMode;
import dev.cdclake.capture.format.FormatOptions;
import dev.cdclake.capture.format.KeyFormat;
import dev.cdclake.capture.format.RecordSerializers;
import dev.cdclake.capture.preflight.MySqlPreflight;
import dev.cdclake.capture.preflight.MySqlProbe;
import dev.cdclake.capture.sink.ChangeEventToRecord;
import dev.cdclake.capture.sink.HeartbeatFanOut;
import dev.cdclake.capture.sink.SchemaPublisher;
import dev.cdclake.capture.sink.SerializedRecord;
import dev.cdclake.capture.sink.SerializedRecordSchema;
import dev.cdclake.capture.sink.TopicCreator;
import dev.cdclake.capture.sink.TopicPartitions;
import dev.cdclake.capture.sink.TopicRouter;
import dev.cdclake.capture.source.ChangeEventDeserializer;
import dev.cdclake.capture.source.ChunkKeyColumns;
import dev.cdclake.capture.source.MetadataColumn;
import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.TableId;
import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.events.config.PipelineDefinition;
import dev.cdclake.events.config.PipelineOptions;
import dev.cdclake.events.config.ValidatedOptions;
import dev.cdclake.events.health.KafkaProbe;
import dev.cdclake.events.health.OutageGuard;
import dev.cdclake.events.preflight.KafkaPreflight;
import dev.cdclake.events.selector.TableSelector;
import dev.cdclake.events.wire.ValueFormat;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cdc.connectors.mysql.source.HeartbeatingMySqlSource;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSource;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSourceBuilder;
import org.apache.flink.cdc.connectors.mysql.table.StartupOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.acl.AclOperation;

import javax.annotation.Nullable;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Assembles capture-job's Flink graph from a validated pipeline definition:
 * {@code MySqlSource -> serialize (chained) -> [keyBy(table, primary key)] -> KafkaSink}. Each piece is also available
 * on
 * its own for library users and tests.
 */
public final class CaptureJobBuilder {
    /** Debezium defaults throttle the snapshot by polling (500 ms, 2048 records); these keep the readers busy. */
    private static final Map<String, String> DEBEZIUM_DEFAULTS = Map.of(
            "poll.interval.ms", "10",
            "max.batch.size", "8192",
            "max.queue.size", "32768",
            // the MySQL type of each column, so events carry it (unsigned, char lengths, TINYINT(1))
            "column.propagate.source.type", ".*",
            // Debezium's default moves years 0001-0099 to 2001-2069 and 1970-1999; MySQL keeps them as written
            "enable.time.adjuster", "false");

    /** Producer defaults for throughput; every one can be overridden with properties.*. */
    private static final Map<String, String> PRODUCER_DEFAULTS = Map.of(
            "linger.ms", "5",
            "batch.size", "262144",
            "compression.type", "lz4",
            // brokers cap transactions at 15 minutes by default; Flink's sink would ask for an hour
            "transaction.timeout.ms", "900000",
            // while a broker is away, retry its connection every 10 s at most (Kafka: 1 s), not log every second
            "reconnect.backoff.max.ms", "10000");

    private final ValidatedOptions source;
    private final ValidatedOptions sink;
    private final String jobName;
    private final Duration outageTimeout;
    private final Duration checkpointInterval;

    private CaptureJobBuilder(
            ValidatedOptions source,
            ValidatedOptions sink,
            String jobName,
            Duration outageTimeout,
            Duration checkpointInterval) {
        this.source = source;
        this.sink = sink;
        this.jobName = jobName;
        this.outageTimeout = outageTimeout;
        this.checkpointInterval = checkpointInterval;
    }

    /** Validates both blocks of a pipeline definition; every configuration error surfaces here, before any job runs. */
    public static CaptureJobBuilder fromDefinition(PipelineDefinition definition, String jobName) {
        if (!definition.transforms().isEmpty()) {
            throw new PipelineConfigException("capture-job writes changes as they are: remove the 'transform' block "
                    + "(primary keys and projections belong to ingest-job's configuration)");
        }
        if (!definition.routes().isEmpty()) {
            throw new PipelineConfigException("capture-job does not route tables into tables: remove the 'route' "
                    + "block (it belongs to ingest-job's configuration); capture-job routes tables to topics with "
                    + "sink.tableId-to-topic.mapping");
        }
        ValidatedOptions source = MySqlSourceOptions.BLOCK.validate(definition.source());
        ValidatedOptions sink = KafkaSinkOptions.BLOCK.validate(definition.sink());
        CaptureJobBuilder b = new CaptureJobBuilder(
                source,
                sink,
                jobName,
                PipelineOptions.outageTimeout(definition.pipeline()),
                PipelineOptions.checkpointInterval(definition.pipeline()));
        b.check();
        return b;
    }

    private void check() {
        if (!"mysql".equalsIgnoreCase(source.get(MySqlSourceOptions.TYPE))) {
            throw new PipelineConfigException(
                    "source.type is '" + source.get(MySqlSourceOptions.TYPE) + "'; capture-job reads from 'mysql'");
        }
        if (!"kafka".equalsIgnoreCase(sink.get(KafkaSinkOptions.TYPE))) {
            throw new PipelineConfigException(
                    "sink.type is '" + sink.get(KafkaSinkOptions.TYPE) + "'; capture-job writes to 'kafka'");
        }
        source.getRequired(MySqlSourceOptions.HOSTNAME);
        source.getRequired(MySqlSourceOptions.USERNAME);
        source.getRequired(MySqlSourceOptions.PASSWORD);
        tables();
        sink.getRequired(KafkaSinkOptions.BOOTSTRAP_SERVERS);
        if (source.get(MySqlSourceOptions.NEWLY_ADDED_TABLE)
                && source.get(MySqlSourceOptions.BINLOG_NEWLY_ADDED_TABLE)) {
            throw new PipelineConfigException("source.scan.newly-added-table.enabled and "
                    + "source.scan.binlog.newly-added-table.enabled cannot both be true: the first snapshots tables "
                    + "added to 'tables' on restart, the second streams tables created while running; pick one");
        }
        startupOptions();
        chunkKeyColumns();
        TopicRouter router = topicRouter();
        if (sink.get(KafkaSinkOptions.SCHEMA_PUBLISH)) {
            String schemaTopic = sink.get(KafkaSinkOptions.SCHEMA_TOPIC);
            TopicRouter.validateTopic(schemaTopic, "sink.schema.topic");
            if (router.names(schemaTopic)) {
                throw new PipelineConfigException("sink.schema.topic '" + schemaTopic + "' is also a data topic of "
                        + "this sink; schemas need a topic of their own (compacted): choose another schema.topic");
            }
        }
        SerializedRecordSchema.parseCustomHeaders(sink.get(KafkaSinkOptions.CUSTOM_HEADER));
        if (sink.get(KafkaSinkOptions.DELIVERY_GUARANTEE) == DeliveryGuarantee.EXACTLY_ONCE
                && "false".equalsIgnoreCase(producerProperties().getProperty("enable.idempotence"))) {
            throw new PipelineConfigException("sink.delivery-guarantee: exactly-once needs Kafka transactions, but "
                    + "properties.enable.idempotence is false (as ApsaraMQ-like brokers require). Use at-least-once "
                    + "with such brokers, or remove properties.enable.idempotence: false");
        }
    }

    public ValidatedOptions sourceOptions() {
        return source;
    }

    public ValidatedOptions sinkOptions() {
        return sink;
    }

    public String jobName() {
        return jobName;
    }

    /** The tables to capture ({@code tables}), without {@code tables.exclude}. */
    public TableSelector tables() {
        return TableSelector.parse(source.getRequired(MySqlSourceOptions.TABLES));
    }

    @Nullable
    public TableSelector excludedTables() {
        String ex = source.get(MySqlSourceOptions.TABLES_EXCLUDE);
        return ex == null ? null : TableSelector.parse(ex);
    }

    public ValueFormat valueFormat() {
        return sink.get(FormatOptions.VALUE_FORMAT);
    }

    public KeyFormat keyFormat() {
        return sink.get(FormatOptions.KEY_FORMAT);
    }

    /**
     * Checks the configured server before any job starts (see {@link MySqlPreflight}): connection, privileges, binlog
     * settings, the captured tables and the start offset.
     */
    public MySqlPreflight.Result preflight() {
        return MySqlPreflight.check(
                source.get(MySqlSourceOptions.HOSTNAME),
                source.get(MySqlSourceOptions.PORT),
                source.get(MySqlSourceOptions.USERNAME),
                source.get(MySqlSourceOptions.PASSWORD),
                source.get(MySqlSourceOptions.CONNECT_TIMEOUT),
                tables(),
                excludedTables(),
                jdbcProperties(),
                startupOptions());
    }

    /**
     * Checks the Kafka cluster before any job starts (see {@link KafkaPreflight}): it answers, accepts the client's
     * credentials and has, or lets the job create, the topics of {@code tables} and the schema topic, with write
     * access where the broker reports ACLs. With {@code createTopics} the missing ones are created now, so that an
     * ingest-job started right after this one finds them.
     */
    public void kafkaPreflight(Collection<TableId> tables, boolean createTopics) {
        Set<String> topics = topicsOf(tables);
        if (sink.get(KafkaSinkOptions.SCHEMA_PUBLISH)) {
            topics.add(sink.get(KafkaSinkOptions.SCHEMA_TOPIC));
        }
        try (KafkaPreflight kafka =
                KafkaPreflight.connect("sink", sink.withPrefix(KafkaSinkOptions.PROPERTIES_PREFIX))) {
            Set<String> missing = kafka.missingTopics(topics, AclOperation.WRITE);
            if (missing.isEmpty()) {
                return;
            }
            TopicCreator creator = topicCreator();
            if (creator != null) {
                Integer replication = sink.get(KafkaSinkOptions.TOPIC_REPLICATION_FACTOR);
                kafka.requireCreatable(
                        missing,
                        Optional.ofNullable(sink.get(KafkaSinkOptions.TOPIC_PARTITIONS)),
                        Optional.ofNullable(replication == null ? null : replication.shortValue()),
                        KafkaSinkOptions.TOPIC_REPLICATION_FACTOR.key());
                if (createTopics) {
                    createTopics(creator, missing);
                }
            } else if (!Boolean.TRUE.equals(kafka.brokersCreateTopics())) {
                throw new PipelineConfigException("sink.topic.create.enabled is false, but the Kafka cluster at "
                        + sink.get(KafkaSinkOptions.BOOTSTRAP_SERVERS) + " has no topic " + String.join(", ", missing)
                        + " and its brokers do not create topics on first write (auto.create.topics.enable): "
                        + "create the topics, or set sink.topic.create.enabled: true");
            }
        }
    }

    private void createTopics(TopicCreator creator, Set<String> topics) {
        String schemaTopic = sink.get(KafkaSinkOptions.SCHEMA_PUBLISH) ? sink.get(KafkaSinkOptions.SCHEMA_TOPIC) : null;
        try (creator) {
            for (String topic : topics) {
                if (topic.equals(schemaTopic)) {
                    creator.ensureCompacted(topic);
                } else {
                    creator.ensureExists(topic);
                }
            }
        }
    }

    /** Adds the pipeline to {@code env}; returns the sink so callers can set uids or parallelism further. */
    public DataStreamSink<SerializedRecord> build(StreamExecutionEnvironment env) {
        return build(env, createSource(env.getParallelism(), null), Map.of());
    }

    /**
     * Builds with a given source; {@code tables} are the captured tables the pre-flight check found with MySQL's
     * estimate of their rows: their topics get heartbeats from the start, and snapshot progress is told against the
     * estimates.
     */
    public DataStreamSink<SerializedRecord> build(
            StreamExecutionEnvironment env, MySqlSource<ChangeEvent> mySqlSource, Map<TableId, Long> tables) {
        Integer sourceParallelism = source.get(MySqlSourceOptions.PARALLELISM);
        Integer sinkParallelism = sink.get(KafkaSinkOptions.PARALLELISM);
        SingleOutputStreamOperator<ChangeEvent> events = env.fromSource(
                        mySqlSource, WatermarkStrategy.noWatermarks(), source.get(MySqlSourceOptions.NAME))
                .uid("mysql-source");
        if (sourceParallelism != null) {
            events.setParallelism(sourceParallelism);
        }
        int effectiveSource = sourceParallelism != null ? sourceParallelism : env.getParallelism();
        int effectiveSink = sinkParallelism != null ? sinkParallelism : env.getParallelism();
        boolean forward = effectiveSource == 1 && effectiveSink == 1;
        SingleOutputStreamOperator<SerializedRecord> records = events.flatMap(
                        createRecordMapper(tables, forward ? 1 : effectiveSink))
                .returns(TypeInformation.of(SerializedRecord.class))
                .name("Serialize " + valueFormat())
                .uid("serialize");
        if (sourceParallelism != null) {
            records.setParallelism(sourceParallelism);
        }
        DataStream<SerializedRecord> toSink = records;
        if (!forward) {
            // one table (all-to-zero) or one partition (hash-by-key), one writer: their order holds at any sink
            // parallelism; a heartbeat's writer hash is the index of the writer it is for
            toSink = records.partitionCustom(new WriterPartitioner(), r -> r.writerHash);
        }
        DataStreamSink<SerializedRecord> out = toSink.sinkTo(createSink())
                .name(sink.get(KafkaSinkOptions.NAME))
                .uid("kafka-sink");
        if (sinkParallelism != null) {
            out.setParallelism(sinkParallelism);
        }
        return out;
    }

    /**
     * The MySQL source; {@code serverTimeZone} overrides the option (the pre-flight check reads the server's). With
     * {@code scan.incremental.snapshot.chunk.key-column} set, this reads the captured tables' columns from the server.
     */
    public MySqlSource<ChangeEvent> createSource(int parallelism, @Nullable String serverTimeZone) {
        TableSelector tables = tables();
        TableSelector excluded = excludedTables();
        String tableRegex = excluded == null
                ? tables.toQualifiedRegex()
                : "(?!(?:" + excluded.toQualifiedRegex() + ")$)(?:" + tables.toQualifiedRegex() + ")";
        ChangeEventDeserializer deserializer = createDeserializer();
        MySqlSourceBuilder<ChangeEvent> b = MySqlSource.<ChangeEvent>builder()
                .hostname(source.get(MySqlSourceOptions.HOSTNAME))
                .port(source.get(MySqlSourceOptions.PORT))
                .username(source.get(MySqlSourceOptions.USERNAME))
                .password(source.get(MySqlSourceOptions.PASSWORD))
                .databaseList(tables.toDatabaseRegex())
                .tableList(tableRegex)
                .serverId(serverId(parallelism))
                .startupOptions(startupOptions())
                .splitSize(source.get(MySqlSourceOptions.CHUNK_SIZE))
                .fetchSize(source.get(MySqlSourceOptions.FETCH_SIZE))
                .connectTimeout(source.get(MySqlSourceOptions.CONNECT_TIMEOUT))
                .connectMaxRetries(source.get(MySqlSourceOptions.CONNECT_MAX_RETRIES))
                .connectionPoolSize(source.get(MySqlSourceOptions.CONNECTION_POOL_SIZE))
                .heartbeatInterval(source.get(MySqlSourceOptions.HEARTBEAT_INTERVAL))
                .scanNewlyAddedTableEnabled(source.get(MySqlSourceOptions.NEWLY_ADDED_TABLE))
                .assignUnboundedChunkFirst(source.get(MySqlSourceOptions.UNBOUNDED_CHUNK_FIRST))
                .includeSchemaChanges(source.get(MySqlSourceOptions.SCHEMA_CHANGE_ENABLED))
                .jdbcProperties(jdbcProperties())
                .debeziumProperties(debeziumProperties())
                .deserializer(deserializer);
        String tz = serverTimeZone != null ? serverTimeZone : source.get(MySqlSourceOptions.SERVER_TIME_ZONE);
        if (tz != null) {
            b.serverTimeZone(tz);
        }
        ChunkKeyColumns chunkKeys = chunkKeyColumns();
        if (!chunkKeys.isEmpty()) {
            chunkKeys
                    .resolve(MySqlPreflight.columns(
                            source.get(MySqlSourceOptions.HOSTNAME),
                            source.get(MySqlSourceOptions.PORT),
                            source.get(MySqlSourceOptions.USERNAME),
                            source.get(MySqlSourceOptions.PASSWORD),
                            source.get(MySqlSourceOptions.CONNECT_TIMEOUT),
                            tables,
                            excluded,
                            jdbcProperties()))
                    .forEach(b::chunkKeyColumn);
        }
        return HeartbeatingMySqlSource.of(b.build(), deserializer, sink.get(KafkaSinkOptions.HEARTBEAT));
    }

    public ChangeEventDeserializer createDeserializer() {
        List<MetadataColumn> metadata = source.get(MySqlSourceOptions.METADATA_COLUMNS);
        return new ChangeEventDeserializer(
                source.get(MySqlSourceOptions.TINYINT1_AS_BOOLEAN),
                source.get(MySqlSourceOptions.INCLUDE_COMMENTS),
                metadata == null ? List.of() : metadata,
                tables(),
                excludedTables());
    }

    /**
     * @param tables the tables known before any record arrives (their topics get heartbeats), with their estimated rows
     * @param writers the Kafka writers' parallelism, each of which sends its own heartbeats
     */
    public ChangeEventToRecord createRecordMapper(Map<TableId, Long> tables, int writers) {
        boolean heartbeats = sink.get(KafkaSinkOptions.HEARTBEAT);
        boolean hashByKey = sink.get(KafkaSinkOptions.PARTITION_STRATEGY) == PartitionStrategy.HASH_BY_KEY;
        return new ChangeEventToRecord(
                RecordSerializers.keySerializer(sink),
                RecordSerializers.valueSerializer(sink),
                topicRouter(),
                sink.get(KafkaSinkOptions.PARTITION_STRATEGY),
                topicCreator(),
                schemaPublisher(),
                heartbeats || hashByKey ? new TopicPartitions(adminProperties(), topicsOf(tables.keySet())) : null,
                heartbeats ? new HeartbeatFanOut(writers) : null,
                new OutageGuard(
                        List.of(
                                new MySqlProbe(
                                        source.get(MySqlSourceOptions.HOSTNAME),
                                        source.get(MySqlSourceOptions.PORT),
                                        source.get(MySqlSourceOptions.USERNAME),
                                        source.get(MySqlSourceOptions.PASSWORD),
                                        jdbcProperties()),
                                new KafkaProbe(sink.withPrefix(KafkaSinkOptions.PROPERTIES_PREFIX))),
                        outageTimeout,
                        checkpointInterval),
                tables);
    }

    /** The data topics of {@code tables}. */
    private Set<String> topicsOf(Collection<TableId> tables) {
        TopicRouter router = topicRouter();
        Set<String> topics = new TreeSet<>();
        for (TableId t : tables) {
            topics.add(router.topicOf(t));
        }
        return topics;
    }

    /** Sends a record to writer {@code writerHash mod writers}. */
    private static final class WriterPartitioner implements Partitioner<Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public int partition(Integer writerHash, int writers) {
            return Math.floorMod(writerHash, writers);
        }
    }

    @Nullable
    private TopicCreator topicCreator() {
        return sink.get(KafkaSinkOptions.TOPIC_CREATE)
                ? new TopicCreator(
                        adminProperties(),
                        sink.get(KafkaSinkOptions.TOPIC_PARTITIONS),
                        sink.get(KafkaSinkOptions.TOPIC_REPLICATION_FACTOR))
                : null;
    }

    /** The publisher of table schemas, or null when {@code schema.publish.enabled} is false. */
    @Nullable
    public SchemaPublisher schemaPublisher() {
        if (!sink.get(KafkaSinkOptions.SCHEMA_PUBLISH)) {
            return null;
        }
        Map<String, String> producer = new HashMap<>();
        producerProperties().forEach((k, v) -> producer.put((String) k, (String) v));
        return new SchemaPublisher(sink.get(KafkaSinkOptions.SCHEMA_TOPIC), producer, topicCreator());
    }

    public TopicRouter topicRouter() {
        return TopicRouter.create(sink.get(KafkaSinkOptions.TOPIC), sink.get(KafkaSinkOptions.TABLE_TO_TOPIC_MAPPING));
    }

    public KafkaSink<SerializedRecord> createSink() {
        DeliveryGuarantee guarantee = sink.get(KafkaSinkOptions.DELIVERY_GUARANTEE);
        var b = KafkaSink.<SerializedRecord>builder()
                .setBootstrapServers(sink.get(KafkaSinkOptions.BOOTSTRAP_SERVERS))
                .setKafkaProducerConfig(producerProperties())
                .setRecordSerializer(new SerializedRecordSchema(
                        sink.get(KafkaSinkOptions.ADD_TABLE_ID_HEADERS),
                        SerializedRecordSchema.parseCustomHeaders(sink.get(KafkaSinkOptions.CUSTOM_HEADER))))
                .setDeliveryGuarantee(guarantee);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            b.setTransactionalIdPrefix(transactionalIdPrefix());
        }
        return b.build();
    }

    /** A configured prefix, or one unique per pipeline: job name plus the captured tables, hashed. */
    String transactionalIdPrefix() {
        String configured = sink.get(KafkaSinkOptions.TRANSACTIONAL_ID_PREFIX);
        if (configured != null) {
            return configured;
        }
        String identity = jobName + "|" + source.get(MySqlSourceOptions.HOSTNAME) + ":"
                + source.get(MySqlSourceOptions.PORT) + "|" + source.get(MySqlSourceOptions.TABLES);
        return "cdclake-capture-" + Integer.toHexString(identity.hashCode());
    }

    public Properties producerProperties() {
        Properties p = new Properties();
        p.putAll(PRODUCER_DEFAULTS);
        p.putAll(sink.withPrefix(KafkaSinkOptions.PROPERTIES_PREFIX));
        if ("false".equalsIgnoreCase(p.getProperty("enable.idempotence"))) {
            // without idempotence a retried batch can overtake the next one: one request in flight keeps each key's
            // changes in order (brokers like ApsaraMQ need idempotence off, as the reference configures)
            p.putIfAbsent("max.in.flight.requests.per.connection", "1");
        }
        return p;
    }

    private Map<String, String> adminProperties() {
        Map<String, String> all = sink.withPrefix(KafkaSinkOptions.PROPERTIES_PREFIX);
        Map<String, String> admin = new HashMap<>();
        // security and connection settings apply to the admin client too; producer tuning does not
        all.forEach((k, v) -> {
            if (k.startsWith("bootstrap.")
                    || k.startsWith("security.")
                    || k.startsWith("sasl.")
                    || k.startsWith("ssl.")
                    || k.startsWith("client.")
                    || k.startsWith("request.timeout")) {
                admin.put(k, v);
            }
        });
        return admin;
    }

    private Properties jdbcProperties() {
        Properties p = new Properties();
        if (!source.get(MySqlSourceOptions.TINYINT1_AS_BOOLEAN)) {
            p.put("tinyInt1isBit", "false");
        }
        p.putAll(source.withPrefix(MySqlSourceOptions.JDBC_PROPERTIES_PREFIX));
        return p;
    }

    private Properties debeziumProperties() {
        Properties p = new Properties();
        p.putAll(DEBEZIUM_DEFAULTS);
        if (source.get(MySqlSourceOptions.INCLUDE_COMMENTS)) {
            p.put("include.schema.comments", "true");
        }
        // An idle server sends binlog heartbeats every 0.8 x the keep-alive interval (Debezium's rule; 48 s by
        // default): this makes an idle binlog heartbeat at heartbeat.interval too, not only a busy one.
        p.put(
                "connect.keep.alive.interval.ms",
                String.valueOf(source.get(MySqlSourceOptions.HEARTBEAT_INTERVAL).toMillis() * 5 / 4));
        p.putAll(source.withPrefix(MySqlSourceOptions.DEBEZIUM_PREFIX));
        return p;
    }

    StartupOptions startupOptions() {
        StartupMode mode = source.get(MySqlSourceOptions.SCAN_STARTUP_MODE);
        switch (mode) {
            case INITIAL:
                return StartupOptions.initial();
            case SNAPSHOT:
                return StartupOptions.snapshot();
            case LATEST_OFFSET:
                return StartupOptions.latest();
            case EARLIEST_OFFSET:
                return StartupOptions.earliest();
            case SPECIFIC_OFFSET: {
                String gtid = source.get(MySqlSourceOptions.SCAN_STARTUP_SPECIFIC_OFFSET_GTID_SET);
                String file = source.get(MySqlSourceOptions.SCAN_STARTUP_SPECIFIC_OFFSET_FILE);
                Long pos = source.get(MySqlSourceOptions.SCAN_STARTUP_SPECIFIC_OFFSET_POS);
                if (gtid != null) {
                    return StartupOptions.specificOffset(gtid);
                }
                if (file == null || pos == null) {
                    throw new PipelineConfigException("source.scan.startup.mode: specific-offset needs "
                            + "scan.startup.specific-offset.file and .pos, or scan.startup.specific-offset.gtid-set "
                            + "(see SHOW MASTER STATUS for the current values)");
                }
                return StartupOptions.specificOffset(file, pos);
            }
            case TIMESTAMP: {
                Long ts = source.get(MySqlSourceOptions.SCAN_STARTUP_TIMESTAMP_MILLIS);
                if (ts == null || ts < 0) {
                    throw new PipelineConfigException("source.scan.startup.mode: timestamp needs "
                            + "scan.startup.timestamp-millis (epoch milliseconds, 0 or more)"
                            + (ts == null ? "" : "; it is " + ts));
                }
                // The binlog stamps changes with whole seconds. Flink CDC 3.5 keeps the events of the given second
                // when it seeks, but then emits only those of later seconds: handing it the second before makes the
                // changes committed in the given second appear too.
                return StartupOptions.timestamp((Math.floorDiv(ts, 1000L) - 1) * 1000L);
            }
            default:
                throw new IllegalStateException("Unhandled startup mode " + mode);
        }
    }

    /** The configured id or range; a range must cover the source parallelism. */
    String serverId(int parallelism) {
        Integer configured = source.get(MySqlSourceOptions.PARALLELISM);
        int p = Math.max(1, configured != null ? configured : parallelism);
        String id = source.get(MySqlSourceOptions.SERVER_ID);
        if (id == null) {
            int start = 5400 + ThreadLocalRandom.current().nextInt(1000 - p);
            return p == 1 ? String.valueOf(start) : start + "-" + (start + p - 1);
        }
        String[] range = id.trim().split("-");
        try {
            long first = Long.parseLong(range[0].trim());
            long last = range.length == 2 ? Long.parseLong(range[1].trim()) : first;
            if (range.length > 2 || last < first || first < 1 || last > 4294967295L) {
                throw new NumberFormatException();
            }
            if (last - first + 1 < p) {
                throw new PipelineConfigException("source.server-id " + id + " holds " + (last - first + 1)
                        + " id(s) but the source runs with parallelism " + p + "; every reader needs its own id: use a "
                        + "range such as " + first + "-" + (first + p - 1));
            }
        } catch (NumberFormatException e) {
            throw new PipelineConfigException("source.server-id '" + id + "' is not a server id or a range: write "
                    + "5400 or 5400-5404 (ids between 1 and 4294967295, unique among the server's replicas)");
        }
        return id.trim();
    }

    ChunkKeyColumns chunkKeyColumns() {
        return ChunkKeyColumns.parse(source.get(MySqlSourceOptions.CHUNK_KEY_COLUMN));
    }
}

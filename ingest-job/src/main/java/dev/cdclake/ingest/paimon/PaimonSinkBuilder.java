package dev.cdclake.ingest.paimon;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.TableId;
import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.events.config.PipelineOptions;
import dev.cdclake.events.health.OutageGuard;
import dev.cdclake.events.typeinfo.ChangeEventTypeInfo;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.paimon.catalog.CatalogLoader;
import org.apache.paimon.utils.Preconditions;
import org.apache.paimon.utils.SerializableFunction;

import javax.annotation.Nullable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Assembles the multi-table Paimon sink of a change stream:
 *
 * <pre>
 * input ─(chained)→ "Paimon Schema &amp; Route"  creates/evolves tables, tags each event with its bucket's writer
 *       ─(by writer channel)→ "Paimon Writer" × parallelism   one TableWrite per table, flush before each barrier
 *       ─→ "Paimon Committer" × 1   commits per table when the checkpoint completes
 *       ─→ discarding end
 * </pre>
 *
 * Fixed-bucket ({@code bucket} = N) and dynamic-bucket ({@code bucket} = -1, Paimon's default for primary-key tables)
 * tables are both supported. Exactly-once needs checkpointing; a bounded input also commits at its end (like Paimon:
 * a failure between that commit and the final checkpoint replays the rows after the last checkpoint).
 */
public final class PaimonSinkBuilder {
    static final String DEFAULT_UID_PREFIX = "paimon-sink";

    /** Writer channel, event and DDL tag ({@link PaimonChannelRouter}). */
    private static final TupleTypeInfo<Tuple3<Integer, ChangeEvent, String>> ROUTED_TYPE =
            new TupleTypeInfo<>(Types.INT, ChangeEventTypeInfo.INSTANCE, Types.STRING);

    private final DataStream<ChangeEvent> input;
    private CatalogLoader catalogLoader;
    private Map<String, String> tableOptions = Map.of();
    private SerializableFunction<TableId, TableCreationSpec> creationSpecs = id -> TableCreationSpec.DEFAULT;
    private SerializableFunction<TableId, List<TableId>> sinkTables = List::of;
    private SerializableFunction<TableId, List<TableId>> mergedSinks = source -> List.of();
    private String commitUserPrefix = CommitUserState.DEFAULT_PREFIX;

    @Nullable
    private Integer writerParallelism;

    private String uidPrefix = DEFAULT_UID_PREFIX;
    private PaimonTypes types = PaimonTypes.DEFAULT;

    @Nullable
    private SourceLag sourceLag;

    private Duration outageTimeout = Duration.ofMinutes(5);
    private Duration idleTimeout = Duration.ofMinutes(5);
    private int commitThreads = 4;

    @Nullable
    private OutageGuard outageGuard;

    private PaimonSinkBuilder(DataStream<ChangeEvent> input) {
        this.input = Objects.requireNonNull(input, "input");
    }

    public static PaimonSinkBuilder forChangeEvents(DataStream<ChangeEvent> input) {
        return new PaimonSinkBuilder(input);
    }

    /** The catalog, from the options the user wrote under {@code catalog.properties.*}. */
    public PaimonSinkBuilder catalogOptions(Map<String, String> catalogOptions) {
        return catalogLoader(new PaimonCatalogLoader(catalogOptions));
    }

    public PaimonSinkBuilder catalogLoader(CatalogLoader loader) {
        this.catalogLoader = Objects.requireNonNull(loader, "loader");
        return this;
    }

    /** Options of every table the sink creates ({@code table.properties.*}); also size the writers' shared buffer. */
    public PaimonSinkBuilder tableOptions(Map<String, String> options) {
        this.tableOptions = Map.copyOf(options);
        return this;
    }

    /**
     * Per-source-table partition keys, options and comment, used when the sink creates a table: a sink table gets the
     * spec of the source table whose change creates it.
     */
    public PaimonSinkBuilder tableCreationSpecs(SerializableFunction<TableId, TableCreationSpec> specs) {
        this.creationSpecs = Objects.requireNonNull(specs, "specs");
        return this;
    }

    /**
     * The Paimon tables each source table's changes go to (the {@code route} rules); by default its own name. The
     * function may throw {@link IllegalArgumentException} to refuse a table: the job then fails without restarts.
     */
    public PaimonSinkBuilder sinkTables(SerializableFunction<TableId, List<TableId>> routes) {
        this.sinkTables = Objects.requireNonNull(routes, "routes");
        return this;
    }

    /**
     * The sink tables of each source table that other source tables may feed too (a {@code route} that merges
     * shards): the source table's DDL is not applied to them under {@code evolve}, because it does not speak for the
     * other sources. None by default.
     */
    public PaimonSinkBuilder mergedSinks(SerializableFunction<TableId, List<TableId>> merged) {
        this.mergedSinks = Objects.requireNonNull(merged, "merged");
        return this;
    }

    /**
     * Prefix of the Paimon commit user ({@code commit.user}); the job appends a UUID on first start and keeps it in
     * state. Null or blank means {@value CommitUserState#DEFAULT_PREFIX}.
     */
    public PaimonSinkBuilder commitUserPrefix(@Nullable String prefix) {
        this.commitUserPrefix = prefix == null || prefix.isBlank() ? CommitUserState.DEFAULT_PREFIX : prefix;
        return this;
    }

    /** Writer subtasks; default the environment's parallelism. Ideally at most the bucket count of the tables. */
    public PaimonSinkBuilder writerParallelism(int parallelism) {
        Preconditions.checkArgument(
                parallelism > 0, "Paimon writer parallelism must be positive, but is %s", parallelism);
        this.writerParallelism = parallelism;
        return this;
    }

    /**
     * Prefix of the operator uids ({@code <prefix>-router}, {@code -writer}, {@code -committer}, {@code -end}) that
     * savepoints are matched by; set it when one job has several Paimon sinks, never change it for a running job.
     */
    public PaimonSinkBuilder uidPrefix(String prefix) {
        Preconditions.checkArgument(prefix != null && !prefix.isBlank(), "The uid prefix must not be blank");
        this.uidPrefix = prefix;
        return this;
    }

    /** How event column types become Paimon types ({@code type-mapping.time}, widening to STRING). */
    public PaimonSinkBuilder types(PaimonTypes paimonTypes) {
        this.types = Objects.requireNonNull(paimonTypes, "paimonTypes");
        return this;
    }

    /**
     * The source's lag, for each table's {@code kafkaLagRecords}; a source that does not answer for longer than {@code
     * outageTimeout} ends the job ({@link SourceWatch}).
     */
    public PaimonSinkBuilder watchSource(SourceLag lag, Duration outageTimeout) {
        this.sourceLag = Objects.requireNonNull(lag, "lag");
        this.outageTimeout = Objects.requireNonNull(outageTimeout, "outageTimeout");
        return this;
    }

    /**
     * How long a table receives no row before its writer and committer are closed after its last commit; its next row
     * opens them again.
     */
    public PaimonSinkBuilder writerIdleTimeout(Duration timeout) {
        Preconditions.checkArgument(
                timeout != null && !timeout.isNegative(), "The writer idle timeout must be >= 0, but is %s", timeout);
        this.idleTimeout = timeout;
        return this;
    }

    /** How many tables the committer commits at the same time. */
    public PaimonSinkBuilder commitThreads(int threads) {
        Preconditions.checkArgument(threads > 0, "commit.threads must be positive, but is %s", threads);
        this.commitThreads = threads;
        return this;
    }

    /** Ends a job that restarts while a part it depends on stays away ({@link OutageGuard}). */
    public PaimonSinkBuilder outageGuard(OutageGuard guard) {
        this.outageGuard = Objects.requireNonNull(guard, "guard");
        return this;
    }

    /**
     * Refuses checkpoints that do not cut every writer's input at the same change: an emptied table (evolve) is
     * emptied in one checkpoint for all writers, and Paimon's own sink refuses unaligned checkpoints for the same
     * reason. Jobs call it before their pre-flight checks connect anywhere.
     *
     * @throws PipelineConfigException naming the pipeline key to remove
     */
    public static void requireAlignedCheckpoints(StreamExecutionEnvironment env) {
        PipelineOptions.requireAlignedCheckpoints(
                env,
                "the Paimon sink",
                "a dropped or truncated table is emptied in the same checkpoint by every writer");
        if (env.getCheckpointConfig().getCheckpointingConsistencyMode() == CheckpointingMode.AT_LEAST_ONCE) {
            throw new PipelineConfigException("pipeline.execution.checkpointing.mode is AT_LEAST_ONCE, but the Paimon"
                    + " sink needs exactly-once checkpoints, whose barriers are aligned: remove it (Paimon's keys make"
                    + " the lake exactly-once anyway)");
        }
    }

    public DataStreamSink<Void> build() {
        Preconditions.checkArgument(
                catalogLoader != null,
                "The Paimon sink needs a catalog: set sink.catalog.properties.warehouse (filesystem) or"
                        + " sink.catalog.properties.metastore=rest with uri and warehouse");
        StreamExecutionEnvironment env = input.getExecutionEnvironment();
        requireAlignedCheckpoints(env);
        int parallelism = writerParallelism != null ? writerParallelism : env.getParallelism();
        String commitUser = CommitUserState.newCommitUser(commitUserPrefix);
        // the time both the router and the committer tell this job's DDL work from what the lake held before it
        long jobStart = System.currentTimeMillis();
        Map<String, String> options = new LinkedHashMap<>(tableOptions);

        SingleOutputStreamOperator<Tuple3<Integer, ChangeEvent, String>> routed = input.process(
                        new PaimonChannelRouter(
                                catalogLoader,
                                options,
                                creationSpecs,
                                sinkTables,
                                mergedSinks,
                                types,
                                parallelism,
                                idleTimeout,
                                jobStart,
                                outageGuard),
                        ROUTED_TYPE)
                .name("Paimon Schema & Route")
                .uid(uidPrefix + "-router")
                .setParallelism(input.getParallelism());
        SingleOutputStreamOperator<PaimonCommittable> written = routed.partitionCustom(
                        new WriterChannelPartitioner(), new WriterChannel())
                .transform(
                        "Paimon Writer",
                        PaimonCommittableTypeInfo.INSTANCE,
                        new PaimonWriterOperator(catalogLoader, commitUser, options, types, idleTimeout, outageGuard))
                .uid(uidPrefix + "-writer")
                .setParallelism(parallelism);
        SingleOutputStreamOperator<Void> committed = written.transform(
                        "Paimon Committer",
                        Types.VOID,
                        new PaimonCommitterOperator(
                                catalogLoader,
                                commitUser,
                                sourceLag,
                                outageTimeout,
                                idleTimeout,
                                commitThreads,
                                jobStart,
                                outageGuard))
                .uid(uidPrefix + "-committer")
                .setParallelism(1)
                .setMaxParallelism(1);
        return committed
                .sinkTo(new DiscardingSink<>())
                .name("end")
                .uid(uidPrefix + "-end")
                .setParallelism(1);
    }

    /** The writer channel the router chose. */
    private static final class WriterChannel implements KeySelector<Tuple3<Integer, ChangeEvent, String>, Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer getKey(Tuple3<Integer, ChangeEvent, String> routed) {
            return routed.f0;
        }
    }

    /** Sends each event to the writer subtask the router chose. */
    private static final class WriterChannelPartitioner implements Partitioner<Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public int partition(Integer channel, int numPartitions) {
            return channel % numPartitions;
        }
    }
}

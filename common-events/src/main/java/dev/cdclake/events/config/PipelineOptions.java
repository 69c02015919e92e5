package dev.cdclake.events.config;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.ExecutionCheckpointingOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code pipeline} block: {@code name}, {@code parallelism}, and any Flink configuration key (for example
 * {@code execution.checkpointing.interval: 5s}), applied to the job's environment.
 */
public final class PipelineOptions {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineOptions.class);

    public static final ConfigOption<String> NAME =
            ConfigOptions.key("name").stringType().noDefaultValue().withDescription("The Flink job name.");

    public static final ConfigOption<Integer> PARALLELISM = ConfigOptions.key("parallelism")
            .intType()
            .noDefaultValue()
            .withDescription("Default parallelism of the job's operators (the cluster's default when not set).");

    public static final ConfigOption<Duration> OUTAGE_TIMEOUT = ConfigOptions.key("outage.timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(5))
            .withDescription("How long a part the job depends on (Kafka, MySQL, the Paimon catalog) may stay away"
                    + " before the job fails for good, with the cause. Shorter outages heal by themselves: clients"
                    + " retry, or the job restarts from its last checkpoint with backoff, and nothing is lost.");

    public static final ConfigOption<SchemaChangeBehavior> SCHEMA_CHANGE_BEHAVIOR = ConfigOptions.key(
                    "schema.change.behavior")
            .enumType(SchemaChangeBehavior.class)
            .defaultValue(SchemaChangeBehavior.LENIENT)
            .withDescription("ingest-job: what a schema change of a source table does to its Paimon table: lenient"
                    + " (add and widen, never drop), ignore (keep the table as created), exception (fail the job),"
                    + " evolve (rename and drop columns, empty dropped and truncated tables as the DDL did; fail where"
                    + " it cannot) or try_evolve (as evolve, lenient where it cannot). README: Schema changes.");

    /** The {@code pipeline} block: our options, and any Flink configuration key passed to the environment. */
    public static final OptionsBlock BLOCK = OptionsBlock.builder("pipeline", "pipeline")
            .options(List.of(NAME, PARALLELISM, OUTAGE_TIMEOUT, SCHEMA_CHANGE_BEHAVIOR))
            .passThrough(
                    "",
                    "any Flink configuration key, e.g. execution.checkpointing.interval: 5s (checkpoints every"
                            + " 10 s unless set; generic types off), restart-strategy.type, state.backend.type")
            .build();

    /**
     * Checkpointing is on unless the user says otherwise: Kafka offsets, Paimon commits and binlog positions ride on
     * it.
     */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    private static final String METRIC_REPORTER_PREFIX = "metrics.reporter.";

    private static final Class<?>[] FLINK_OPTION_CLASSES = {
        CoreOptions.class,
        org.apache.flink.configuration.PipelineOptions.class,
        ExecutionOptions.class,
        CheckpointingOptions.class,
        ExecutionCheckpointingOptions.class,
        RestartStrategyOptions.class,
        StateBackendOptions.class,
        StateRecoveryOptions.class,
        TaskManagerOptions.class,
        JobManagerOptions.class,
        RestOptions.class,
        MetricOptions.class,
        DeploymentOptions.class
    };

    private PipelineOptions() {}

    /**
     * Validates the pipeline block and turns it into a Flink {@link Configuration}. A key that is neither ours nor a
     * known Flink key fails when it looks like a misspelling of one; other keys are passed to Flink as they are (Flink
     * has more options than any list here) and logged.
     */
    public static Configuration toFlinkConfiguration(Map<String, String> block) {
        Set<String> flinkKeys = knownFlinkKeys();
        Set<String> ours = Set.of(NAME.key(), PARALLELISM.key(), OUTAGE_TIMEOUT.key(), SCHEMA_CHANGE_BEHAVIOR.key());
        Configuration conf = new Configuration();
        for (Map.Entry<String, String> e : block.entrySet()) {
            String key = e.getKey();
            if (ours.contains(key)) {
                continue;
            }
            // a reporter's keys carry the name the user gives it (metrics.reporter.prom.port): no list can hold them
            if (!flinkKeys.contains(key) && !key.startsWith(METRIC_REPORTER_PREFIX)) {
                Set<String> candidates = new TreeSet<>(flinkKeys);
                candidates.addAll(ours);
                String hint = Suggestions.closest(key, candidates);
                if (hint != null || !key.contains(".")) {
                    throw new PipelineConfigException("Unknown option 'pipeline." + key + "'"
                            + (hint != null ? ": did you mean '" + hint + "'?" : "")
                            + " The pipeline block takes name, parallelism and Flink configuration keys such as"
                            + " execution.checkpointing.interval.");
                }
                LOG.warn("pipeline.{} is not a Flink option known to cdclake; passing it to Flink as is", key);
            }
            conf.setString(key, e.getValue());
        }
        ValidatedOptions ours0 = BLOCK.validate(filter(block, ours));
        Integer parallelism = ours0.get(PARALLELISM);
        if (parallelism != null) {
            if (parallelism < 1) {
                throw new PipelineConfigException("pipeline.parallelism must be at least 1, got " + parallelism);
            }
            conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        }
        if (!conf.contains(ExecutionCheckpointingOptions.CHECKPOINTING_INTERVAL)) {
            conf.set(ExecutionCheckpointingOptions.CHECKPOINTING_INTERVAL, DEFAULT_CHECKPOINT_INTERVAL);
        }
        if (!conf.contains(org.apache.flink.configuration.PipelineOptions.GENERIC_TYPES)) {
            // every record type has its own serializer: a Kryo fallback is a bug, not a slow path
            conf.set(org.apache.flink.configuration.PipelineOptions.GENERIC_TYPES, false);
        }
        return conf;
    }

    /**
     * Creates the job's environment (a local MiniCluster from an IDE or {@code java -jar}, the cluster under {@code
     * flink run}).
     */
    public static StreamExecutionEnvironment createEnvironment(Map<String, String> block) {
        return StreamExecutionEnvironment.getExecutionEnvironment(toFlinkConfiguration(block));
    }

    /**
     * Refuses unaligned checkpoints, which complete while records are still in flight between operators: a job whose
     * correctness needs everything before a barrier processed when its checkpoint completes calls this before its
     * pre-flight checks connect anywhere.
     *
     * @param part what needs aligned checkpoints, e.g. "the Paimon sink"
     * @param why why, for the user
     * @throws PipelineConfigException naming the pipeline key to remove
     */
    public static void requireAlignedCheckpoints(StreamExecutionEnvironment env, String part, String why) {
        if (env.getCheckpointConfig().isUnalignedCheckpointsEnabled()) {
            throw new PipelineConfigException("pipeline.execution.checkpointing.unaligned.enabled is true, but " + part
                    + " needs aligned checkpoints (" + why + "): remove it (or set it to false)");
        }
    }

    /** The job's checkpoint interval: {@code execution.checkpointing.interval}, or the default. */
    public static Duration checkpointInterval(Map<String, String> block) {
        return toFlinkConfiguration(block).get(ExecutionCheckpointingOptions.CHECKPOINTING_INTERVAL);
    }

    /** The block's {@code outage.timeout}. */
    public static Duration outageTimeout(Map<String, String> block) {
        Duration timeout =
                BLOCK.validate(filter(block, Set.of(OUTAGE_TIMEOUT.key()))).get(OUTAGE_TIMEOUT);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new PipelineConfigException("pipeline.outage.timeout is " + block.get(OUTAGE_TIMEOUT.key())
                    + "; write a positive duration such as 5 min or 300 s");
        }
        return timeout;
    }

    /**
     * The block's {@code schema.change.behavior}.
     *
     * @throws PipelineConfigException for evolve and try_evolve, with why and what to use
     */
    public static SchemaChangeBehavior schemaChangeBehavior(Map<String, String> block) {
        return BLOCK.validate(filter(block, Set.of(SCHEMA_CHANGE_BEHAVIOR.key())))
                .get(SCHEMA_CHANGE_BEHAVIOR);
    }

    public static String jobName(Map<String, String> block, String defaultName) {
        String name = block.get(NAME.key());
        return name == null || name.isBlank() ? defaultName : name;
    }

    private static Map<String, String> filter(Map<String, String> block, Set<String> keys) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        block.forEach((k, v) -> {
            if (keys.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static Set<String> knownFlinkKeys() {
        Set<String> keys = new TreeSet<>();
        for (Class<?> c : FLINK_OPTION_CLASSES) {
            for (Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
                    try {
                        ConfigOption<?> o = (ConfigOption<?>) f.get(null);
                        keys.add(o.key());
                        for (FallbackKey k : o.fallbackKeys()) {
                            keys.add(k.getKey());
                        }
                    } catch (IllegalAccessException ignored) {
                        // public static fields are readable
                    }
                }
            }
        }
        return keys;
    }
}

package dev.cdclake.capture;

import dev.cdclake.capture.preflight.MySqlPreflight;
import dev.cdclake.events.config.JobLauncher;
import dev.cdclake.events.config.PipelineDefinition;
import dev.cdclake.events.config.PipelineOptions;
import dev.cdclake.events.config.ValidatedOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.List;

/**
 * capture-job's entry point: {@code --config pipeline1.yaml [--secrets FILE] [--set k=v]...}. Runs in a local
 * MiniCluster under {@code java -jar} or an IDE, and on the cluster under {@code flink run}. The MySQL and Kafka
 * pre-flight checks run before the graph is built, also under {@code --dry-run}.
 */
public final class CaptureJob {
    static final String DEFAULT_JOB_NAME = "cdclake capture-job: MySQL to Kafka";

    private CaptureJob() {}

    public static void main(String[] args) throws Exception {
        launcher().main(args);
    }

    public static JobLauncher launcher() {
        return new JobLauncher(
                "capture-job",
                DEFAULT_JOB_NAME,
                List.of(MySqlSourceOptions.BLOCK, KafkaSinkOptions.BLOCK, PipelineOptions.BLOCK),
                CaptureJob::build);
    }

    /**
     * Adds the job to {@code env} as the jar does: validation, the MySQL and Kafka pre-flight checks, the missing
     * topics created, the graph.
     */
    public static void build(PipelineDefinition definition, String jobName, StreamExecutionEnvironment env) {
        build(definition, jobName, env, false);
    }

    /** As {@link #build(PipelineDefinition, String, StreamExecutionEnvironment)}; a dry run creates no topic. */
    static void build(PipelineDefinition definition, String jobName, StreamExecutionEnvironment env, boolean dryRun) {
        CaptureJobBuilder builder = CaptureJobBuilder.fromDefinition(definition, jobName);
        // MySqlSource reads the binlog only after a checkpoint completes once the snapshot is done, so that every
        // snapshot row has reached the Kafka writers before any later change of its key does
        PipelineOptions.requireAlignedCheckpoints(
                env,
                "capture-job",
                "the binlog is read once a checkpoint completes after the snapshot; an unaligned one completes with"
                        + " snapshot rows still in flight, which later changes of the same rows could overtake");
        ValidatedOptions source = builder.sourceOptions();
        MySqlPreflight.Result preflight = builder.preflight();
        builder.kafkaPreflight(preflight.tables, !dryRun);
        String timeZone = source.contains(MySqlSourceOptions.SERVER_TIME_ZONE)
                ? source.get(MySqlSourceOptions.SERVER_TIME_ZONE)
                : preflight.serverTimeZone;
        builder.build(env, builder.createSource(env.getParallelism(), timeZone), preflight.estimatedRows);
    }
}

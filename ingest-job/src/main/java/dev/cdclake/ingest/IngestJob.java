package dev.cdclake.ingest;

import dev.cdclake.events.config.JobLauncher;
import dev.cdclake.events.config.PipelineDefinition;
import dev.cdclake.events.config.PipelineOptions;
import dev.cdclake.ingest.paimon.PaimonSinkBuilder;
import dev.cdclake.ingest.route.RouteOptions;
import dev.cdclake.ingest.transform.TransformOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.List;

/**
 * ingest-job's entry point: {@code --config pipeline2.yaml [--secrets FILE] [--set k=v]...}. Runs in a local
 * MiniCluster under {@code java -jar} or an IDE, and on the cluster under {@code flink run}. The Kafka and Paimon
 * pre-flight checks run before the graph is built, also under {@code --dry-run}.
 */
public final class IngestJob {
    static final String DEFAULT_JOB_NAME = "cdclake ingest-job: Kafka to Paimon";

    private IngestJob() {}

    public static void main(String[] args) throws Exception {
        launcher().main(args);
    }

    public static JobLauncher launcher() {
        return new JobLauncher(
                "ingest-job",
                DEFAULT_JOB_NAME,
                List.of(
                        KafkaSourceOptions.BLOCK,
                        TransformOptions.BLOCK,
                        RouteOptions.BLOCK,
                        PaimonSinkOptions.BLOCK,
                        PipelineOptions.BLOCK),
                (definition, jobName, env, dryRun) -> build(definition, jobName, env));
    }

    /** Adds the job to {@code env} as the jar does: validation, the Kafka and Paimon pre-flight checks, the graph. */
    public static void build(PipelineDefinition definition, String jobName, StreamExecutionEnvironment env) {
        IngestJobBuilder builder = IngestJobBuilder.fromDefinition(definition, jobName);
        PaimonSinkBuilder.requireAlignedCheckpoints(env);
        builder.preflight();
        builder.build(env);
    }
}

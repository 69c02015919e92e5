package dev.cdclake.it.capture;

import dev.cdclake.capture.CaptureJobBuilder;
import dev.cdclake.events.config.PipelineDefinition;
import dev.cdclake.events.config.PipelineDefinitionLoader;
import dev.cdclake.events.config.PipelineOptions;
import dev.cdclake.events.config.PlaceholderResolver;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlServer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import javax.annotation.Nullable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A capture job built exactly as {@code capture-job.jar} builds it, from one of the reference's example YAML files
 * (placeholders resolved to the test servers) plus the overrides a test states, on a local MiniCluster. Defaults for
 * tests: parallelism 1 and a checkpoint every second.
 */
final class CapturePipeline {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    private final Map<String, String> source;
    private final Map<String, String> sink;
    private final List<Map<String, String>> transforms;
    private final Map<String, String> pipeline = new LinkedHashMap<>();

    private CapturePipeline(PipelineDefinition d) {
        this.source = new LinkedHashMap<>(d.source());
        this.sink = new LinkedHashMap<>(d.sink());
        this.transforms = d.transforms();
        pipeline.put("parallelism", "1");
        pipeline.put("execution.checkpointing.interval", "1s");
    }

    /** The example file as a user would run it against {@code mysql} and {@code kafka}. */
    static CapturePipeline fromExample(String example, MySqlServer mysql, KafkaServer kafka) throws Exception {
        Map<String, String> sets = Map.of(
                "secret_values.mysql.hostname", mysql.host(),
                "mysql.port", String.valueOf(mysql.port()),
                "secret_values.mysql.username", mysql.cdcUser(),
                "secret_values.mysql.password", mysql.cdcPassword(),
                "kafka.bootstraps.server", kafka.bootstrapServers());
        return new CapturePipeline(PipelineDefinitionLoader.parse(
                Files.readString(EXAMPLES.resolve(example)),
                example,
                new PlaceholderResolver(sets, Map.of(), Map.of())));
    }

    /** Sets a source option; null removes it. */
    CapturePipeline source(String key, @Nullable String value) {
        put(source, key, value);
        return this;
    }

    /** Sets a sink option; null removes it. */
    CapturePipeline sink(String key, @Nullable String value) {
        put(sink, key, value);
        return this;
    }

    /** Sets a pipeline (Flink configuration) option. */
    CapturePipeline pipeline(String key, String value) {
        pipeline.put(key, value);
        return this;
    }

    PipelineDefinition definition() {
        return new PipelineDefinition(source, sink, transforms, pipeline);
    }

    JobClient start(String jobName) throws Exception {
        return start(jobName, definition());
    }

    /** Starts the job from a savepoint or a retained checkpoint. */
    JobClient startFrom(String jobName, String savepointOrCheckpoint) throws Exception {
        Map<String, String> restored = new LinkedHashMap<>(pipeline);
        restored.put("execution.savepoint.path", savepointOrCheckpoint);
        return start(jobName, new PipelineDefinition(source, sink, transforms, restored));
    }

    private static JobClient start(String jobName, PipelineDefinition d) throws Exception {
        CaptureJobBuilder b = CaptureJobBuilder.fromDefinition(d, jobName);
        StreamExecutionEnvironment env = PipelineOptions.createEnvironment(d.pipeline());
        b.build(env, b.createSource(env.getParallelism(), "UTC"), Map.of());
        return env.executeAsync(jobName);
    }

    /** Stops the job with a canonical savepoint under {@code dir} (sources drain nothing: the binlog is unbounded). */
    static String stopWithSavepoint(JobClient job, Path dir) throws Exception {
        return job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Cancels the job and waits until it has ended, so its last records and checkpoint files are final. */
    static void cancel(JobClient job) throws Exception {
        job.cancel().get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        job.getJobExecutionResult()
                .handle((result, failure) -> null)
                .get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Cancels a job that a test may already have ended, in a finally block. */
    static void cancelQuietly(@Nullable JobClient job) {
        if (job == null) {
            return;
        }
        try {
            cancel(job);
        } catch (Exception e) {
            // already stopped (savepoint) or finished: nothing left to clean up
        }
    }

    private static void put(Map<String, String> block, String key, @Nullable String value) {
        if (value == null) {
            block.remove(key);
        } else {
            block.put(key, value);
        }
    }
}

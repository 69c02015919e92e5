package dev.cdclake.it.e2e;

import dev.cdclake.capture.CaptureJob;
import dev.cdclake.events.config.PipelineDefinition;
import dev.cdclake.events.config.PipelineDefinitionLoader;
import dev.cdclake.events.config.PipelineOptions;
import dev.cdclake.events.config.PlaceholderResolver;
import dev.cdclake.ingest.IngestJob;
import dev.cdclake.it.kafka.KafkaServer;
import dev.cdclake.it.mysql.MySqlServer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A capture or ingest job built exactly as its jar builds it, from the reference's example YAML (placeholders resolved
 * to the test servers) plus the overrides a test states (the capture job with its pre-flight check, which reads the
 * server's time zone), on a local MiniCluster with parallelism 1 and a checkpoint
 * every second. The capture job reads every table of one database into one topic, hash-by-key over 3 partitions; the
 * ingest job reads that topic.
 */
public final class ExamplePipeline {
    private static final Logger LOG = LoggerFactory.getLogger(ExamplePipeline.class);
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);

    private enum Job {
        CAPTURE,
        INGEST
    }

    private final Job job;
    private final Map<String, String> source;
    private final Map<String, String> sink;
    private final List<Map<String, String>> transforms;
    private final List<Map<String, String>> routes;
    private final Map<String, String> pipeline = new LinkedHashMap<>();

    private ExamplePipeline(Job job, PipelineDefinition d) {
        this.job = job;
        this.source = new LinkedHashMap<>(d.source());
        this.sink = new LinkedHashMap<>(d.sink());
        this.transforms = new ArrayList<>(d.transforms());
        this.routes = new ArrayList<>(d.routes());
        pipeline.put("parallelism", "1");
        pipeline.put("execution.checkpointing.interval", "1s");
        // the example's own pipeline block, as written
        pipeline.putAll(d.pipeline());
    }

    /** {@code pipeline1-minimal.yaml} capturing every table of {@code database} into {@code topic}. */
    public static ExamplePipeline capture(MySqlServer mysql, KafkaServer kafka, String database, String topic)
            throws Exception {
        Map<String, String> values = Map.of(
                "secret_values.mysql.hostname", mysql.host(),
                "mysql.port", String.valueOf(mysql.port()),
                "secret_values.mysql.username", mysql.cdcUser(),
                "secret_values.mysql.password", mysql.cdcPassword(),
                "kafka.bootstraps.server", kafka.bootstrapServers());
        return new ExamplePipeline(Job.CAPTURE, load("pipeline1-minimal.yaml", values))
                .source("tables", database + ".\\.*")
                // one server id per job is picked by the job itself; the example's range would collide across tests
                .source("server-id", null)
                .sink("topic", topic)
                .sink("partition.strategy", "hash-by-key")
                .sink("sink.topic.partitions", "3");
    }

    /** {@code pipeline2.yaml} reading {@code topic}; the catalog still needs setting with {@link #catalog}. */
    public static ExamplePipeline ingest(KafkaServer kafka, String topic) throws Exception {
        return ingest("pipeline2.yaml", kafka, topic);
    }

    /** An ingest-job example file of {@code examples/} reading {@code topic}; set the catalog with {@link #catalog}. */
    public static ExamplePipeline ingest(String example, KafkaServer kafka, String topic) throws Exception {
        return new ExamplePipeline(
                        Job.INGEST, load(example, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers())))
                .source("topic", topic);
    }

    private static PipelineDefinition load(String example, Map<String, String> values) throws Exception {
        return PipelineDefinitionLoader.parse(
                Files.readString(EXAMPLES.resolve(example)),
                example,
                new PlaceholderResolver(values, Map.of(), Map.of()));
    }

    /** Sets a source option; null removes it. */
    public ExamplePipeline source(String key, @Nullable String value) {
        put(source, key, value);
        return this;
    }

    /** Sets a sink option; null removes it. */
    public ExamplePipeline sink(String key, @Nullable String value) {
        put(sink, key, value);
        return this;
    }

    /** Replaces every {@code sink.catalog.properties.*} option with {@code catalogOptions}. */
    public ExamplePipeline catalog(Map<String, String> catalogOptions) {
        sink.keySet().removeIf(k -> k.startsWith("catalog.properties."));
        catalogOptions.forEach((k, v) -> sink.put("catalog.properties." + k, v));
        return this;
    }

    /** Drops the example's transform rules. */
    public ExamplePipeline noTransforms() {
        transforms.clear();
        return this;
    }

    /** Adds a transform rule after the example's. */
    public ExamplePipeline transform(Map<String, String> rule) {
        transforms.add(rule);
        return this;
    }

    /** Sets a pipeline (Flink configuration) option. */
    public ExamplePipeline pipeline(String key, String value) {
        pipeline.put(key, value);
        return this;
    }

    public JobClient start(String jobName) throws Exception {
        return start(jobName, pipeline);
    }

    /** Starts the job from a savepoint or a retained checkpoint. */
    public JobClient startFrom(String jobName, String savepoint) throws Exception {
        Map<String, String> restored = new LinkedHashMap<>(pipeline);
        restored.put("execution.savepoint.path", savepoint);
        return start(jobName, restored);
    }

    private JobClient start(String jobName, Map<String, String> pipelineOptions) throws Exception {
        PipelineDefinition d = new PipelineDefinition(source, sink, transforms, routes, pipelineOptions);
        StreamExecutionEnvironment env = PipelineOptions.createEnvironment(d.pipeline());
        if (job == Job.CAPTURE) {
            CaptureJob.build(d, jobName, env);
        } else {
            IngestJob.build(d, jobName, env);
        }
        return env.executeAsync(jobName);
    }

    /** Cancels a job that may already have ended, in a finally block, and waits until it has. */
    public static void cancelQuietly(@Nullable JobClient job) {
        if (job == null) {
            return;
        }
        try {
            job.cancel().get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            job.getJobExecutionResult()
                    .handle((result, failure) -> null)
                    .get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.info("Job {} already ended: {}", job.getJobID(), e.toString());
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

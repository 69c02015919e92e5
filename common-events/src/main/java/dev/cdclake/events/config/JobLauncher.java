package dev.cdclake.events.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line both jobs share: {@code --config FILE [--secrets FILE] [--set k=v]... [--dry-run] [--help]},
 * configuration loading with placeholders, the effective configuration logged once (secrets masked), the environment
 * from the {@code pipeline} block, then run or print the plan. A configuration error ends the program with its message
 * and exit code 2, before any job starts.
 */
public final class JobLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(JobLauncher.class);

    /** Adds a job's graph to the environment; throws {@link PipelineConfigException} for configuration it rejects. */
    @FunctionalInterface
    public interface GraphBuilder {
        void build(PipelineDefinition definition, String jobName, StreamExecutionEnvironment env) throws Exception;
    }

    private final String program;
    private final String defaultJobName;
    private final List<ConfigOption<?>> sourceOptions;
    private final List<ConfigOption<?>> sinkOptions;
    private final Map<String, List<ConfigOption<?>>> prefixedSinkOptions;
    private final GraphBuilder graph;

    /**
     * @param program the program's name in messages, e.g. {@code capture-job}
     * @param sourceOptions the {@code source} options {@code --help} lists
     * @param sinkOptions the {@code sink} options {@code --help} lists
     */
    public JobLauncher(String program, String defaultJobName, List<ConfigOption<?>> sourceOptions,
            List<ConfigOption<?>> sinkOptions, GraphBuilder graph) {
        this(program, defaultJobName, sourceOptions, sinkOptions, Map.of(), graph);
    }

    /**
     * @param prefixedSinkOptions {@code sink} options whose keys are written after a prefix, by prefix (for example
     *     {@code debezium-json.} and the options of that format); {@code --help} lists them with the prefix
     */
    public JobLauncher(String program, String defaultJobName, List<ConfigOption<?>> sourceOptions,
            List<ConfigOption<?>> sinkOptions, Map<String, List<ConfigOption<?>>> prefixedSinkOptions,
            GraphBuilder graph) {
        this.program = program;
        this.defaultJobName = defaultJobName;
        this.sourceOptions = List.copyOf(sourceOptions);
        this.sinkOptions = List.copyOf(sinkOptions);
        this.prefixedSinkOptions = new LinkedHashMap<>(prefixedSinkOptions);
        this.graph = graph;
    }

    /** For {@code main}: exits with code 2 and the message on a configuration error. */
    public void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (PipelineConfigException e) {
            System.err.println(program + ": " + e.getMessage());
            System.exit(2);
        }
    }

    public void run(String[] args) throws Exception {
        JobArguments arguments = JobArguments.parse(args);
        if (arguments.help()) {
            System.out.println(help());
            return;
        }
        PipelineDefinition definition = PipelineDefinitionLoader.load(arguments, System.getenv());
        String jobName = PipelineOptions.jobName(definition.pipeline(), defaultJobName);
        LOG.info("{} configuration:\n{}", jobName, definition.describe());
        StreamExecutionEnvironment env = PipelineOptions.createEnvironment(definition.pipeline());
        graph.build(definition, jobName, env);
        if (arguments.dryRun()) {
            System.out.println(program + " would run '" + jobName + "':\n" + env.getExecutionPlan());
            return;
        }
        env.execute(jobName);
    }

    /** What {@code --help} prints: the usage and every option with its default and description. */
    public String help() {
        StringBuilder sb = new StringBuilder(JobArguments.usage(program)).append("\nsource options:\n");
        appendOptions(sb, "", sourceOptions);
        sb.append("\nsink options:\n");
        appendOptions(sb, "", sinkOptions);
        prefixedSinkOptions.forEach((prefix, options) -> appendOptions(sb, prefix, options));
        return sb.toString();
    }

    private static void appendOptions(StringBuilder sb, String prefix, List<ConfigOption<?>> options) {
        for (ConfigOption<?> o : options) {
            sb.append("  ").append(prefix).append(o.key());
            if (o.hasDefaultValue()) {
                sb.append(" (default ").append(o.defaultValue()).append(')');
            }
            sb.append("\n      ").append(DescriptionText.of(o)).append('\n');
        }
    }
}

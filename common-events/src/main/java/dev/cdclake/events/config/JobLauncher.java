package dev.cdclake.events.config;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.List;

/**
 * The command line both jobs share: {@code --config FILE [--secrets FILE] [--set k=v]... [--dry-run] [--help]},
 * configuration loading with placeholders, the effective configuration logged once (secrets masked), the environment
 * from the {@code pipeline} block, then run or print the plan. A configuration error ends the program with one line
 * naming the key and the fix, and exit code 2, before any job starts.
 */
public final class JobLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(JobLauncher.class);

    /** Exit code of a configuration the job cannot run with. */
    public static final int CONFIGURATION_ERROR = 2;

    /** Adds a job's graph to the environment; throws {@link PipelineConfigException} for configuration it rejects. */
    @FunctionalInterface
    public interface GraphBuilder {
        /**
         * @param dryRun only check and plan: change nothing outside the job (create no topic, no table)
         */
        void build(PipelineDefinition definition, String jobName, StreamExecutionEnvironment env, boolean dryRun)
                throws Exception;
    }

    private final String program;
    private final String defaultJobName;
    private final List<OptionsBlock> blocks;
    private final GraphBuilder graph;

    /**
     * @param program the program's name in messages, e.g. {@code capture-job}
     * @param blocks the blocks the job reads, as {@code --help} lists them
     */
    public JobLauncher(String program, String defaultJobName, List<OptionsBlock> blocks, GraphBuilder graph) {
        this.program = program;
        this.defaultJobName = defaultJobName;
        this.blocks = List.copyOf(blocks);
        this.graph = graph;
    }

    /** For {@code main}: exits with code 2 and the message on a configuration error. */
    public void main(String[] args) throws Exception {
        int code = execute(args, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs the command line; a configuration error is printed to {@code err} as one line, {@code <program>: <message>}.
     *
     * @return 0, or {@link #CONFIGURATION_ERROR}
     */
    public int execute(String[] args, PrintStream err) throws Exception {
        try {
            run(args);
            return 0;
        } catch (PipelineConfigException e) {
            err.println(program + ": " + e.getMessage());
            return CONFIGURATION_ERROR;
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
        graph.build(definition, jobName, env, arguments.dryRun());
        if (arguments.dryRun()) {
            System.out.println(program + " would run '" + jobName + "':\n" + env.getExecutionPlan());
            return;
        }
        env.execute(jobName);
    }

    /** What {@code --help} prints: the usage and every option of every block with its default and description. */
    public String help() {
        StringBuilder sb = new StringBuilder(JobArguments.usage(program));
        for (OptionsBlock b : blocks) {
            sb.append('\n').append(b.help());
        }
        return sb.toString();
    }
}

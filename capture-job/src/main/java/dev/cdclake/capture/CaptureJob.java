package dev.cdclake.capture;

import dev.cdclake.capture.preflight.MySqlPreflight;
import dev.cdclake.events.config.DescriptionText;
import dev.cdclake.events.config.JobArguments;
import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.events.config.PipelineDefinition;
import dev.cdclake.events.config.PipelineDefinitionLoader;
import dev.cdclake.events.config.PipelineOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * capture-job's entry point: {@code --config pipeline1.yaml [--secrets FILE] [--set k=v]...}. Runs in a local
 * MiniCluster under {@code java -jar} or an IDE, and on the cluster under {@code flink run}.
 */
public final class CaptureJob {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureJob.class);
    static final String DEFAULT_JOB_NAME = "cdclake capture-job: MySQL to Kafka";

    private CaptureJob() {}

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (PipelineConfigException e) {
            System.err.println("capture-job: " + e.getMessage());
            System.exit(2);
        }
    }

    static void run(String[] args) throws Exception {
        JobArguments arguments = JobArguments.parse(args);
        if (arguments.help()) {
            System.out.println(JobArguments.usage("capture-job"));
            System.out.println(optionHelp("source", MySqlSourceOptions.all()));
            System.out.println(optionHelp("sink", KafkaSinkOptions.all()));
            return;
        }
        PipelineDefinition definition = PipelineDefinitionLoader.load(arguments, System.getenv());
        String jobName = PipelineOptions.jobName(definition.pipeline(), DEFAULT_JOB_NAME);
        LOG.info("{} configuration:\n{}", jobName, definition.describe());
        CaptureJobBuilder builder = CaptureJobBuilder.fromDefinition(definition, jobName);
        var source = builder.sourceOptions();
        MySqlPreflight.Result preflight = MySqlPreflight.check(
                source.get(MySqlSourceOptions.HOSTNAME), source.get(MySqlSourceOptions.PORT),
                source.get(MySqlSourceOptions.USERNAME), source.get(MySqlSourceOptions.PASSWORD),
                source.get(MySqlSourceOptions.CONNECT_TIMEOUT), builder.tables(), builder.excludedTables(),
                new java.util.Properties());
        String timeZone = source.contains(MySqlSourceOptions.SERVER_TIME_ZONE)
                ? source.get(MySqlSourceOptions.SERVER_TIME_ZONE) : preflight.serverTimeZone;
        StreamExecutionEnvironment env = PipelineOptions.createEnvironment(definition.pipeline());
        builder.build(env, builder.createSource(env.getParallelism(), timeZone));
        if (arguments.dryRun()) {
            System.out.println("capture-job would run '" + jobName + "' over " + preflight.tables.size()
                    + " table(s) " + preflight.tables + ":\n" + env.getExecutionPlan());
            return;
        }
        env.execute(jobName);
    }

    static String optionHelp(String block, List<ConfigOption<?>> options) {
        StringBuilder sb = new StringBuilder(block).append(" options:\n");
        for (ConfigOption<?> o : options) {
            sb.append("  ").append(o.key());
            if (o.hasDefaultValue()) {
                sb.append(" (default ").append(o.defaultValue()).append(')');
            }
            sb.append("\n      ").append(DescriptionText.of(o)).append('\n');
        }
        return sb.toString();
    }
}

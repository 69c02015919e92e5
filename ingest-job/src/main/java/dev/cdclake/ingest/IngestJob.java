package dev.cdclake.ingest;

import dev.cdclake.events.config.DescriptionText;
import dev.cdclake.events.config.JobArguments;
import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.events.config.PipelineDefinition;
import dev.cdclake.events.config.PipelineDefinitionLoader;
import dev.cdclake.events.config.PipelineOptions;
import dev.cdclake.ingest.format.SourceFormatOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * ingest-job's entry point: {@code --config pipeline2.yaml [--secrets FILE] [--set k=v]...}. Runs in a local
 * MiniCluster under {@code java -jar} or an IDE, and on the cluster under {@code flink run}.
 */
public final class IngestJob {
    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);
    static final String DEFAULT_JOB_NAME = "cdclake ingest-job: Kafka to Paimon";

    private IngestJob() {}

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (PipelineConfigException e) {
            System.err.println("ingest-job: " + e.getMessage());
            System.exit(2);
        }
    }

    static void run(String[] args) throws Exception {
        JobArguments arguments = JobArguments.parse(args);
        if (arguments.help()) {
            System.out.println(JobArguments.usage("ingest-job"));
            List<ConfigOption<?>> source = new ArrayList<>(KafkaSourceOptions.all());
            source.addAll(SourceFormatOptions.all());
            System.out.println(optionHelp("source", source));
            System.out.println(optionHelp("sink", PaimonSinkOptions.all()));
            return;
        }
        PipelineDefinition definition = PipelineDefinitionLoader.load(arguments, System.getenv());
        String jobName = PipelineOptions.jobName(definition.pipeline(), DEFAULT_JOB_NAME);
        LOG.info("{} configuration:\n{}", jobName, definition.describe());
        IngestJobBuilder builder = IngestJobBuilder.fromDefinition(definition, jobName);
        StreamExecutionEnvironment env = PipelineOptions.createEnvironment(definition.pipeline());
        builder.build(env);
        if (arguments.dryRun()) {
            System.out.println("ingest-job would run '" + jobName + "':\n" + env.getExecutionPlan());
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

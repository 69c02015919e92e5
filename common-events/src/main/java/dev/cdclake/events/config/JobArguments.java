package dev.cdclake.events.config;

import javax.annotation.Nullable;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Command line of both jobs: {@code --config FILE [--secrets FILE] [--set name=value]... [--help]}. */
public final class JobArguments {
    @Nullable
    private final Path configFile;

    @Nullable
    private final Path secretsFile;

    private final Map<String, String> sets;
    private final boolean help;
    private final boolean dryRun;

    private JobArguments(
            @Nullable Path configFile,
            @Nullable Path secretsFile,
            Map<String, String> sets,
            boolean help,
            boolean dryRun) {
        this.configFile = configFile;
        this.secretsFile = secretsFile;
        this.sets = Collections.unmodifiableMap(sets);
        this.help = help;
        this.dryRun = dryRun;
    }

    public static String usage(String jobName) {
        return "Usage: " + jobName + " --config FILE [--secrets FILE] [--set name=value]... [--dry-run] [--help]\n"
                + "  --config FILE      the pipeline YAML (source, sink, optional transform and pipeline blocks)\n"
                + "  --secrets FILE     values for ${name} placeholders, as YAML (name: value) or .properties\n"
                + "  --set name=value   a value for ${name}; wins over --secrets and environment variables\n"
                + "                     (an environment variable NAME_IN_CAPS with dots as _ is the last resort)\n"
                + "  --dry-run          validate the configuration and print the plan without running the job\n"
                + "  --help             this text\n";
    }

    public static JobArguments parse(String... args) {
        Path config = null;
        Path secrets = null;
        Map<String, String> sets = new LinkedHashMap<>();
        boolean help = false;
        boolean dryRun = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help":
                case "-h":
                    help = true;
                    break;
                case "--dry-run":
                    dryRun = true;
                    break;
                case "--config":
                    config = Path.of(value(args, ++i, a));
                    break;
                case "--secrets":
                    secrets = Path.of(value(args, ++i, a));
                    break;
                case "--set": {
                    String kv = value(args, ++i, a);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new PipelineConfigException("--set expects name=value, got '"
                                + (eq == 0 ? kv : kv.replaceAll("=.*", "=...")) + "'");
                    }
                    sets.put(kv.substring(0, eq).trim(), kv.substring(eq + 1));
                    break;
                }
                default:
                    throw new PipelineConfigException("Unknown argument '" + a + "'.\n" + usage("<job>"));
            }
        }
        if (!help && config == null) {
            throw new PipelineConfigException("--config FILE is required.\n" + usage("<job>"));
        }
        return new JobArguments(config, secrets, sets, help, dryRun);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new PipelineConfigException(flag + " needs a value");
        }
        return args[i];
    }

    public Path configFile() {
        return configFile;
    }

    @Nullable
    public Path secretsFile() {
        return secretsFile;
    }

    public Map<String, String> sets() {
        return sets;
    }

    public boolean help() {
        return help;
    }

    public boolean dryRun() {
        return dryRun;
    }
}

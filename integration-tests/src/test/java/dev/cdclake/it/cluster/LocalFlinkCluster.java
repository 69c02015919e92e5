package dev.cdclake.it.cluster;

import dev.cdclake.it.process.ChildProcess;
import dev.cdclake.it.process.FreePorts;
import dev.cdclake.it.process.LogFiles;
import dev.cdclake.it.process.Poll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real standalone Flink session cluster: a JobManager ({@code StandaloneSessionClusterEntrypoint}) and one
 * TaskManager ({@code TaskManagerRunner}) as two JVMs on free loopback ports, with the memory flags Flink's own
 * {@code BashJavaUtils} computes (as {@code bin/jobmanager.sh} and {@code bin/taskmanager.sh} do), and the flink CLI
 * ({@code CliFrontend}) as a third, short-lived JVM. The classpath is the directory the {@code flink-cluster-classpath}
 * module fills at build time ({@code -Dit.flink.lib}); configuration, logs and temp files live under the given dir.
 */
public final class LocalFlinkCluster implements AutoCloseable {

    public static final String FLINK_LIB_PROPERTY = "it.flink.lib";

    private static final Logger LOG = LoggerFactory.getLogger(LocalFlinkCluster.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final String BASH_JAVA_UTILS_RESULT = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final String TM_REGISTERED = "Successful registration at resource manager";
    private static final Pattern JOB_ID = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");
    private static final Pattern JOB_STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final Pattern VERTEX_STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final Pattern NUM_RESTARTS = Pattern.compile("\"value\"\\s*:\\s*\"(\\d+)\"");
    private static final Pattern COMPLETED_CHECKPOINTS = Pattern.compile("\"completed\"\\s*:\\s*(\\d+)");
    private static final Pattern TASK_MANAGERS = Pattern.compile("\"taskmanagers\"\\s*:\\s*(\\d+)");

    /** What Flink 1.20's default config.yaml passes to every JVM on JDK 17 ({@code env.java.opts.all}). */
    private static final List<String> JDK17_OPTS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final Path dir;
    private final Path lib;
    private final Path conf;
    private final Path logs;
    private final int restPort;
    private final String java =
            Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Nullable
    private ChildProcess jobManager;

    @Nullable
    /** The TaskManager JVMs started and not killed, oldest first. */
    private final List<ChildProcess> taskManagers = new ArrayList<>();

    private int taskManagerStarts;
    private int cliRuns;

    private LocalFlinkCluster(Path dir, Path lib, int restPort) {
        this.dir = dir;
        this.lib = lib;
        this.conf = dir.resolve("conf");
        this.logs = dir.resolve("log");
        this.restPort = restPort;
    }

    /**
     * Starts a JobManager and one TaskManager with {@code slots} slots; returns once the TaskManager has registered.
     *
     * @param extraConfig further config.yaml lines ({@code key: value})
     */
    public static LocalFlinkCluster start(Path dir, int slots, String... extraConfig) {
        long startNanos = System.nanoTime();
        LocalFlinkCluster cluster = new LocalFlinkCluster(dir, flinkLib(), FreePorts.next());
        cluster.writeConfig(slots, extraConfig);
        List<String> jm = cluster.resourceParams("GET_JM_RESOURCE_PARAMS");
        cluster.jobManager = cluster.startJvm(
                "flink-jobmanager",
                jm,
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                "jobmanager");
        try {
            cluster.startTaskManager();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        LOG.info(
                "Flink session cluster ready in {} ms: rest {}, logs {}",
                (System.nanoTime() - startNanos) / 1_000_000,
                cluster.restUrl(),
                cluster.logs);
        return cluster;
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    public Path logDir() {
        return logs;
    }

    /** {@code flink run -d [cliOptions...] jar args...}; returns the id of the submitted job. */
    public String run(List<String> cliOptions, Path jar, String... args) {
        List<String> cli = new ArrayList<>(List.of("run", "-d"));
        cli.addAll(cliOptions);
        cli.add(jar.toAbsolutePath().toString());
        cli.addAll(Arrays.asList(args));
        String jobId = cliOutputMatch(cli, JOB_ID);
        LOG.info("Submitted {} as job {}", jar.getFileName(), jobId);
        return jobId;
    }

    public String run(Path jar, String... args) {
        return run(List.of(), jar, args);
    }

    /** {@code flink stop --savepointPath dir jobId}; returns the savepoint's path once the job has finished. */
    public String stopWithSavepoint(String jobId, Path savepointDir) {
        String savepoint = cliOutputMatch(
                List.of("stop", "--savepointPath", savepointDir.toUri().toString(), jobId), SAVEPOINT);
        LOG.info("Stopped job {} with savepoint {}", jobId, savepoint);
        return savepoint;
    }

    /** Waits until the job and all of its tasks run (a job RUNNING with tasks still deploying is not enough). */
    public void awaitRunning(String jobId, Duration timeout) {
        Poll.until(
                "job " + jobId + " running on " + restUrl(),
                timeout,
                () -> allTasksRunning(jobId),
                () -> isTerminal(jobState(jobId)) ? "the job ended: " + jobState(jobId) : null);
    }

    /** The job's state as the REST API reports it, e.g. RUNNING, RESTARTING, FINISHED, FAILED. */
    public String jobState(String jobId) {
        Matcher m = JOB_STATE.matcher(get("/jobs/" + jobId));
        return m.find() ? m.group(1) : "UNKNOWN";
    }

    /** How often the job has restarted after failures (the {@code numRestarts} job metric); 0 before it reports. */
    public long numRestarts(String jobId) {
        Matcher m = NUM_RESTARTS.matcher(get("/jobs/" + jobId + "/metrics?get=numRestarts"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** The checkpoints the job has completed so far (REST {@code /jobs/<id>/checkpoints}); 0 before it reports. */
    public long completedCheckpoints(String jobId) {
        Matcher m = COMPLETED_CHECKPOINTS.matcher(get("/jobs/" + jobId + "/checkpoints"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** SIGKILL of the most recently started TaskManager JVM, like a lost machine. */
    public void killTaskManager() {
        if (!taskManagers.isEmpty()) {
            ChildProcess killed = taskManagers.remove(taskManagers.size() - 1);
            killed.kill();
            LOG.info("Killed a TaskManager (pid {})", killed.pid());
        }
    }

    /** Starts one more TaskManager JVM; returns once it has registered at the JobManager. */
    public void startTaskManager() {
        int expected = taskManagers.size() + 1;
        List<String> tm = resourceParams("GET_TM_RESOURCE_PARAMS");
        taskManagerStarts++;
        String name = "taskmanager-" + taskManagerStarts;
        ChildProcess started =
                startJvm("flink-" + name, tm, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", name);
        taskManagers.add(started);
        Path log = logs.resolve(name + ".log");
        Poll.until(
                "the TaskManager to register at " + restUrl(),
                START_TIMEOUT,
                () -> LogFiles.contains(log, TM_REGISTERED) && taskManagerCount() >= expected,
                () -> started.isAlive() && jobManager.isAlive()
                        ? null
                        : "a Flink JVM exited:\n" + started.logTail(20) + "\n" + jobManager.logTail(20));
    }

    /** Whether the JobManager and every TaskManager JVM started (and not killed) are alive. */
    public boolean isRunning() {
        return jobManager != null
                && jobManager.isAlive()
                && !taskManagers.isEmpty()
                && taskManagers.stream().allMatch(ChildProcess::isAlive);
    }

    @Override
    public void close() {
        for (ChildProcess taskManager : taskManagers) {
            taskManager.stop(STOP_GRACE);
        }
        if (jobManager != null) {
            jobManager.stop(STOP_GRACE);
        }
    }

    private boolean allTasksRunning(String jobId) {
        String json = get("/jobs/" + jobId);
        Matcher state = JOB_STATE.matcher(json);
        if (!state.find() || !"RUNNING".equals(state.group(1))) {
            return false;
        }
        // every vertex reports a status of its own; a RUNNING job may still be deploying some of them
        Matcher vertex = VERTEX_STATUS.matcher(json);
        int vertices = 0;
        while (vertex.find()) {
            vertices++;
            if (!"RUNNING".equals(vertex.group(1))) {
                return false;
            }
        }
        return vertices > 0;
    }

    private static boolean isTerminal(String state) {
        return state.equals("FAILED") || state.equals("CANCELED") || state.equals("FINISHED");
    }

    /** The TaskManagers registered at the JobManager, as its REST API reports them; 0 while it does not answer. */
    public int taskManagerCount() {
        Matcher m = TASK_MANAGERS.matcher(get("/overview"));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private String get(String path) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(restUrl() + path))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            return ""; // not up yet: the callers poll
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling " + restUrl() + path, e);
        }
    }

    /** Runs the flink CLI to completion and returns the first group of {@code pattern} in its output. */
    private String cliOutputMatch(List<String> cliArgs, Pattern pattern) {
        cliRuns++;
        Path out = logs.resolve("cli-" + cliRuns + ".out");
        // CliFrontend finds config.yaml through FLINK_CONF_DIR only; env(1) sets it without a shell in between
        List<String> command = new ArrayList<>(List.of("env", "FLINK_CONF_DIR=" + conf, java));
        command.addAll(JDK17_OPTS);
        command.add("-Dlog.file=" + logs.resolve("cli-" + cliRuns + ".log"));
        command.add("-Dlog4j.configurationFile="
                + conf.resolve("log4j-cli.properties").toUri());
        command.add("-cp");
        command.add(lib + "/*");
        command.add("org.apache.flink.client.cli.CliFrontend");
        command.addAll(cliArgs);
        ChildProcess.runToCompletion("flink " + cliArgs.get(0), command, out, CLI_TIMEOUT);
        Matcher m = pattern.matcher(LogFiles.tail(out, 200));
        if (!m.find()) {
            throw new IllegalStateException("flink " + String.join(" ", cliArgs) + " printed no '" + pattern + "', see "
                    + out + ":\n" + LogFiles.tail(out, 30));
        }
        return m.group(1);
    }

    /** The JVM flags (line 1) and -D dynamic properties (line 2) BashJavaUtils computes from config.yaml. */
    private List<String> resourceParams(String command) {
        Path out = logs.resolve("bash-java-utils-" + command + ".out");
        deleteIfExists(out);
        ChildProcess.runToCompletion(
                "flink BashJavaUtils",
                List.of(
                        java,
                        "-cp",
                        lib + "/*",
                        "org.apache.flink.runtime.util.bash.BashJavaUtils",
                        command,
                        "--configDir",
                        conf.toString()),
                out,
                CLI_TIMEOUT);
        List<String> results = new ArrayList<>();
        for (String line : readLines(out)) {
            if (line.startsWith(BASH_JAVA_UTILS_RESULT)) {
                results.add(line.substring(BASH_JAVA_UTILS_RESULT.length()).trim());
            }
        }
        if (results.size() != 2) {
            throw new IllegalStateException("BashJavaUtils " + command + " printed " + results.size()
                    + " result lines instead of 2, see " + out + ":\n" + LogFiles.tail(out, 30));
        }
        return results;
    }

    private ChildProcess startJvm(String name, List<String> resourceParams, String mainClass, String logName) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(Arrays.asList(resourceParams.get(0).split("\\s+")));
        command.addAll(JDK17_OPTS);
        command.add("-Dlog.file=" + logs.resolve(logName + ".log"));
        command.add(
                "-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
        command.add("-cp");
        command.add(lib + "/*");
        command.add(mainClass);
        command.add("--configDir");
        command.add(conf.toString());
        command.addAll(Arrays.asList(resourceParams.get(1).split("\\s+")));
        return ChildProcess.start(name, command, logs.resolve(logName + ".out"));
    }

    private void writeConfig(int slots, String... extraConfig) {
        int rpcPort = FreePorts.next();
        List<String> config = new ArrayList<>(List.of(
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: 127.0.0.1",
                "jobmanager.memory.process.size: 1024m",
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.host: 127.0.0.1",
                "taskmanager.numberOfTaskSlots: " + slots,
                "taskmanager.memory.process.size: 1728m",
                "blob.server.port: " + FreePorts.next(),
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "parallelism.default: 1",
                // a killed TaskManager is noticed in seconds rather than the default 50 s
                "heartbeat.interval: 1000",
                "heartbeat.timeout: 5000",
                "io.tmp.dirs: " + dir.resolve("tmp"),
                "web.tmpdir: " + dir.resolve("tmp")));
        config.addAll(Arrays.asList(extraConfig));
        String log4j = String.join(
                "\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = MainAppender",
                "appender.main.name = MainAppender",
                "appender.main.type = File",
                "appender.main.append = true",
                "appender.main.fileName = ${sys:log.file}",
                "appender.main.layout.type = PatternLayout",
                "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                "logger.kafka.name = org.apache.kafka",
                "logger.kafka.level = WARN",
                "");
        String log4jCli = log4j.replace("rootLogger.level = INFO", "rootLogger.level = WARN");
        try {
            Files.createDirectories(conf);
            Files.createDirectories(logs);
            Files.createDirectories(dir.resolve("tmp"));
            Files.write(conf.resolve("config.yaml"), config, StandardCharsets.UTF_8);
            Files.writeString(conf.resolve("log4j.properties"), log4j, StandardCharsets.UTF_8);
            Files.writeString(conf.resolve("log4j-cli.properties"), log4jCli, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the Flink configuration in " + conf, e);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + file, e);
        }
    }

    /** The lib/ folder of the cluster: {@code -Dit.flink.lib}. */
    static Path flinkLib() {
        String lib = System.getProperty(FLINK_LIB_PROPERTY);
        Path path = lib == null ? null : Paths.get(lib);
        if (path == null || !Files.isDirectory(path)) {
            throw new IllegalStateException(
                    "No Flink cluster classpath: -D" + FLINK_LIB_PROPERTY + " is " + (lib == null ? "unset" : lib)
                            + ". The build sets it to integration-tests/flink-cluster-classpath/target/lib; run the "
                            + "tests through Maven with that module in the reactor (mvn -pl integration-tests -am "
                            + "test), or set it to a directory holding the jars of Flink's lib/ folder.");
        }
        return path;
    }
}

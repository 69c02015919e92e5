package dev.cdclake.it.cluster;

import dev.cdclake.it.process.ChildProcess;
import dev.cdclake.it.process.LogFiles;
import dev.cdclake.it.process.WorkDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two fat jars of each job as {@code mvn package} leaves them. {@code <job>-cluster.jar}, for {@code flink run},
 * holds no class that the Flink 1.20.3 distribution's lib/ holds (the jars {@link LocalFlinkCluster} runs with, from
 * {@code -Dit.flink.lib}); in both jars every {@code META-INF/services} file lists the providers of every artifact
 * shaded in (merged by shade's ServicesResourceTransformer; without it one artifact's file would win) and only
 * classes that exist; the self-contained {@code <job>.jar} starts with {@code java -jar}. A class in two of the
 * artifacts a jar is shaded from fails the job module's own build earlier (enforcer rule ban-duplicate-classes).
 */
class FatJarContentsTest {
    private static final String SERVICES = "META-INF/services/";
    private static final Duration JAVA_JAR_TIMEOUT = Duration.ofSeconds(60);

    @ParameterizedTest
    @ValueSource(strings = {"capture-job", "ingest-job"})
    void clusterJarLeavesOutWhatFlinkProvides(String job) throws IOException {
        Set<String> jar = entries(clusterJar(job));
        Map<String, String> flink = flinkLibClasses();
        Map<String, Long> overlapByLibJar = new TreeMap<>(jar.stream()
                .filter(flink::containsKey)
                .collect(Collectors.groupingBy(flink::get, Collectors.counting())));
        List<String> examples =
                jar.stream().filter(flink::containsKey).sorted().limit(10).collect(Collectors.toList());
        assertThat(overlapByLibJar)
                .as(
                        "classes of %s that Flink's lib/ holds too, by lib jar (e.g. %s): leave their artifact out of "
                                + "the "
                                + "cluster-jar execution's artifactSet in the root pom, or filter them out there with "
                                + "the "
                                + "reason",
                        clusterJar(job), examples)
                .isEmpty();
        // not vacuous: the connectors are inside and Flink's own runtime is not
        assertThat(jar)
                .contains("org/apache/flink/connector/kafka/source/KafkaSource.class")
                .doesNotContain("org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class");
    }

    /** The root pom's reason: every Paimon file opened would parse them again (Paimon 1.3.1). */
    @Test
    void ingestJarsLeaveOutHadoopsMapReduceAndYarnDefaults() throws IOException {
        for (Path jar : List.of(clusterJar("ingest-job"), selfContainedJar("ingest-job"))) {
            assertThat(entries(jar))
                    .as("%s", jar)
                    .contains("core-default.xml", "org/apache/hadoop/conf/Configuration.class")
                    .doesNotContain("mapred-default.xml", "yarn-default.xml");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"capture-job", "ingest-job"})
    void serviceFilesListEveryShadedProvider(String job) throws IOException {
        Set<String> flink = flinkLibClasses().keySet();
        assertServicesMerged(clusterJar(job), flink);
        assertServicesMerged(selfContainedJar(job), Set.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"capture-job", "ingest-job"})
    void selfContainedJarStartsWithJavaJar(String job) {
        Path jar = selfContainedJar(job);
        Path out = WorkDirs.freshDir("fat-jar-" + job).resolve("help.out");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ChildProcess.runToCompletion(
                job + " --help",
                List.of(java, "-jar", jar.toAbsolutePath().toString(), "--help"),
                out,
                JAVA_JAR_TIMEOUT);
        String help = LogFiles.tail(out, 400);
        assertThat(help)
                .contains("Usage: " + job + " --config FILE")
                .contains("source options (type: ")
                .contains("sink options (type: ");
    }

    /**
     * Each service file of the jar lists every provider that a service file of that name on the test classpath (the
     * jobs' dependencies) declares, if the provider's class is in the jar; and each provider it lists exists, in the
     * jar or among {@code providedClasses}.
     */
    private static void assertServicesMerged(Path jarFile, Set<String> providedClasses) throws IOException {
        Set<String> jar = entries(jarFile);
        List<String> services = jar.stream()
                .filter(n -> n.startsWith(SERVICES) && !n.endsWith("/"))
                .collect(Collectors.toList());
        assertThat(services)
                .as("service files in %s", jarFile)
                .contains(SERVICES + "org.apache.flink.table.factories.Factory");
        try (ZipFile zip = new ZipFile(jarFile.toFile())) {
            for (String service : services) {
                Set<String> listed = providers(zip.getInputStream(zip.getEntry(service)));
                Set<String> declared = new TreeSet<>();
                List<URL> sources = Collections.list(
                        FatJarContentsTest.class.getClassLoader().getResources(service));
                for (URL source : sources) {
                    declared.addAll(providers(source.openStream()));
                }
                Set<String> expected = declared.stream()
                        .filter(p -> jar.contains(classFile(p)))
                        .collect(Collectors.toCollection(TreeSet::new));
                assertThat(listed)
                        .as("%s in %s, merged from %s", service, jarFile, sources)
                        .containsAll(expected);
                assertThat(listed.stream()
                                .filter(p -> !jar.contains(classFile(p)) && !providedClasses.contains(classFile(p))))
                        .as("providers in %s of %s whose class is missing", service, jarFile)
                        .isEmpty();
            }
        }
    }

    private static Set<String> providers(InputStream in) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines()
                    .map(line -> line.replaceFirst("#.*", "").trim())
                    .filter(line -> !line.isEmpty())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static String classFile(String className) {
        return className.replace('.', '/') + ".class";
    }

    /** Every class file of the Flink cluster's lib/ jars, with the jar it is in. */
    private static Map<String, String> flinkLibClasses() throws IOException {
        Path lib = LocalFlinkCluster.flinkLib();
        Map<String, String> classes = new TreeMap<>();
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path libJar : jars.filter(p -> p.toString().endsWith(".jar")).collect(Collectors.toList())) {
                for (String entry : entries(libJar)) {
                    if (entry.endsWith(".class")) {
                        classes.putIfAbsent(entry, libJar.getFileName().toString());
                    }
                }
            }
        }
        assertThat(classes)
                .as("classes in Flink's lib/ %s", lib)
                .containsKey("org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class");
        return classes;
    }

    private static Set<String> entries(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(ZipEntry::getName).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + jar, e);
        }
    }

    /** The jar for {@code flink run}; the package phase builds it (`mvn verify` in the reactor). */
    private static Path clusterJar(String job) {
        return existing(Path.of("..", job, "target", job + "-cluster.jar"), job);
    }

    /** The jar for {@code java -jar}. */
    private static Path selfContainedJar(String job) {
        return existing(Path.of("..", job, "target", job + ".jar"), job);
    }

    private static Path existing(Path jar, String job) {
        assertThat(jar)
                .as("%s fat jar; build it with mvn -pl %s -am package", jar, job)
                .isRegularFile();
        return jar;
    }
}

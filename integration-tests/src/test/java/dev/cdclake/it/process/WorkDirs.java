package dev.cdclake.it.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the servers of a test run keep their data and logs: {@code <it.work.dir>/run-<pid>/<service>}, with
 * {@code it.work.dir} set by the build to {@code integration-tests/target/it-work}. The directories of the last run
 * stay for post-mortem reading; those of runs whose JVM has ended are deleted when the next run starts.
 */
public final class WorkDirs {

    public static final String WORK_DIR_PROPERTY = "it.work.dir";

    private static final Logger LOG = LoggerFactory.getLogger(WorkDirs.class);
    private static final String RUN_PREFIX = "run-";

    private static Path runDir;

    private WorkDirs() {}

    /** The root shared by all runs; also holds caches such as unpacked server binaries. */
    public static Path root() {
        return Paths.get(System.getProperty(WORK_DIR_PROPERTY, "target/it-work"))
                .toAbsolutePath()
                .normalize();
    }

    /** The directory of this test run (this JVM). */
    public static synchronized Path runDir() {
        if (runDir == null) {
            Path root = root();
            deleteEndedRuns(root);
            runDir = createDirectories(
                    root.resolve(RUN_PREFIX + ProcessHandle.current().pid()));
            LOG.info("Test servers keep their data and logs under {}", runDir);
        }
        return runDir;
    }

    /** A fresh, empty directory {@code <run dir>/<name>}; its previous content, if any, is deleted. */
    public static Path freshDir(String name) {
        Path dir = runDir().resolve(name);
        deleteRecursively(dir);
        return createDirectories(dir);
    }

    /** A new uniquely named directory {@code <run dir>/<prefix>-<n>}. */
    public static Path newTempDir(String prefix) {
        try {
            return Files.createTempDirectory(runDir(), prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a directory under " + runDir(), e);
        }
    }

    public static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + dir, e);
        }
    }

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(WorkDirs::delete);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + dir, e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + path, e);
        }
    }

    private static void deleteEndedRuns(Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> runs = Files.list(root)) {
            runs.filter(dir -> dir.getFileName().toString().startsWith(RUN_PREFIX))
                    .filter(dir -> !isLiveRun(dir))
                    .forEach(WorkDirs::deleteRecursively);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + root, e);
        }
    }

    private static boolean isLiveRun(Path dir) {
        try {
            long pid = Long.parseLong(dir.getFileName().toString().substring(RUN_PREFIX.length()));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true; // not ours: leave it alone
        }
    }
}

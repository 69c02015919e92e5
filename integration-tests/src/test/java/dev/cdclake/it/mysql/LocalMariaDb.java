package dev.cdclake.it.mysql;

import dev.cdclake.it.process.ChildProcess;
import dev.cdclake.it.process.FreePorts;
import dev.cdclake.it.process.LogFiles;
import dev.cdclake.it.process.Poll;
import dev.cdclake.it.process.WorkDirs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private MariaDB server: a fresh data directory, 127.0.0.1 on a free port, ROW binlog with FULL row images, UTC
 * unless asked otherwise, utf8mb4, and real grant tables (never {@code --skip-grant-tables}), so that the CDC user's
 * privileges are real.
 */
final class LocalMariaDb {

    static final String CDC_USER = "cdc";
    /** Not made of hex digits: WebUiTest looks for it in pages full of random hex ids ("cdc" matched one). */
    static final String CDC_PASSWORD = "cdc-Quokka-pw";

    static final String ADMIN_USER = "admin";
    static final String ADMIN_PASSWORD = "admin";
    static final int SERVER_ID = 1;
    static final String UTC = "+00:00";

    private static final Logger LOG = LoggerFactory.getLogger(LocalMariaDb.class);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** Unix socket paths are limited to 107 bytes. */
    private static final int MAX_SOCKET_PATH = 100;

    /**
     * Runs at every start, as root, before the server accepts connections. Passwords here are throw-away values of a
     * private test server.
     */
    private static final String INIT_SQL = String.join(
            "\n",
            "DELETE FROM mysql.global_priv WHERE User = '';",
            "FLUSH PRIVILEGES;",
            "CREATE USER IF NOT EXISTS '" + CDC_USER + "'@'%' IDENTIFIED BY '" + CDC_PASSWORD + "';",
            "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, LOCK TABLES" + " ON *.* TO '"
                    + CDC_USER + "'@'%';",
            "CREATE USER IF NOT EXISTS '" + ADMIN_USER + "'@'%' IDENTIFIED BY '" + ADMIN_PASSWORD + "';",
            "GRANT ALL PRIVILEGES ON *.* TO '" + ADMIN_USER + "'@'%' WITH GRANT OPTION;",
            "");

    private LocalMariaDb() {}

    static MySqlServer start(Path dir) {
        return start(dir, true, UTC);
    }

    /**
     * @param binlog false starts the server without a binary log, to test what CDC reports then
     * @param timeZone the server's {@code --default-time-zone}: an offset such as {@code +08:00}, because the
     *     private server has no time-zone tables for named zones
     */
    static MySqlServer start(Path dir, boolean binlog, String timeZone) {
        long startNanos = System.nanoTime();
        MariaDbBinaries binaries = MariaDbBinaries.locate();
        Path data = dir.resolve("data");
        Path tmp = dir.resolve("tmp");
        Path errorLog = dir.resolve("mariadbd.err");
        Path initFile = dir.resolve("init.sql");
        try {
            Files.createDirectories(tmp);
            WorkDirs.deleteRecursively(data);
            Files.writeString(initFile, INIT_SQL, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare " + dir, e);
        }
        String user = System.getProperty("user.name");

        copyTree(initialDataDir(binaries, user), data);

        int port = FreePorts.next();
        List<String> server = new ArrayList<>(List.of(binaries.mariadbd.toString(), "--no-defaults"));
        server.addAll(binaries.baseDirArguments());
        server.addAll(List.of(
                "--datadir=" + data,
                "--tmpdir=" + tmp,
                "--user=" + user,
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + socketPath(dir),
                "--pid-file=" + dir.resolve("mariadbd.pid"),
                "--log-error=" + errorLog,
                "--init-file=" + initFile,
                "--skip-name-resolve",
                // MariaDB 11 would generate a 4096-bit RSA certificate at every start (seconds of CPU)
                "--skip-ssl",
                "--server-id=" + SERVER_ID,
                "--default-time-zone=" + timeZone,
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_general_ci",
                "--innodb-log-file-size=8M",
                "--innodb-buffer-pool-size=128M",
                "--max-connections=200"));
        if (binlog) {
            server.addAll(List.of("--log-bin=mysql-bin", "--binlog-format=ROW", "--binlog-row-image=FULL"));
        }
        ChildProcess process = ChildProcess.start("mariadbd", server, dir.resolve("mariadbd.out"));
        MySqlServer mySql = new MySqlServer(
                "127.0.0.1",
                port,
                CDC_USER,
                CDC_PASSWORD,
                ADMIN_USER,
                ADMIN_PASSWORD,
                "MariaDB (" + binaries.origin + ") on 127.0.0.1:" + port + ", pid " + process.pid(),
                () -> process.stop(STOP_GRACE));
        try {
            Poll.until(
                    "mariadbd on 127.0.0.1:" + port + " to accept the admin user",
                    START_TIMEOUT,
                    () -> canConnect(mySql),
                    () -> process.isAlive()
                            ? null
                            : "mariadbd exited, " + errorLog + ":\n" + LogFiles.tail(errorLog, 20));
        } catch (RuntimeException e) {
            process.kill();
            throw e;
        }
        LOG.info(
                "{} ready in {} ms; data {}, error log {}",
                mySql,
                (System.nanoTime() - startNanos) / 1_000_000,
                data,
                errorLog);
        return mySql;
    }

    /**
     * The output of {@code mariadb-install-db} for these binaries, created once and kept under {@code it.work.dir}:
     * copying it is seconds faster than installing a new data directory for every run.
     */
    private static Path initialDataDir(MariaDbBinaries binaries, String user) {
        Path template = WorkDirs.root().resolve("mariadb-initial-datadir-" + binaries.fingerprint());
        if (Files.isDirectory(template)) {
            return template;
        }
        Path staging = WorkDirs.freshDir("mariadb-install");
        Path stagingData = staging.resolve("data");
        List<String> install = new ArrayList<>(List.of(binaries.installDb.toString(), "--no-defaults"));
        install.addAll(binaries.baseDirArguments());
        install.addAll(List.of(
                "--datadir=" + stagingData,
                "--user=" + user,
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                "--skip-name-resolve",
                "--innodb-log-file-size=8M"));
        ChildProcess.runToCompletion("mariadb-install-db", install, staging.resolve("install-db.log"), INSTALL_TIMEOUT);
        try {
            Files.move(stagingData, template, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            LOG.debug("Another run created {} first", template);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the installed data directory as " + template, e);
        }
        WorkDirs.deleteRecursively(staging);
        return template;
    }

    private static void copyTree(Path source, Path target) {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.copy(
                        path, target.resolve(source.relativize(path).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy " + source + " to " + target, e);
        }
    }

    private static boolean canConnect(MySqlServer server) {
        try (Connection ignored = server.adminConnection()) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static Path socketPath(Path dir) {
        Path socket = dir.resolve("mariadbd.sock");
        if (socket.toString().length() <= MAX_SOCKET_PATH) {
            return socket;
        }
        // the directory name keeps the sockets of several servers of one run apart
        String name = "cdclake-mariadbd-" + ProcessHandle.current().pid() + "-" + dir.getFileName() + ".sock";
        return Paths.get(System.getProperty("java.io.tmpdir"), name);
    }
}

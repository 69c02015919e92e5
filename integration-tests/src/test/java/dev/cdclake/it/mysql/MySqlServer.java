package dev.cdclake.it.mysql;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A MySQL-compatible server for tests: a private MariaDB process, an existing server, or a container (see
 * {@link MySqlServers}). It has two accounts: the CDC user with exactly the privileges Flink CDC needs (SELECT,
 * RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, LOCK TABLES on *.*), and an admin user for fixtures.
 */
public final class MySqlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MySqlServer.class);
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_]+");

    private final String host;
    private final int port;
    private final String cdcUser;
    private final String cdcPassword;
    private final String adminUser;
    private final String adminPassword;
    private final String description;
    private final AutoCloseable owner;

    MySqlServer(
            String host,
            int port,
            String cdcUser,
            String cdcPassword,
            String adminUser,
            String adminPassword,
            String description,
            AutoCloseable owner) {
        this.host = host;
        this.port = port;
        this.cdcUser = cdcUser;
        this.cdcPassword = cdcPassword;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.description = description;
        this.owner = owner;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:mysql://host:port}, without credentials or database. */
    public String jdbcUrl() {
        return "jdbc:mysql://" + host + ":" + port;
    }

    public String cdcUser() {
        return cdcUser;
    }

    public String cdcPassword() {
        return cdcPassword;
    }

    public String adminUser() {
        return adminUser;
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** A new connection as the admin user (all privileges); the caller closes it. */
    public Connection adminConnection() throws SQLException {
        return connect(adminUser, adminPassword);
    }

    /** A new connection as the CDC user (read and replication privileges only); the caller closes it. */
    public Connection cdcConnection() throws SQLException {
        return connect(cdcUser, cdcPassword);
    }

    /** Runs each statement as the admin user, in order, with auto-commit. */
    public void execute(String... sql) {
        try (Connection connection = adminConnection();
                Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + description + ": " + e.getMessage(), e);
        }
    }

    /**
     * Drops and re-creates database {@code name} (utf8mb4) and returns its name.
     *
     * @throws IllegalArgumentException when the name needs quoting; use letters, digits and underscores
     */
    public String createDatabase(String name) {
        if (!PLAIN_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "Database name '" + name + "' is not a plain identifier; use letters, digits and '_' only");
        }
        execute("DROP DATABASE IF EXISTS `" + name + "`", "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4");
        return name;
    }

    private Connection connect(String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("useSSL", "false");
        // MySQL 8 caching_sha2_password without TLS needs the server's key
        properties.setProperty("allowPublicKeyRetrieval", "true");
        properties.setProperty("connectTimeout", "5000");
        return DriverManager.getConnection(jdbcUrl() + "/", properties);
    }

    @Override
    public void close() throws Exception {
        LOG.info("Closing {}", description);
        owner.close();
    }

    @Override
    public String toString() {
        return description;
    }
}

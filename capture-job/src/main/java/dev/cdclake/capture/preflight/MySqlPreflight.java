package dev.cdclake.capture.preflight;

import dev.cdclake.events.TableId;
import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.events.selector.TableSelector;
import org.apache.flink.cdc.connectors.mysql.source.offset.BinlogOffset;
import org.apache.flink.cdc.connectors.mysql.table.StartupMode;
import org.apache.flink.cdc.connectors.mysql.table.StartupOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Checks, before the job starts, what would otherwise fail deep inside the running source: the server is reachable,
 * the credentials work, the user has the privileges CDC needs, the binlog is on in ROW format with FULL row images,
 * {@code tables} matches at least one table, and a specific start offset exists on the server. Each failure says what
 * to change.
 */
public final class MySqlPreflight {
    private static final Logger LOG = LoggerFactory.getLogger(MySqlPreflight.class);

    private MySqlPreflight() {}

    /** What the check learned. */
    public static final class Result {
        public final List<TableId> tables;
        /** MySQL's estimate of each captured table's rows ({@code information_schema.tables.table_rows}). */
        public final Map<TableId, Long> estimatedRows;

        public final String serverTimeZone;
        public final String serverVersion;

        Result(Map<TableId, Long> estimatedRows, String serverTimeZone, String serverVersion) {
            this.tables = List.copyOf(estimatedRows.keySet());
            this.estimatedRows = estimatedRows;
            this.serverTimeZone = serverTimeZone;
            this.serverVersion = serverVersion;
        }
    }

    /** The check for a job that starts with a snapshot ({@code scan.startup.mode: initial}). */
    public static Result check(
            String host,
            int port,
            String user,
            String password,
            Duration connectTimeout,
            TableSelector tables,
            @Nullable TableSelector excluded,
            Properties jdbcProperties) {
        return check(
                host, port, user, password, connectTimeout, tables, excluded, jdbcProperties, StartupOptions.initial());
    }

    /** The check, including that the binlog position {@code startup} names can be read from this server. */
    public static Result check(
            String host,
            int port,
            String user,
            String password,
            Duration connectTimeout,
            TableSelector tables,
            @Nullable TableSelector excluded,
            Properties jdbcProperties,
            StartupOptions startup) {
        String where = host + ":" + port;
        try (Connection c = connect(where, user, password, connectTimeout, jdbcProperties);
                Statement st = c.createStatement()) {
            String version = c.getMetaData().getDatabaseProductVersion();
            checkBinlog(st, where);
            checkPrivileges(st, user);
            Map<TableId, Long> matched = matchTables(st, tables, excluded, where);
            checkStartOffset(st, version, startup, where);
            String tz = serverTimeZone(st);
            LOG.info(
                    "Pre-flight check of {} passed: server {}, time zone {}, {} table(s) to capture: {}",
                    where,
                    version,
                    tz,
                    matched.size(),
                    matched.size() > 20 ? new ArrayList<>(matched.keySet()).subList(0, 20) + " ..." : matched.keySet());
            return new Result(matched, tz, version);
        } catch (SQLException e) {
            throw explain(e, where, user);
        }
    }

    /** The column names, in table order, of every base table {@code tables} selects without {@code excluded}. */
    public static Map<TableId, List<String>> columns(
            String host,
            int port,
            String user,
            String password,
            Duration connectTimeout,
            TableSelector tables,
            @Nullable TableSelector excluded,
            Properties jdbcProperties) {
        String where = host + ":" + port;
        Map<TableId, List<String>> columns = new LinkedHashMap<>();
        try (Connection c = connect(where, user, password, connectTimeout, jdbcProperties);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT c.table_schema, c.table_name, c.column_name "
                        + "FROM information_schema.columns c JOIN information_schema.tables t "
                        + "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
                        + "WHERE t.table_type = 'BASE TABLE' AND t.table_schema NOT IN "
                        + "('mysql', 'information_schema', 'performance_schema', 'sys') "
                        + "ORDER BY 1, 2, c.ordinal_position")) {
            while (rs.next()) {
                TableId id = TableId.of(rs.getString(1), rs.getString(2));
                if (selected(id, tables, excluded)) {
                    columns.computeIfAbsent(id, k -> new ArrayList<>()).add(rs.getString(3));
                }
            }
        } catch (SQLException e) {
            throw explain(e, where, user);
        }
        return columns;
    }

    static Connection connect(
            String where, String user, String password, Duration connectTimeout, Properties jdbcProperties)
            throws SQLException {
        Properties p = new Properties();
        p.putAll(jdbcProperties);
        p.put("user", user);
        p.put("password", password);
        p.putIfAbsent("connectTimeout", String.valueOf(connectTimeout.toMillis()));
        p.putIfAbsent("socketTimeout", String.valueOf(Math.max(connectTimeout.toMillis(), 30_000)));
        p.putIfAbsent("useSSL", "false");
        p.putIfAbsent("allowPublicKeyRetrieval", "true");
        return DriverManager.getConnection("jdbc:mysql://" + where + "/", p);
    }

    private static PipelineConfigException explain(SQLException e, String where, String user) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (e.getErrorCode() == 1045 || state.equals("28000")) {
            return new PipelineConfigException("MySQL at " + where + " rejected user '" + user
                    + "' (access denied): check source.username and source.password");
        }
        if (state.startsWith("08")) {
            return new PipelineConfigException("Cannot reach MySQL at " + where + ": " + rootMessage(e)
                    + ". Check source.hostname and source.port, and that the server accepts TCP connections "
                    + "from this machine (raise source.connect.timeout for slow networks)");
        }
        return new PipelineConfigException("Pre-flight check of MySQL at " + where + " failed: " + rootMessage(e), e);
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        String m = r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
        return m.split("\n")[0];
    }

    private static void checkBinlog(Statement st, String where) throws SQLException {
        Map<String, String> vars = new HashMap<>();
        try (ResultSet rs = st.executeQuery(
                "SHOW GLOBAL VARIABLES WHERE Variable_name IN " + "('log_bin', 'binlog_format', 'binlog_row_image')")) {
            while (rs.next()) {
                vars.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
            }
        }
        if (!"ON".equalsIgnoreCase(vars.get("log_bin"))) {
            throw new PipelineConfigException("Binary logging is off on MySQL at " + where + ": start the server with "
                    + "log-bin (e.g. --log-bin=mysql-bin) and a server-id; CDC reads changes from the binlog");
        }
        if (!"ROW".equalsIgnoreCase(vars.get("binlog_format"))) {
            throw new PipelineConfigException("binlog_format is " + vars.get("binlog_format") + " on MySQL at " + where
                    + ": CDC needs ROW. Run SET GLOBAL binlog_format = 'ROW' (and set it in the server configuration)");
        }
        String image = vars.get("binlog_row_image");
        if (image != null && !"FULL".equalsIgnoreCase(image)) {
            throw new PipelineConfigException("binlog_row_image is " + image + " on MySQL at " + where
                    + ": CDC needs FULL before and after images. Run SET GLOBAL binlog_row_image = 'FULL' "
                    + "(and set it in the server configuration)");
        }
    }

    private static void checkPrivileges(Statement st, String user) throws SQLException {
        StringBuilder grants = new StringBuilder();
        try (ResultSet rs = st.executeQuery("SHOW GRANTS FOR CURRENT_USER()")) {
            while (rs.next()) {
                grants.append(rs.getString(1).toUpperCase(Locale.ROOT)).append('\n');
            }
        }
        String g = grants.toString();
        if (g.contains("ALL PRIVILEGES ON *.*")) {
            return;
        }
        List<String> missing = new ArrayList<>();
        String global = globalGrants(g);
        if (!g.contains("SELECT")) {
            missing.add("SELECT");
        }
        if (!global.contains("RELOAD")) {
            missing.add("RELOAD");
        }
        if (!global.contains("SHOW DATABASES")) {
            missing.add("SHOW DATABASES");
        }
        if (!global.contains("REPLICATION SLAVE") && !global.contains("REPLICATION REPLICA")) {
            missing.add("REPLICATION SLAVE");
        }
        // MariaDB 10.5+ renamed REPLICATION CLIENT to BINLOG MONITOR
        if (!global.contains("REPLICATION CLIENT") && !global.contains("BINLOG MONITOR")) {
            missing.add("REPLICATION CLIENT");
        }
        if (!missing.isEmpty()) {
            throw new PipelineConfigException("User '" + user + "' lacks the privilege(s) " + missing
                    + " that CDC needs. Run as an administrator: GRANT " + String.join(", ", missing)
                    + " ON *.* TO '" + user + "'@'%';");
        }
    }

    private static String globalGrants(String grants) {
        StringBuilder sb = new StringBuilder();
        for (String line : grants.split("\n")) {
            if (line.contains(" ON *.* ")) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }

    /** The selected tables, in order, with MySQL's estimate of their rows. */
    private static Map<TableId, Long> matchTables(
            Statement st, TableSelector tables, @Nullable TableSelector excluded, String where) throws SQLException {
        List<TableId> all = new ArrayList<>();
        Map<TableId, Long> matched = new LinkedHashMap<>();
        try (ResultSet rs =
                st.executeQuery("SELECT table_schema, table_name, table_rows FROM information_schema.tables "
                        + "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN "
                        + "('mysql', 'information_schema', 'performance_schema', 'sys') ORDER BY 1, 2")) {
            while (rs.next()) {
                TableId id = TableId.of(rs.getString(1), rs.getString(2));
                all.add(id);
                if (selected(id, tables, excluded)) {
                    long rows = rs.getLong(3);
                    matched.put(id, rs.wasNull() ? -1L : rows);
                }
            }
        }
        if (matched.isEmpty()) {
            throw new PipelineConfigException("source.tables '" + tables.expression() + "'"
                    + (excluded == null ? "" : " without '" + excluded.expression() + "'")
                    + " matches no table on MySQL at " + where + ". Tables the user can see: "
                    + (all.isEmpty()
                            ? "none (check the SELECT privilege)"
                            : all.size() > 30 ? all.subList(0, 30) + " ..." : all.toString())
                    + ". Selectors are database.table regexes, e.g. kafka_test.\\.*");
        }
        return matched;
    }

    private static boolean selected(TableId id, TableSelector tables, @Nullable TableSelector excluded) {
        return tables.matches(id) && (excluded == null || !excluded.matches(id));
    }

    /**
     * A start from a binlog file and position needs that file on the server, else the source fails over and over
     * claiming the binlog "is no longer available". Flink CDC 3.5 reads MySQL GTID sets only: given MariaDB's
     * domain-server-sequence GTIDs it fails the same way.
     */
    private static void checkStartOffset(Statement st, String version, StartupOptions startup, String where)
            throws SQLException {
        if (startup.startupMode != StartupMode.SPECIFIC_OFFSETS) {
            return;
        }
        BinlogOffset offset = startup.binlogOffset;
        if (offset.getGtidSet() != null) {
            if (version.toLowerCase(Locale.ROOT).contains("mariadb")) {
                throw new PipelineConfigException("source.scan.startup.specific-offset.gtid-set is set, but " + where
                        + " is MariaDB (" + version + "): Flink CDC's MySQL connector reads MySQL GTID sets only, not "
                        + "MariaDB's domain-server-sequence GTIDs. Remove gtid-set and start from a binlog file and "
                        + "position instead: scan.startup.specific-offset.file and .pos (SHOW MASTER STATUS)");
            }
            return;
        }
        Map<String, Long> files = new LinkedHashMap<>();
        try (ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                files.put(rs.getString(1), rs.getLong(2));
            }
        }
        Long size = files.get(offset.getFilename());
        if (size == null) {
            throw new PipelineConfigException("source.scan.startup.specific-offset.file '" + offset.getFilename()
                    + "' is not a binlog file of MySQL at " + where + " (purged, or a typo); it has " + files.keySet()
                    + ". Take file and position from SHOW MASTER STATUS, or use scan.startup.mode earliest-offset");
        }
        if (offset.getPosition() > size) {
            throw new PipelineConfigException("source.scan.startup.specific-offset.pos " + offset.getPosition()
                    + " lies beyond the end of " + offset.getFilename() + " (" + size + " bytes) on MySQL at " + where
                    + ". Take file and position from SHOW MASTER STATUS");
        }
    }

    private static String serverTimeZone(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT @@global.time_zone, @@system_time_zone")) {
            rs.next();
            String tz = rs.getString(1);
            if ("SYSTEM".equalsIgnoreCase(tz)) {
                tz = rs.getString(2);
            }
            try {
                return ZoneId.of(tz).getId();
            } catch (DateTimeException e) {
                LOG.warn(
                        "Server time zone '{}' is not a Java zone id; reading TIMESTAMP columns as UTC. "
                                + "Set source.server-time-zone to the server's zone (e.g. Asia/Shanghai)",
                        tz);
                return "UTC";
            }
        }
    }
}

package dev.cdclake.capture;

import dev.cdclake.capture.source.MetadataColumn;
import dev.cdclake.events.config.OptionsBlock;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;
import java.util.List;

/** Options of capture-job's {@code source} block ({@code type: mysql}); names and defaults follow Flink CDC. */
public final class MySqlSourceOptions {
    private MySqlSourceOptions() {}

    public static final String JDBC_PROPERTIES_PREFIX = "jdbc.properties.";
    public static final String DEBEZIUM_PREFIX = "debezium.";

    public static final ConfigOption<String> TYPE = ConfigOptions.key("type")
            .stringType()
            .defaultValue("mysql")
            .withDescription("Source type; capture-job reads only 'mysql' (MySQL or MariaDB with a ROW binlog).");
    public static final ConfigOption<String> NAME = ConfigOptions.key("name")
            .stringType()
            .defaultValue("MySQL Source")
            .withDescription("Name of the source operator in the Flink UI.");
    public static final ConfigOption<String> HOSTNAME = ConfigOptions.key("hostname")
            .stringType()
            .noDefaultValue()
            .withDescription("MySQL server host (required).");
    public static final ConfigOption<Integer> PORT =
            ConfigOptions.key("port").intType().defaultValue(3306).withDescription("MySQL server port.");
    public static final ConfigOption<String> USERNAME = ConfigOptions.key("username")
            .stringType()
            .noDefaultValue()
            .withDescription(
                    "User with SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE and REPLICATION CLIENT (required).");
    public static final ConfigOption<String> PASSWORD = ConfigOptions.key("password")
            .stringType()
            .noDefaultValue()
            .withDescription("Password of the user (required; never printed).");
    public static final ConfigOption<String> TABLES = ConfigOptions.key("tables")
            .stringType()
            .noDefaultValue()
            .withDescription(
                    "Tables to capture: comma-separated database.table regexes, e.g. kafka_test.\\.* (required).");
    public static final ConfigOption<String> TABLES_EXCLUDE = ConfigOptions.key("tables.exclude")
            .stringType()
            .noDefaultValue()
            .withDescription("Tables to leave out of 'tables', same syntax.");
    public static final ConfigOption<String> SERVER_ID = ConfigOptions.key("server-id")
            .stringType()
            .noDefaultValue()
            .withDescription("Replica server id or range (e.g. 5400-5404); a range must cover the source parallelism. "
                    + "Default: a random range of the parallelism's size in 5400-6400.");
    public static final ConfigOption<String> SERVER_TIME_ZONE = ConfigOptions.key("server-time-zone")
            .stringType()
            .noDefaultValue()
            .withDescription("Session time zone of the server, used to read TIMESTAMP columns. "
                    + "Default: the server's own time zone, read before the job starts.");
    public static final ConfigOption<StartupMode> SCAN_STARTUP_MODE = ConfigOptions.key("scan.startup.mode")
            .enumType(StartupMode.class)
            .defaultValue(StartupMode.INITIAL)
            .withDescription("Where to start: initial (snapshot, then the binlog), snapshot (snapshot only; the job "
                    + "then finishes), latest-offset (changes committed after the start), earliest-offset (the oldest "
                    + "binlog file still on the server), specific-offset, timestamp. The last four take no snapshot.");
    public static final ConfigOption<String> SCAN_STARTUP_SPECIFIC_OFFSET_FILE = ConfigOptions.key(
                    "scan.startup.specific-offset.file")
            .stringType()
            .noDefaultValue()
            .withDescription("Binlog file name for specific-offset mode (SHOW MASTER STATUS); checked against SHOW "
                    + "BINARY LOGS before the job starts.");
    public static final ConfigOption<Long> SCAN_STARTUP_SPECIFIC_OFFSET_POS = ConfigOptions.key(
                    "scan.startup.specific-offset.pos")
            .longType()
            .noDefaultValue()
            .withDescription("Binlog position for specific-offset mode.");
    public static final ConfigOption<String> SCAN_STARTUP_SPECIFIC_OFFSET_GTID_SET = ConfigOptions.key(
                    "scan.startup.specific-offset.gtid-set")
            .stringType()
            .noDefaultValue()
            .withDescription("MySQL GTID set for specific-offset mode (instead of file and position). MariaDB GTIDs "
                    + "are not supported by the connector and rejected before the job starts: use file and position.");
    public static final ConfigOption<Long> SCAN_STARTUP_TIMESTAMP_MILLIS = ConfigOptions.key(
                    "scan.startup.timestamp-millis")
            .longType()
            .noDefaultValue()
            .withDescription("Epoch milliseconds to start from in timestamp mode. The binlog stamps changes with "
                    + "whole seconds: changes committed in the second that holds this instant, and later, are read.");
    public static final ConfigOption<Integer> CHUNK_SIZE = ConfigOptions.key("scan.incremental.snapshot.chunk.size")
            .intType()
            .defaultValue(8096)
            .withDescription("Rows per snapshot chunk.");
    public static final ConfigOption<Integer> FETCH_SIZE = ConfigOptions.key("scan.snapshot.fetch.size")
            .intType()
            .defaultValue(1024)
            .withDescription("Rows fetched per round trip while reading a snapshot chunk.");
    public static final ConfigOption<String> CHUNK_KEY_COLUMN = ConfigOptions.key(
                    "scan.incremental.snapshot.chunk.key-column")
            .stringType()
            .noDefaultValue()
            .withDescription("Column to split snapshot chunks by, per table: db.t1:col1;db.t\\.*:col2, selectors as "
                    + "in 'tables', the first match wins (default: the first primary-key column; required for tables "
                    + "without one). With a column outside the primary key, an update that moves a row to another "
                    + "chunk "
                    + "while parallel readers take the snapshot can leave that row stale (Flink CDC's warning).");
    public static final ConfigOption<Boolean> NEWLY_ADDED_TABLE = ConfigOptions.key("scan.newly-added-table.enabled")
            .booleanType()
            .defaultValue(false)
            .withDescription("Snapshot and then stream tables added to 'tables' when the job restarts from a "
                    + "savepoint or checkpoint.");
    public static final ConfigOption<Boolean> BINLOG_NEWLY_ADDED_TABLE = ConfigOptions.key(
                    "scan.binlog.newly-added-table.enabled")
            .booleanType()
            .defaultValue(false)
            .withDescription("Stream (without snapshot) tables created while the job runs that match 'tables'. "
                    + "Cannot be combined with scan.newly-added-table.enabled.");
    public static final ConfigOption<Boolean> SCHEMA_CHANGE_ENABLED = ConfigOptions.key("schema-change.enabled")
            .booleanType()
            .defaultValue(true)
            .withDescription("Write a DDL marker (no key, empty value, a 'cdclake.ddl' header) into a table's topic"
                    + " for each DDL statement that changes the table, in order with its changes; ingest-job's"
                    + " schema.change.behavior acts on it. Consumers of plain JSON skip it like a heartbeat.");
    public static final ConfigOption<Boolean> INCLUDE_COMMENTS = ConfigOptions.key("include-comments.enabled")
            .booleanType()
            .defaultValue(false)
            .withDescription("Carry column comments in the event schema (debezium-json schema 'doc').");
    public static final ConfigOption<Boolean> UNBOUNDED_CHUNK_FIRST = ConfigOptions.key(
                    "scan.incremental.snapshot.unbounded-chunk-first.enabled")
            .booleanType()
            .defaultValue(false)
            .withDescription("Read the open-ended last snapshot chunk first, so a large tail does not meet a "
                    + "TaskManager late in the snapshot.");
    public static final ConfigOption<Boolean> ONLY_CAPTURED_TABLES_CHANGELOG = ConfigOptions.key(
                    "scan.only.deserialize.captured.tables.changelog.enabled")
            .booleanType()
            .defaultValue(true)
            .withDescription("Convert binlog rows of captured tables only. The open-source connector always filters "
                    + "by the captured tables before events reach cdclake; rows of other tables are never converted.");
    public static final ConfigOption<List<MetadataColumn>> METADATA_COLUMNS = ConfigOptions.key(
                    "metadata-column.include-list")
            .enumType(MetadataColumn.class)
            .asList()
            .noDefaultValue()
            .withDescription("Metadata added to every row image as extra columns: op_ts (commit time, ms), "
                    + "database_name, table_name; comma-separated.");
    public static final ConfigOption<Duration> HEARTBEAT_INTERVAL = ConfigOptions.key("heartbeat.interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(5))
            .withDescription("How often Debezium's binlog heartbeat moves the offset on idle tables and, with the"
                    + " sink's heartbeat.enabled, how often heartbeat records tell ingest-job how far the binlog has"
                    + " been read (Flink CDC's default is 30 s; 5 s keeps idle tables' freshness within seconds).");
    public static final ConfigOption<Duration> CONNECT_TIMEOUT = ConfigOptions.key("connect.timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("Timeout of connecting to the server.");
    public static final ConfigOption<Integer> CONNECT_MAX_RETRIES = ConfigOptions.key("connect.max-retries")
            .intType()
            .defaultValue(3)
            .withDescription("Connection attempts before the source fails.");
    public static final ConfigOption<Integer> CONNECTION_POOL_SIZE = ConfigOptions.key("connection.pool.size")
            .intType()
            .defaultValue(20)
            .withDescription("JDBC connection pool size of the snapshot readers.");
    public static final ConfigOption<Boolean> TINYINT1_AS_BOOLEAN = ConfigOptions.key(
                    "treat-tinyint1-as-boolean.enabled")
            .booleanType()
            .defaultValue(true)
            .withDescription("Read TINYINT(1) as BOOLEAN.");
    public static final ConfigOption<Integer> PARALLELISM = ConfigOptions.key("parallelism")
            .intType()
            .noDefaultValue()
            .withDescription("Parallelism of the snapshot readers (default: the pipeline's).");

    public static List<ConfigOption<?>> all() {
        return List.of(
                TYPE,
                NAME,
                HOSTNAME,
                PORT,
                USERNAME,
                PASSWORD,
                TABLES,
                TABLES_EXCLUDE,
                SERVER_ID,
                SERVER_TIME_ZONE,
                SCAN_STARTUP_MODE,
                SCAN_STARTUP_SPECIFIC_OFFSET_FILE,
                SCAN_STARTUP_SPECIFIC_OFFSET_POS,
                SCAN_STARTUP_SPECIFIC_OFFSET_GTID_SET,
                SCAN_STARTUP_TIMESTAMP_MILLIS,
                CHUNK_SIZE,
                FETCH_SIZE,
                CHUNK_KEY_COLUMN,
                NEWLY_ADDED_TABLE,
                BINLOG_NEWLY_ADDED_TABLE,
                SCHEMA_CHANGE_ENABLED,
                INCLUDE_COMMENTS,
                UNBOUNDED_CHUNK_FIRST,
                ONLY_CAPTURED_TABLES_CHANGELOG,
                METADATA_COLUMNS,
                HEARTBEAT_INTERVAL,
                CONNECT_TIMEOUT,
                CONNECT_MAX_RETRIES,
                CONNECTION_POOL_SIZE,
                TINYINT1_AS_BOOLEAN,
                PARALLELISM);
    }

    /** The {@code source} block of capture-job: these options and the JDBC and Debezium pass-through prefixes. */
    public static final OptionsBlock BLOCK = OptionsBlock.builder("source", "source options (type: mysql)")
            .options(all())
            .passThrough(JDBC_PROPERTIES_PREFIX, "JDBC URL parameters of the MySQL connections")
            .passThrough(DEBEZIUM_PREFIX, "Debezium MySQL connector properties")
            .build();

    /** {@code scan.startup.mode}. */
    public enum StartupMode {
        INITIAL("initial"),
        SNAPSHOT("snapshot"),
        LATEST_OFFSET("latest-offset"),
        EARLIEST_OFFSET("earliest-offset"),
        SPECIFIC_OFFSET("specific-offset"),
        TIMESTAMP("timestamp");

        private final String spelling;

        StartupMode(String spelling) {
            this.spelling = spelling;
        }

        @Override
        public String toString() {
            return spelling;
        }
    }
}

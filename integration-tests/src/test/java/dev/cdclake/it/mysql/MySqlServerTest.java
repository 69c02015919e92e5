package dev.cdclake.it.mysql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The MySQL-compatible server is set up the way Flink CDC needs it, and its privileges are real. */
@ExtendWith(MySqlExtension.class)
class MySqlServerTest {

    @Test
    void binlogIsRowBasedWithFullImagesUtcAndUtf8mb4(MySqlServer mysql) throws SQLException {
        Map<String, String> variables = new HashMap<>();
        try (Connection connection = mysql.adminConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('log_bin', 'binlog_format',"
                                + " 'binlog_row_image', 'server_id', 'time_zone', 'character_set_server')")) {
            while (rows.next()) {
                variables.put(rows.getString(1), rows.getString(2));
            }
        }
        assertThat(variables)
                .containsEntry("log_bin", "ON")
                .containsEntry("binlog_format", "ROW")
                .containsEntry("binlog_row_image", "FULL")
                .containsEntry("time_zone", "+00:00")
                .containsEntry("character_set_server", "utf8mb4");
        assertThat(Long.parseLong(variables.get("server_id"))).isPositive();
    }

    @Test
    void cdcUserReadsAndFollowsTheBinlogButCannotWrite(MySqlServer mysql) throws SQLException {
        String db = mysql.createDatabase("it_privileges");
        mysql.execute(
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(10))",
                "INSERT INTO " + db + ".t VALUES (1, 'a')");

        try (Connection cdc = mysql.cdcConnection();
                Statement statement = cdc.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT v FROM " + db + ".t WHERE id = 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("a");
            }
            // REPLICATION CLIENT: where the binlog stands
            try (ResultSet rows = statement.executeQuery("SHOW MASTER STATUS")) {
                assertThat(rows.next())
                        .as("SHOW MASTER STATUS returns the binlog position")
                        .isTrue();
                assertThat(rows.getString(1)).startsWith("mysql-bin");
            }
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO " + db + ".t VALUES (2, 'b')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("INSERT command denied")
                    .satisfies(
                            e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1142));
            assertThatThrownBy(() -> statement.executeUpdate("CREATE DATABASE it_cdc_must_not_create"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Access denied");
        }
    }
}

package dev.cdclake.it.capture;

import dev.cdclake.it.mysql.MySqlServer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A MySQL table as {@code primary key -> column -> value text}, the shape {@link CapturedChange#replay} produces. */
final class SourceRows {
    private SourceRows() {}

    static Map<String, Map<String, String>> read(
            MySqlServer mysql, String db, String table, String pk, List<String> columns) {
        Map<String, Map<String, String>> rows = new TreeMap<>();
        try (Connection c = mysql.adminConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM `" + db + "`.`" + table + "`")) {
            while (rs.next()) {
                Map<String, String> row = new TreeMap<>();
                for (String col : columns) {
                    row.put(col, rs.getString(col));
                }
                rows.put(rs.getString(pk), row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read " + db + "." + table + ": " + e.getMessage(), e);
        }
        return rows;
    }
}

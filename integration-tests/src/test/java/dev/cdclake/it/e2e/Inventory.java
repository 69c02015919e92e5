package dev.cdclake.it.e2e;

import dev.cdclake.it.mysql.MySqlServer;
import org.apache.paimon.catalog.Catalog;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference's {@code customers} and {@code products} tables in a MySQL database of their own: created with the rows
 * a snapshot reads, changed by updates, deletes and re-inserts, and compared with their Paimon copies row by row.
 */
final class Inventory {
    static final List<String> TABLES = List.of("customers", "products");
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    private final MySqlServer mysql;
    private final String db;

    private Inventory(MySqlServer mysql, String db) {
        this.mysql = mysql;
        this.db = db;
    }

    /** (Re-)creates database {@code db} with both tables and their snapshot rows. */
    static Inventory create(MySqlServer mysql, String db) {
        mysql.createDatabase(db);
        mysql.execute(
                "CREATE TABLE " + db + ".customers (id INT PRIMARY KEY, name VARCHAR(255), address VARCHAR(1024), "
                        + "phone_number VARCHAR(512), age INT)",
                "CREATE TABLE " + db + ".products (id INT PRIMARY KEY, name VARCHAR(255), description VARCHAR(512), "
                        + "weight DECIMAL(10, 3))",
                "INSERT INTO " + db + ".customers VALUES (1, 'Alice', 'Beijing', '1111', 20), "
                        + "(2, 'Bob', 'Shanghai', '3333', 30), (3, 'Carol', 'Hangzhou', '4444', 40), "
                        + "(4, 'John', 'New York', '2222', 12)",
                "INSERT INTO " + db + ".products VALUES (101, 'scooter', 'Small 2-wheel scooter', 3.140), "
                        + "(102, 'hammer', '14oz carpenter''s hammer', 0.875)");
        return new Inventory(mysql, db);
    }

    /** See {@link LakeComparison#openLake}. */
    static Catalog openLake(Map<String, String> catalogOptions) {
        return LakeComparison.openLake(catalogOptions);
    }

    String database() {
        return db;
    }

    /** An update, deletes, inserts, and a row deleted and inserted again under the same key. */
    void updateDeleteReinsert() {
        mysql.execute(
                "UPDATE " + db + ".customers SET phone_number = '1234' WHERE id = 4",
                "DELETE FROM " + db + ".customers WHERE id = 2",
                "INSERT INTO " + db + ".customers VALUES (5, 'Dan', 'Paris', '5555', 50)",
                "UPDATE " + db + ".products SET weight = 1.5 WHERE id = 102",
                "DELETE FROM " + db + ".customers WHERE id = 5",
                "INSERT INTO " + db + ".customers VALUES (5, 'Dan again', 'Lyon', '5556', 51)",
                "DELETE FROM " + db + ".products WHERE id = 101",
                "INSERT INTO " + db + ".products VALUES (101, 'scooter', 'Big 3-wheel scooter', 12.500)");
    }

    /** Waits until every table's Paimon copy equals it. */
    void awaitLakeEqualsSource(Catalog lake) throws Exception {
        for (String table : TABLES) {
            awaitLakeEqualsSource(lake, table);
        }
    }

    /** Waits until the Paimon copy of {@code table} equals it; fails with the difference after 120 s. */
    void awaitLakeEqualsSource(Catalog lake, String table) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Map<String, Map<String, String>> source;
        Map<String, Map<String, String>> sink;
        do {
            source = LakeComparison.mysqlRows(mysql, db, table, "id");
            sink = LakeComparison.restrictTo(LakeComparison.paimonRows(lake, db, table, "id"), source);
            if (Objects.equals(source, sink)) {
                return;
            }
            Thread.sleep(300); // poll interval inside the deadline
        } while (System.nanoTime() - deadline < 0);
        assertThat(sink).as("Paimon %s.%s after %s", db, table, DEADLINE).isEqualTo(source);
    }
}

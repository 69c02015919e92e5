package dev.cdclake.it.capture;

import dev.cdclake.it.mysql.MySqlServer;

import javax.annotation.Nullable;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A random change workload on one table (seeded, so a failure can be replayed): inserts, repeated updates of the same
 * keys, multi-row updates, deletes, re-inserts, multi-statement transactions and some rolled-back ones. It counts the
 * row changes it committed, which is what a topic replayed after failures must account for.
 */
final class RandomWorkload implements Runnable {
    static final List<String> COLUMNS = List.of("id", "name", "v", "amount");
    static final int INITIAL_ROWS = 20;
    static final int KEYS = 40;

    private final MySqlServer mysql;
    private final String table;
    private final Random random;
    private final Set<Integer> present = new HashSet<>();
    private final AtomicLong committedRowChanges = new AtomicLong();
    private volatile boolean stopped;
    private volatile String failure;

    /** Creates {@code db.t} with {@link #INITIAL_ROWS} rows and returns its name. */
    static String createTable(MySqlServer mysql, String db) {
        mysql.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY, name VARCHAR(64), v INT NOT NULL, "
                + "amount DECIMAL(10, 2))");
        StringBuilder insert = new StringBuilder("INSERT INTO " + db + ".t VALUES ");
        for (int id = 1; id <= INITIAL_ROWS; id++) {
            insert.append(id == 1 ? "" : ", ").append("(").append(id).append(", 'row ").append(id).append("', 0, ")
                    .append(id).append(".50)");
        }
        mysql.execute(insert.toString());
        return db + ".t";
    }

    RandomWorkload(MySqlServer mysql, String table, long seed) {
        this.mysql = mysql;
        this.table = table;
        this.random = new Random(seed);
        for (int id = 1; id <= INITIAL_ROWS; id++) {
            present.add(id);
        }
    }

    long committedRowChanges() {
        return committedRowChanges.get();
    }

    @Nullable
    String failure() {
        return failure;
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        try (Connection c = mysql.adminConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, 0, ?)");
                PreparedStatement update = c.prepareStatement(
                        "UPDATE " + table + " SET v = v + 1, name = ?, amount = ? WHERE id = ?");
                PreparedStatement updateRange = c.prepareStatement(
                        "UPDATE " + table + " SET v = v + 1 WHERE id BETWEEN ? AND ?");
                PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
            c.setAutoCommit(false);
            while (!stopped) {
                Set<Integer> before = new HashSet<>(present);
                int changes = 0;
                for (int i = 1 + random.nextInt(4); i > 0; i--) {
                    changes += step(insert, update, updateRange, delete);
                }
                if (random.nextInt(10) == 0) {
                    c.rollback();
                    present.clear();
                    present.addAll(before);
                } else {
                    c.commit();
                    committedRowChanges.addAndGet(changes);
                }
                // pacing (~100 transactions/s), so the workload spans the cancel and the restart
                Thread.sleep(5);
            }
        } catch (SQLException | RuntimeException e) {
            failure = "the workload failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int step(PreparedStatement insert, PreparedStatement update, PreparedStatement updateRange,
            PreparedStatement delete) throws SQLException {
        int id = 1 + random.nextInt(KEYS);
        if (!present.contains(id)) {
            insert.setInt(1, id);
            insert.setString(2, "row " + id + " again");
            insert.setBigDecimal(3, amount());
            present.add(id);
            return insert.executeUpdate();
        }
        int dice = random.nextInt(10);
        if (dice < 5) {
            update.setString(1, "row " + id + " #" + random.nextInt(1000));
            update.setBigDecimal(2, amount());
            update.setInt(3, id);
            return update.executeUpdate();
        }
        if (dice < 7) {
            updateRange.setInt(1, id);
            updateRange.setInt(2, id + 3);
            return updateRange.executeUpdate();
        }
        delete.setInt(1, id);
        present.remove(id);
        return delete.executeUpdate();
    }

    private BigDecimal amount() {
        return BigDecimal.valueOf(random.nextInt(1_000_000), 2);
    }
}

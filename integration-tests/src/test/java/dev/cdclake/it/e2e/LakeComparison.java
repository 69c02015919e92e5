package dev.cdclake.it.e2e;

import dev.cdclake.it.mysql.MySqlServer;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.CatalogContext;
import org.apache.paimon.catalog.CatalogFactory;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.data.InternalRow;
import org.apache.paimon.options.Options;
import org.apache.paimon.reader.RecordReader;
import org.apache.paimon.table.Table;
import org.apache.paimon.table.source.ReadBuilder;
import org.apache.paimon.types.DataField;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares a MySQL table with its Paimon copy row by row: both are read into {@code primary key -> column -> value}
 * maps with values normalised to text (numbers compared by value, so 3.140 equals 3.14). Columns only Paimon has
 * (added by an evolution the source later dropped) must be null.
 */
public final class LakeComparison {
    private LakeComparison() {}

    /** A client of the lake that reads the latest schema every time: a caching one keeps serving an old schema. */
    public static Catalog openLake(Map<String, String> catalogOptions) {
        Map<String, String> options = new HashMap<>(catalogOptions);
        options.put("cache-enabled", "false");
        return CatalogFactory.createCatalog(CatalogContext.create(Options.fromMap(options)));
    }

    /** {@code pk -> (column -> normalised value)} of a MySQL table, keyed by the given primary-key column. */
    public static Map<String, Map<String, String>> mysqlRows(MySqlServer mysql, String db, String table, String pk)
            throws Exception {
        Map<String, Map<String, String>> rows = new TreeMap<>();
        try (Connection c = mysql.adminConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM `" + db + "`.`" + table + "`")) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, String> row = new TreeMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), normalise(rs.getString(i)));
                }
                rows.put(row.get(pk), row);
            }
        }
        return rows;
    }

    /** The same map for a Paimon table; an absent table is an empty map. */
    public static Map<String, Map<String, String>> paimonRows(Catalog catalog, String db, String table, String pk)
            throws Exception {
        Map<String, Map<String, String>> rows = new TreeMap<>();
        Table t;
        try {
            t = catalog.getTable(Identifier.create(db, table));
        } catch (Catalog.TableNotExistException e) {
            return rows;
        }
        List<DataField> fields = t.rowType().getFields();
        List<InternalRow.FieldGetter> getters = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            getters.add(InternalRow.createFieldGetter(fields.get(i).type(), i));
        }
        ReadBuilder rb = t.newReadBuilder();
        try (RecordReader<InternalRow> reader = rb.newRead().createReader(rb.newScan().plan())) {
            reader.forEachRemaining(r -> {
                Map<String, String> row = new TreeMap<>();
                for (int i = 0; i < fields.size(); i++) {
                    Object v = getters.get(i).getFieldOrNull(r);
                    row.put(fields.get(i).name(), normalise(v == null ? null : v.toString()));
                }
                rows.put(row.get(pk), row);
            });
        }
        return rows;
    }

    /** Drops lake-only columns that are null everywhere, so a lake with an extra empty column still equals the source. */
    public static Map<String, Map<String, String>> restrictTo(Map<String, Map<String, String>> lake,
            Map<String, Map<String, String>> source) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        lake.forEach((k, row) -> {
            Map<String, String> src = source.get(k);
            Map<String, String> r = new TreeMap<>(row);
            if (src != null) {
                r.keySet().removeIf(col -> !src.containsKey(col) && row.get(col) == null);
            }
            out.put(k, r);
        });
        return out;
    }

    static String normalise(String v) {
        if (v == null) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(v.trim());
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return v;
        }
    }
}

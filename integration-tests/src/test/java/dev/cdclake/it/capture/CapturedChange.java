package dev.cdclake.it.capture;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One debezium-json message as read from Kafka: where it landed, its key, and the parts of its value the tests check.
 * Values are compared as the text MySQL's JDBC driver returns ({@code 3.140} for a DECIMAL(10,3), not {@code 3.14}).
 */
record CapturedChange(
        int partition,
        long offset,
        String key,
        String op,
        @Nullable JsonNode before,
        @Nullable JsonNode after,
        String database,
        String table,
        long tsMs) {

    /** Decimals as BigDecimal so a DECIMAL keeps its scale when turned back into text. */
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    static CapturedChange parse(ConsumerRecord<String, String> r) {
        try {
            JsonNode v = JSON.readTree(r.value());
            JsonNode source = v.get("source");
            return new CapturedChange(
                    r.partition(),
                    r.offset(),
                    r.key(),
                    v.get("op").asText(),
                    row(v.get("before")),
                    row(v.get("after")),
                    source.get("db").asText(),
                    source.get("table").asText(),
                    source.get("ts_ms").asLong());
        } catch (Exception e) {
            throw new AssertionError("Not a debezium-json change: " + r.key() + " = " + r.value(), e);
        }
    }

    static List<CapturedChange> parseAll(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(CapturedChange::parse).collect(Collectors.toList());
    }

    /** The row image of a delete's before or any other change's after. */
    JsonNode image() {
        return "d".equals(op) ? before : after;
    }

    /** Text of a column of the row image, null for SQL NULL; fails when the image has no such column. */
    @Nullable
    String value(String column) {
        JsonNode v = image().get(column);
        if (v == null) {
            throw new AssertionError("Column " + column + " missing from " + this);
        }
        return text(v);
    }

    /**
     * Applies the changes of one table in the order given (each key's changes must be in its partition's order):
     * the state a consumer replaying the topic ends with, {@code primary key -> column -> value}, over the columns
     * named.
     */
    static Map<String, Map<String, String>> replay(
            List<CapturedChange> changes, String table, String pk, List<String> columns) {
        Map<String, Map<String, String>> state = new TreeMap<>();
        for (CapturedChange c : changes) {
            if (!c.table.equals(table)) {
                continue;
            }
            String id = c.value(pk);
            if ("d".equals(c.op)) {
                state.remove(id);
            } else {
                Map<String, String> row = new TreeMap<>();
                for (String col : columns) {
                    row.put(col, c.value(col));
                }
                state.put(id, row);
            }
        }
        return state;
    }

    @Nullable
    static String text(JsonNode v) {
        return v.isNull() ? null : v.asText();
    }

    @Nullable
    private static JsonNode row(@Nullable JsonNode n) {
        return n == null || n.isNull() ? null : n;
    }

    /** Column names of a row image, in order. */
    static List<String> columnsOf(JsonNode row) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = row.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Override
    public String toString() {
        return "p" + partition + "@" + offset + " " + op + " " + database + "." + table + " before=" + before
                + " after=" + after;
    }
}

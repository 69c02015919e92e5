package dev.cdclake.ingest.format;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Op;
import dev.cdclake.ingest.transform.TransformRules;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.cdclake.events.wire.ValueFormat.DEBEZIUM_JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a rule with a {@code filter} and computed columns makes of each kind of change (README: Filtering and computed
 * columns): rows that do not pass are not written, an update that leaves the filter deletes the row by its key, one
 * that enters it writes it, a delete always deletes, and a soft delete keeps only rows that passed.
 */
class TransformedChangesTest {
    private static ChangeRecordParser parser(boolean softDelete) {
        Map<String, String> rule = new HashMap<>(Map.of(
                "source-table", "shop.t",
                "projection", "id, UPPER(name) AS uname, v * 10 AS v10",
                "filter", "v >= 2",
                "primary-keys", "id"));
        if (softDelete) {
            rule.put("converter-after-transform", "SOFT_DELETE");
        }
        return Golden.parser(DEBEZIUM_JSON, true, TransformRules.parse(List.of(rule)));
    }

    private static byte[] change(String op, String before, String after) {
        return ("{\"before\":" + before + ",\"after\":" + after + ",\"op\":\"" + op
                        + "\",\"ts_ms\":1,\"source\":{\"db\":\"shop\",\"table\":\"t\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static ChangeEvent parse(ChangeRecordParser parser, long offset, byte[] value) throws Exception {
        Golden.Events out = new Golden.Events();
        parser.parse("shop", 0, offset, 0L, null, value, null, out);
        assertThat(out.list).hasSizeLessThanOrEqualTo(1);
        return out.list.isEmpty() ? null : out.list.get(0);
    }

    @Test
    void eachChangeLandsAsTheFilterSays() throws Exception {
        ChangeRecordParser parser = parser(false);
        String low = "{\"id\":1,\"name\":\"ada\",\"v\":1}";
        String high = "{\"id\":1,\"name\":\"ada\",\"v\":2}";

        assertThat(parse(parser, 0, change("c", "null", low)))
                .as("an insert that does not pass")
                .isNull();

        ChangeEvent enters = parse(parser, 1, change("u", low, high));
        assertThat(enters.op()).isEqualTo(Op.UPDATE);
        assertThat(enters.schema().columnNames()).containsExactly("id", "uname", "v10");
        assertThat(enters.after()).containsExactly(1, "ADA", 20);

        ChangeEvent leaves = parse(parser, 2, change("u", high, low));
        assertThat(leaves.op()).as("an update that leaves the filter").isEqualTo(Op.DELETE);
        assertThat(leaves.before()).containsExactly(1, "ADA", 20);

        ChangeEvent deleted = parse(parser, 3, change("d", low, "null"));
        assertThat(deleted.op()).as("a delete, whether or not the row passed").isEqualTo(Op.DELETE);
        assertThat(deleted.before()[0]).isEqualTo(1);

        ChangeEvent inserted = parse(parser, 4, change("c", "null", high));
        assertThat(inserted.op()).isEqualTo(Op.INSERT);
        assertThat(inserted.after()).containsExactly(1, "ADA", 20);
    }

    @Test
    void aSoftDeleteKeepsOnlyRowsThatPassed() throws Exception {
        ChangeRecordParser parser = parser(true);
        ChangeEvent kept = parse(parser, 0, change("d", "{\"id\":1,\"name\":\"ada\",\"v\":3}", "null"));
        assertThat(kept.op()).isEqualTo(Op.INSERT);
        assertThat(kept.after()).containsExactly(1, "ADA", 30);
        assertThat(parse(parser, 1, change("d", "{\"id\":2,\"name\":\"bob\",\"v\":0}", "null")))
                .isNull();
    }
}

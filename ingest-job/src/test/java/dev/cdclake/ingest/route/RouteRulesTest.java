package dev.cdclake.ingest.route;

import dev.cdclake.events.TableId;
import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.ingest.transform.TransformRules;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteRulesTest {
    private static final TransformRules SHARD_KEYS = TransformRules.parse(List.of(Map.of(
            "source-table", "app_\\.*.orders_\\.*",
            "projection", "\\*, __schema_name__ AS source_db, __table_name__ AS source_table",
            "primary-keys", "source_db, source_table, id")));

    private static Map<String, String> rule(String source, String sink) {
        return Map.of("source-table", source, "sink-table", sink);
    }

    @Test
    void everyMatchingRuleAppliesAndUnmatchedTablesKeepTheirNames() {
        RouteRules routes = RouteRules.parse(
                List.of(
                        rule("app_\\.*.orders_\\.*", "ods.orders"),
                        Map.of("source-table", "app_0.\\.*", "sink-table", "ods_<>.copy_<>", "replace-symbol", "<>"),
                        rule("app_\\.*.orders_\\.*", "ods.orders")),
                SHARD_KEYS);
        assertThat(routes.sinks(TableId.of("app_0", "orders_3")))
                .as("rule order, a sink named twice once")
                .containsExactly(TableId.of("ods", "orders"), TableId.of("ods_orders_3", "copy_orders_3"));
        assertThat(routes.sinks(TableId.of("app_1", "orders_3"))).containsExactly(TableId.of("ods", "orders"));
        assertThat(routes.sinks(TableId.of("app_1", "customers"))).containsExactly(TableId.of("app_1", "customers"));
        assertThat(RouteRules.none().sinks(TableId.of("a", "b"))).containsExactly(TableId.of("a", "b"));
    }

    @Test
    void aMergeWithoutExplicitKeysFailsBeforeTheJobStarts() {
        assertThatThrownBy(() ->
                        RouteRules.parse(List.of(rule("app_\\.*.orders_\\.*", "ods.orders")), TransformRules.none()))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("merge several source tables into [ods.orders]")
                .hasMessageContaining("primary-keys: source_db, source_table, id");
        // two rules naming one fixed sink merge too, even when each names one table
        assertThatThrownBy(() -> RouteRules.parse(
                        List.of(rule("a.orders", "ods.orders"), rule("b.orders", "ods.orders")), TransformRules.none()))
                .hasMessageContaining("[ods.orders]");
    }

    @Test
    void aMergedTableWhoseTransformRuleSetsNoKeyIsRefused() {
        RouteRules routes = RouteRules.parse(List.of(rule("\\.*.orders_\\.*", "ods.orders")), SHARD_KEYS);
        assertThat(routes.sinks(TableId.of("app_2", "orders_1"))).containsExactly(TableId.of("ods", "orders"));
        assertThatThrownBy(() -> routes.sinks(TableId.of("legacy", "orders_1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Table legacy.orders_1 is merged into ods.orders by route rule #1")
                .hasMessageContaining("no transform rule sets its primary-keys");
    }

    @Test
    void aRenameOfOneTableNeedsNoKeys() {
        RouteRules routes =
                RouteRules.parse(List.of(rule("shop.customers", "ods.customers_v2")), TransformRules.none());
        assertThat(routes.sinks(TableId.of("shop", "customers"))).containsExactly(TableId.of("ods", "customers_v2"));
    }

    /** Where one source table's DDL must not be applied for the others: every sink several tables may meet in. */
    @Test
    void knowsWhichSinksOtherTablesMayFeed() {
        RouteRules routes = RouteRules.parse(
                List.of(
                        rule("app_\\.*.orders_\\.*", "ods.orders"),
                        rule("shop.customers", "ods.customers_v2"),
                        Map.of("source-table", "app_\\.*.items", "sink-table", "ods.<>_all", "replace-symbol", "<>"),
                        Map.of("source-table", "crm.\\.*", "sink-table", "ods.<>_1", "replace-symbol", "<>"),
                        Map.of("source-table", "eu.\\.*", "sink-table", "ods.<>_x", "replace-symbol", "<>"),
                        Map.of("source-table", "us.\\.*", "sink-table", "ods.<>_x", "replace-symbol", "<>"),
                        rule("legacy.orders", "app.orders")),
                SHARD_KEYS);
        assertThat(routes.mergedSinks(TableId.of("app_1", "orders_3"))).containsExactly(TableId.of("ods", "orders"));
        assertThat(routes.mergedSinks(TableId.of("app_1", "items")))
                .as("items of every app_ database")
                .containsExactly(TableId.of("ods", "items_all"));
        assertThat(routes.mergedSinks(TableId.of("eu", "t")))
                .as("two symbol rules over one database each, naming the same tables")
                .containsExactly(TableId.of("ods", "t_x"));
        assertThat(routes.mergedSinks(TableId.of("app", "orders")))
                .as("an unrouted table another is renamed into")
                .containsExactly(TableId.of("app", "orders"));
        assertThat(routes.mergedSinks(TableId.of("shop", "customers")))
                .as("a rename of one table")
                .isEmpty();
        assertThat(routes.mergedSinks(TableId.of("crm", "users")))
                .as("one database through the symbol")
                .isEmpty();
        assertThat(routes.mergedSinks(TableId.of("shop", "orders")))
                .as("an unrouted table")
                .isEmpty();
    }

    @Test
    void badRulesSayHowToFixThem() {
        assertThatThrownBy(() -> RouteRules.parse(
                        List.of(Map.of("source-table", "a.b", "sink-tabel", "c.d")), TransformRules.none()))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageStartingWith("Unknown option 'route[1].sink-tabel': did you mean 'sink-table'?");
        assertThatThrownBy(() -> RouteRules.parse(List.of(Map.of("source-table", "a.b")), TransformRules.none()))
                .hasMessageContaining("route rule #1 needs both 'source-table' and 'sink-table'");
        assertThatThrownBy(() -> RouteRules.parse(List.of(rule("a.b", "no_dot")), TransformRules.none()))
                .hasMessageContaining("Invalid route rule #1")
                .hasMessageContaining("write it as database.table");
        assertThatThrownBy(() -> RouteRules.parse(
                        List.of(Map.of("source-table", "a.\\.*", "sink-table", "<>", "replace-symbol", "<>")),
                        TransformRules.none()))
                .hasMessageContaining("write it as database.table");
        assertThatThrownBy(() -> RouteRules.parse(List.of(rule("a.(", "c.d")), TransformRules.none()))
                .hasMessageContaining("Invalid route rule #1");
    }
}

package dev.cdclake.events.selector;

import dev.cdclake.events.TableId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableSelectorTest {

    private static boolean matches(String selector, String db, String table) {
        return TableSelector.parse(selector).matches(TableId.of(db, table));
    }

    @Test
    void documentedAllTablesOfOneDatabase() {
        assertThat(matches("kafka_test.\\.*", "kafka_test", "customers")).isTrue();
        assertThat(matches("kafka_test.\\.*", "kafka_test", "products")).isTrue();
        assertThat(matches("kafka_test.\\.*", "other", "customers")).isFalse();
    }

    @Test
    void everyTableOfEveryDatabase() {
        assertThat(matches("\\.*.\\.*", "a", "b")).isTrue();
        assertThat(matches("\\.*.\\.*", "kafka_test", "customers")).isTrue();
    }

    @Test
    void listOfSelectorsWithRegexes() {
        TableSelector s = TableSelector.parse("db1.user_[0-9]+, app.order_\\.*");
        assertThat(s.matches(TableId.of("db1", "user_12"))).isTrue();
        assertThat(s.matches(TableId.of("db1", "user_x"))).isFalse();
        assertThat(s.matches(TableId.of("app", "order_items"))).isTrue();
        assertThat(s.matches(TableId.of("app", "orders"))).isFalse();
    }

    @Test
    void fullMatchAndCaseInsensitive() {
        assertThat(matches("kafka_test.customers", "KAFKA_TEST", "Customers")).isTrue();
        // a part must match the whole name, not a prefix
        assertThat(matches("kafka_test.customer", "kafka_test", "customers")).isFalse();
        assertThat(matches("kafka.customers", "kafka_test", "customers")).isFalse();
    }

    @Test
    void referenceSpellingIsReadAsAllTablesOfTheDatabase() {
        // the reference document writes kafka_test\.\* ; Flink CDC would match nothing with it
        assertThat(matches("kafka_test\\.\\*", "kafka_test", "customers")).isTrue();
        assertThat(matches("kafka_test\\.\\*", "kafka_test", "products")).isTrue();
        assertThat(matches("kafka_test\\.\\*", "kafka_test2", "products")).isFalse();
        assertThat(matches("kafka_test\\.customers", "kafka_test", "customers")).isTrue();
        assertThat(matches("kafka_test\\.customers", "kafka_test", "products")).isFalse();
    }

    @Test
    void escapedCommaIsLiteral() {
        assertThat(matches("db.a\\,b", "db", "a,b")).isTrue();
    }

    @Test
    void qualifiedRegexMatchesTheSameTables() {
        String regex = TableSelector.parse("kafka_test.\\.*, db1.user_[0-9]+").toQualifiedRegex();
        assertThat("kafka_test.customers".matches(regex)).isTrue();
        assertThat("db1.user_7".matches(regex)).isTrue();
        assertThat("db2.user_7".matches(regex)).isFalse();
    }

    @Test
    void badSelectorsNameTheProblem() {
        assertThatThrownBy(() -> TableSelector.parse("customers"))
                .hasMessageContaining("'customers'")
                .hasMessageContaining("no database part");
        assertThatThrownBy(() -> TableSelector.parse("a.b.c")).hasMessageContaining("3 dot-separated parts");
        assertThatThrownBy(() -> TableSelector.parse("db.[abc")).hasMessageContaining("not a valid regex");
        assertThatThrownBy(() -> TableSelector.parse(" ")).hasMessageContaining("empty");
    }

    @Test
    void knowsWhetherItsTablesAreInOneDatabase() {
        assertThat(TableSelector.parse("app_0.\\.*").namesOneDatabase()).isTrue();
        assertThat(TableSelector.parse("app_0.orders_[0-9]+, APP_0.items").namesOneDatabase())
                .isTrue();
        assertThat(TableSelector.parse("app_\\.*.orders").namesOneDatabase()).isFalse();
        assertThat(TableSelector.parse("app_0.orders, app_1.orders").namesOneDatabase())
                .isFalse();
    }
}

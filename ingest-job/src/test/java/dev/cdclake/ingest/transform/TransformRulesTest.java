package dev.cdclake.ingest.transform;

import dev.cdclake.events.TableId;
import dev.cdclake.events.config.PipelineConfigException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransformRulesTest {

    @Test
    void referenceRuleAsWritten() {
        TransformRules rules = TransformRules.parse(
                List.of(Map.of("source-table", "\\.*.\\.*", "projection", "\\*", "primary-keys", "id")));
        TransformRule rule = rules.ruleFor(TableId.of("kafka_test", "customers"));
        assertThat(rule).isNotNull();
        assertThat(rule.primaryKeys()).containsExactly("id");
        assertThat(rule.projection().isIdentity()).isTrue();
        assertThat(rules.ruleFor(TableId.of("other", "products"))).isSameAs(rule);
    }

    @Test
    void firstMatchingRuleApplies() {
        Map<String, String> specific = new LinkedHashMap<>();
        specific.put("source-table", "kafka_test.orders");
        specific.put("primary-keys", "order_id, line");
        specific.put("partition-keys", "dt");
        specific.put("table-options", "bucket=4, deletion-vectors.enabled=true");
        specific.put("description", "order lines");
        TransformRules rules = TransformRules.parse(
                List.of(specific, Map.of("source-table", "kafka_test.\\.*", "primary-keys", "id")));
        TransformRule orders = rules.ruleFor(TableId.of("kafka_test", "orders"));
        assertThat(orders.primaryKeys()).containsExactly("order_id", "line");
        assertThat(orders.partitionKeys()).containsExactly("dt");
        assertThat(orders.tableOptions())
                .containsEntry("bucket", "4")
                .containsEntry("deletion-vectors.enabled", "true");
        assertThat(orders.description()).isEqualTo("order lines");
        assertThat(rules.ruleFor(TableId.of("kafka_test", "customers")).primaryKeys())
                .containsExactly("id");
        assertThat(rules.ruleFor(TableId.of("shop", "customers"))).isNull();
    }

    @Test
    void unknownKeySuggestsTheClosest() {
        assertThatThrownBy(() -> TransformRules.parse(List.of(Map.of("source-table", "a.b", "primary-key", "id"))))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageStartingWith("Unknown option 'transform[1].primary-key': did you mean 'primary-keys'?");
    }

    @Test
    void badValuesSayHowToFixThem() {
        assertThatThrownBy(() -> TransformRules.parse(List.of(Map.of("projection", "*"))))
                .hasMessageContaining("has no 'source-table'");
        assertThatThrownBy(
                        () -> TransformRules.parse(List.of(Map.of("source-table", "a.b", "table-options", "bucket"))))
                .hasMessageContaining("which is not key=value");
        assertThatThrownBy(() -> TransformRules.parse(List.of(Map.of("source-table", "a.b", "primary-keys", "id;x"))))
                .hasMessageContaining("not a column name");
        assertThatThrownBy(() -> TransformRules.parse(List.of(Map.of("source-table", "a.b", "projection", "UPPER(a)"))))
                .hasMessageContaining(
                        "Projection item 'UPPER(`a`)' of 'UPPER(a)' has no name: name a computed column" + " with AS");
        assertThatThrownBy(() -> TransformRules.parse(List.of(Map.of("source-table", "a.b", "filter", "a >"))))
                .hasMessageContaining("transform rule #1")
                .hasMessageContaining("cannot parse filter 'a >'");
        assertThatThrownBy(() -> TransformRules.parse(List.of(Map.of("source-table", "a.b", "projection", "a AS"))))
                .hasMessageContaining("cannot parse projection 'a AS'");
    }

    @Test
    void projections() {
        Projection mixed = Projection.parse("\\*, name AS customer_name");
        assertThat(mixed.isIdentity()).isFalse();
        assertThat(mixed.targets("name")).containsExactly("name", "customer_name");
        assertThat(mixed.targets("age")).containsExactly("age");

        Projection list = Projection.parse("id, `first name` as first_name");
        assertThat(list.targets("id")).containsExactly("id");
        assertThat(list.targets("first name")).containsExactly("first_name");
        assertThat(list.targets("age")).isEmpty();

        assertThat(Projection.parse("*").isIdentity()).isTrue();
        assertThatThrownBy(() -> Projection.parse("a AS x, b AS x")).hasMessageContaining("defines column 'x' twice");
    }

    @Test
    void metadataColumnsAreFlinkCdcsNamesAndTheOthersAreRefusedWithWhy() {
        Projection p = Projection.parse("\\*, __schema_name__ AS source_db, __table_name__");
        assertThat(p.isIdentity()).isFalse();
        assertThat(p.metadata())
                .containsExactly(
                        Map.entry("source_db", MetadataColumn.SCHEMA_NAME),
                        Map.entry("__table_name__", MetadataColumn.TABLE_NAME));
        assertThat(p.targets("__schema_name__")).containsExactly("__schema_name__");
        // a field that has the name of a metadata column under * yields the name to it
        assertThat(p.targets("source_db")).isEmpty();
        assertThat(Projection.parse("\\*, __table_name__ AS t, t AS old_t").targets("t"))
                .containsExactly("old_t");
        assertThatThrownBy(() -> Projection.parse("\\*, __namespace_name__ AS ns"))
                .hasMessageContaining("a MySQL table has no namespace")
                .hasMessageContaining("__schema_name__, __table_name__, __data_event_type__ and op_ts");
        assertThat(Projection.parse("id, op_ts, __data_event_type__ AS op").metadata())
                .containsExactly(
                        Map.entry("op_ts", MetadataColumn.OP_TS), Map.entry("op", MetadataColumn.DATA_EVENT_TYPE));
        assertThatThrownBy(() -> TransformRules.parse(
                        List.of(Map.of("source-table", "a.b", "converter-after-transform", "HARD_DELETE"))))
                .hasMessageContaining("the one converter is SOFT_DELETE");
        assertThatThrownBy(() -> Projection.parse("\\*, __table_name__ AS t, x AS t"))
                .hasMessageContaining("defines column 't' twice");
    }
}

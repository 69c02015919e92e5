package dev.cdclake.ingest.transform;

import dev.cdclake.events.TableId;
import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.events.config.ValidatedOptions;
import dev.cdclake.events.selector.TableSelector;

import javax.annotation.Nullable;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code transform} list of the pipeline YAML: rules with the keys {@link TransformOptions} declares. The first
 * rule whose selector matches a table applies to it; a table no rule matches keeps its fields and the key its messages
 * carry. Unknown keys are errors naming the closest valid key.
 */
public final class TransformRules implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final TransformRules NONE = new TransformRules(Collections.emptyList());

    private final List<TransformRule> rules;

    private TransformRules(List<TransformRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static TransformRules none() {
        return NONE;
    }

    /**
     * Parses the rules as the pipeline definition holds them.
     *
     * @throws PipelineConfigException naming the rule (1-based) and the key that is wrong, with how to fix it
     */
    public static TransformRules parse(List<Map<String, String>> definitions) {
        List<TransformRule> rules = new ArrayList<>(definitions.size());
        for (int i = 0; i < definitions.size(); i++) {
            rules.add(parseRule(i + 1, definitions.get(i)));
        }
        return new TransformRules(rules);
    }

    private static TransformRule parseRule(int number, Map<String, String> definition) {
        String where = "transform rule #" + number;
        ValidatedOptions rule = TransformOptions.BLOCK.validate("transform[" + number + "]", definition);
        String selector = rule.get(TransformOptions.SOURCE_TABLE);
        if (selector == null || selector.isBlank()) {
            throw new PipelineConfigException(where + " has no '" + TransformOptions.SOURCE_TABLE.key()
                    + "': every rule names the tables it applies to, for example 'source-table: kafka_test.\\.*'");
        }
        try {
            TableSelector sourceTable = TableSelector.parse(selector);
            String projection = rule.get(TransformOptions.PROJECTION);
            return new TransformRule(
                    sourceTable,
                    Projection.parse(projection),
                    filter(rule.get(TransformOptions.FILTER)),
                    columnList(rule.get(TransformOptions.PRIMARY_KEYS), TransformOptions.PRIMARY_KEYS.key()),
                    columnList(rule.get(TransformOptions.PARTITION_KEYS), TransformOptions.PARTITION_KEYS.key()),
                    tableOptions(rule.get(TransformOptions.TABLE_OPTIONS)),
                    rule.get(TransformOptions.DESCRIPTION),
                    softDelete(rule.get(TransformOptions.CONVERTER_AFTER_TRANSFORM)));
        } catch (IllegalArgumentException e) {
            throw new PipelineConfigException(
                    "Invalid " + where + " (source-table: " + selector + "): " + e.getMessage(), e);
        }
    }

    @Nullable
    private static String filter(@Nullable String filter) {
        if (filter == null || filter.isBlank()) {
            return null;
        }
        TransformSql.parseFilter(filter);
        return filter.trim();
    }

    private static boolean softDelete(@Nullable String converter) {
        if (converter == null) {
            return false;
        }
        if (!converter.trim().equalsIgnoreCase("SOFT_DELETE")) {
            throw new IllegalArgumentException("'converter-after-transform: " + converter
                    + "' is not a converter: the one converter is SOFT_DELETE");
        }
        return true;
    }

    private static List<String> columnList(@Nullable String value, String key) {
        List<String> columns = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return columns;
        }
        for (String part : value.split(",")) {
            String name = part.trim();
            if (name.startsWith("`") && name.endsWith("`") && name.length() > 2) {
                name = name.substring(1, name.length() - 1);
            } else if (!Projection.isIdentifier(name)) {
                throw new IllegalArgumentException("'" + key + ": " + value + "' holds '" + name
                        + "', which is not a column name: write column names separated by commas, for example '"
                        + key + ": id, tenant_id'");
            }
            if (columns.contains(name)) {
                throw new IllegalArgumentException("'" + key + ": " + value + "' names column '" + name + "' twice");
            }
            columns.add(name);
        }
        return columns;
    }

    private static Map<String, String> tableOptions(@Nullable String value) {
        Map<String, String> options = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return options;
        }
        for (String pair : value.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || pair.substring(0, eq).isBlank()) {
                throw new IllegalArgumentException("'table-options: " + value + "' holds '" + pair.trim()
                        + "', which is not key=value: write pairs separated by commas, for example"
                        + " 'table-options: bucket=4,deletion-vectors.enabled=true'");
            }
            options.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return options;
    }

    /** @return the first rule matching the table, or null. Linear in the number of rules: callers cache per table. */
    @Nullable
    public TransformRule ruleFor(TableId tableId) {
        for (TransformRule rule : rules) {
            if (rule.matches(tableId)) {
                return rule;
            }
        }
        return null;
    }

    public List<TransformRule> rules() {
        return rules;
    }
}

package dev.cdclake.ingest.route;

import dev.cdclake.events.TableId;
import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.events.config.ValidatedOptions;
import dev.cdclake.events.selector.TableSelector;
import dev.cdclake.ingest.transform.TransformRule;
import dev.cdclake.ingest.transform.TransformRules;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code route} list of the pipeline YAML, with Flink CDC 3.2+ semantics: every rule whose {@code source-table}
 * matches a table applies, so one source table may feed several sink tables; a table no rule matches keeps its own
 * name. Transform rules apply to the source tables, before routing.
 *
 * <p>A <em>merging</em> rule sends several source tables to one sink table: its {@code sink-table} does not contain the
 * replace symbol and its selector is a pattern or a list, or several rules name the same fixed sink table. Shards'
 * keys usually collide (every shard has an {@code id} 1), so each table a merging rule matches needs a transform rule
 * with explicit {@code primary-keys}, which can add the shard's identity ({@code __schema_name__},
 * {@code __table_name__}) to the key; without one, the table is refused before its first row is written.
 */
public final class RouteRules implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A selector part that names one table: letters, digits, _ and $ (and escaped dots), nothing a regex expands. */
    private static final Pattern LITERAL = Pattern.compile("([A-Za-z0-9_$]|\\\\\\.)+\\.([A-Za-z0-9_$]|\\\\\\.)+");

    private final List<RouteRule> rules;
    private final Set<TableId> mergedSinks;
    private final TransformRules transforms;

    private RouteRules(List<RouteRule> rules, Set<TableId> mergedSinks, TransformRules transforms) {
        this.rules = List.copyOf(rules);
        this.mergedSinks = Set.copyOf(mergedSinks);
        this.transforms = transforms;
    }

    public static RouteRules none() {
        return new RouteRules(List.of(), Set.of(), TransformRules.none());
    }

    /**
     * Parses the rules as the pipeline definition holds them.
     *
     * @param transforms the transform rules, whose primary keys merged tables need
     * @throws PipelineConfigException naming the rule (1-based) and the key that is wrong, with how to fix it
     */
    public static RouteRules parse(List<Map<String, String>> definitions, TransformRules transforms) {
        List<RouteRule> rules = new ArrayList<>(definitions.size());
        Map<TableId, Integer> rulesBySink = new HashMap<>();
        Set<TableId> merged = new LinkedHashSet<>();
        for (int i = 0; i < definitions.size(); i++) {
            RouteRule rule = parseRule(i + 1, definitions.get(i));
            rules.add(rule);
            TableId sink = rule.fixedSink();
            if (sink != null) {
                if (rulesBySink.merge(sink, 1, Integer::sum) > 1 || !namesOneTable(rule.sourceTable())) {
                    merged.add(sink);
                }
            }
        }
        if (!merged.isEmpty()
                && transforms.rules().stream().allMatch(t -> t.primaryKeys().isEmpty())) {
            throw new PipelineConfigException("The route rules merge several source tables into " + merged
                    + ", but no transform rule sets primary-keys. Shards' keys collide (each shard has its own id 1);"
                    + " give the merged tables a key that is unique across them, for example:\n"
                    + "transform:\n"
                    + "  - source-table: <the route's source-table>\n"
                    + "    projection: \\*, __schema_name__ AS source_db, __table_name__ AS source_table\n"
                    + "    primary-keys: source_db, source_table, id");
        }
        return new RouteRules(rules, merged, transforms);
    }

    private static RouteRule parseRule(int number, Map<String, String> definition) {
        ValidatedOptions rule = RouteOptions.BLOCK.validate("route[" + number + "]", definition);
        String where = "route rule #" + number;
        String selector = rule.get(RouteOptions.SOURCE_TABLE);
        String sink = rule.get(RouteOptions.SINK_TABLE);
        if (selector == null || selector.isBlank() || sink == null || sink.isBlank()) {
            throw new PipelineConfigException(where + " needs both '" + RouteOptions.SOURCE_TABLE.key() + "' and '"
                    + RouteOptions.SINK_TABLE.key() + "', for example 'source-table: app_\\.*.orders_\\.*' and"
                    + " 'sink-table: ods.orders'");
        }
        String symbol = rule.get(RouteOptions.REPLACE_SYMBOL);
        if (symbol != null && symbol.isEmpty()) {
            throw new PipelineConfigException(where + " has an empty replace-symbol: remove it or write e.g. '<>'");
        }
        try {
            RouteRule parsed = new RouteRule(
                    number, TableSelector.parse(selector), sink.trim(), symbol, rule.get(RouteOptions.DESCRIPTION));
            if (parsed.fixedSink() == null) {
                // a sink-table that is no database.table once the symbol is replaced fails here, not at run time
                parsed.sinkOf(TableId.of("db", "t"));
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new PipelineConfigException(
                    "Invalid " + where + " (source-table: " + selector + ", sink-table: " + sink + "): "
                            + e.getMessage(),
                    e);
        }
    }

    /** Whether a selector can only ever match one table, so that a fixed sink name is a rename, not a merge. */
    private static boolean namesOneTable(TableSelector selector) {
        return LITERAL.matcher(selector.expression().trim()).matches();
    }

    /**
     * The sink tables of a source table: one per matching rule, in rule order without repeats; the table itself when
     * no rule matches.
     *
     * @throws IllegalArgumentException when the table goes to a merged sink table and no transform rule gives it
     *     primary keys
     */
    public List<TableId> sinks(TableId source) {
        List<TableId> sinks = new ArrayList<>(1);
        for (RouteRule rule : rules) {
            if (rule.matches(source)) {
                TableId sink = rule.sinkOf(source);
                if (mergedSinks.contains(sink)) {
                    requireExplicitKey(source, sink, rule);
                }
                if (!sinks.contains(sink)) {
                    sinks.add(sink);
                }
            }
        }
        if (sinks.isEmpty()) {
            sinks.add(source);
        }
        return sinks;
    }

    private void requireExplicitKey(TableId source, TableId sink, RouteRule rule) {
        TransformRule transform = transforms.ruleFor(source);
        if (transform == null || transform.primaryKeys().isEmpty()) {
            throw new IllegalArgumentException(String.format(
                    "Table %s is merged into %s by %s, but no transform rule sets its primary-keys: shards' keys"
                            + " collide, so the merged table's key must be unique across them. Add a rule such"
                            + " as%n  transform:%n    - source-table: %s%n      projection: \\*, __schema_name__ AS"
                            + " source_db, __table_name__ AS source_table%n      primary-keys: source_db,"
                            + " source_table, <the shard's key>",
                    source, sink, rule, rule.sourceTable().expression()));
        }
    }

    /**
     * The sinks of {@code source} that other source tables may feed too, where one source table's DDL does not speak
     * for the others: a merging rule's sink, a sink a replace-symbol rule names from a selector over several
     * databases (the symbol takes the table name only), a sink several rules can name, and a table no rule routes
     * that some rule can name. A rename into the name of another captured table is not seen.
     */
    public List<TableId> mergedSinks(TableId source) {
        List<TableId> merged = new ArrayList<>(1);
        for (TableId sink : sinks(source)) {
            if (mayMerge(source, sink)) {
                merged.add(sink);
            }
        }
        return merged;
    }

    private boolean mayMerge(TableId source, TableId sink) {
        if (mergedSinks.contains(sink)) {
            return true;
        }
        int namers = 0;
        boolean routed = false;
        for (RouteRule rule : rules) {
            routed |= rule.matches(source);
            if (rule.canName(sink)) {
                if (rule.fixedSink() == null && !rule.sourceTable().namesOneDatabase()) {
                    return true;
                }
                namers++;
            }
        }
        // an unrouted table keeps its name, which a rule naming it sends another table to
        return routed ? namers > 1 : namers > 0;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    public List<RouteRule> rules() {
        return rules;
    }
}

package dev.cdclake.ingest.route;

import dev.cdclake.events.TableId;
import dev.cdclake.events.selector.TableSelector;

import javax.annotation.Nullable;
import java.io.Serializable;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One {@code route} rule of the pipeline YAML: the source tables it matches and the sink table each goes to. Immutable.
 *
 * @see RouteRules for the semantics of a list of rules
 */
public final class RouteRule implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int number;
    private final TableSelector sourceTable;
    private final String sinkTable;

    @Nullable
    private final String replaceSymbol;

    @Nullable
    private final String description;

    /** The sink table when it does not depend on the source table; null when the replace symbol names it. */
    @Nullable
    private final TableId fixedSink;

    RouteRule(
            int number,
            TableSelector sourceTable,
            String sinkTable,
            @Nullable String replaceSymbol,
            @Nullable String description) {
        this.number = number;
        this.sourceTable = sourceTable;
        this.sinkTable = sinkTable;
        this.replaceSymbol = replaceSymbol;
        this.description = description;
        boolean replaced = replaceSymbol != null && sinkTable.contains(replaceSymbol);
        this.fixedSink = replaced ? null : TableId.parse(sinkTable);
    }

    public boolean matches(TableId source) {
        return sourceTable.matches(source);
    }

    /** The sink table of a source table this rule matches. */
    public TableId sinkOf(TableId source) {
        return fixedSink != null ? fixedSink : TableId.parse(sinkTable.replace(replaceSymbol, source.table()));
    }

    /** Whether this rule can name {@code sink} for some source table it may match. */
    boolean canName(TableId sink) {
        if (fixedSink != null) {
            return fixedSink.equals(sink);
        }
        String template = Arrays.stream(sinkTable.split(Pattern.quote(replaceSymbol), -1))
                .map(Pattern::quote)
                .collect(Collectors.joining(".+"));
        return Pattern.matches(template, sink.toString());
    }

    /** The one sink table of every table the rule matches, or null when each source table has its own. */
    @Nullable
    public TableId fixedSink() {
        return fixedSink;
    }

    /** The rule's position in the list, 1-based, as errors name it. */
    public int number() {
        return number;
    }

    public TableSelector sourceTable() {
        return sourceTable;
    }

    @Nullable
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return "route rule #" + number + " (source-table: " + sourceTable.expression() + ", sink-table: " + sinkTable
                + (replaceSymbol != null ? ", replace-symbol: " + replaceSymbol : "")
                + (description != null ? ", description: " + description : "") + ")";
    }
}

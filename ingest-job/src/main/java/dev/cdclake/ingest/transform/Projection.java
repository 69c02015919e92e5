package dev.cdclake.ingest.transform;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code projection} of a transform rule: which source fields become which target columns. Supported items are
 * {@code *} (every source field under its own name; the Flink CDC reference writes it {@code \*}), a column name, and
 * {@code column AS alias}; items are separated by commas and names may be quoted with backticks. With {@code *} an
 * aliased column appears under both names, without it only the listed columns are kept. The metadata columns
 * ({@link MetadataColumn}) add the source table's database and name ({@code __schema_name__}, {@code __table_name__},
 * e.g. to make the key of a table merged from shards unique) and the change's kind and commit time
 * ({@code __data_event_type__}, {@code op_ts}). Expressions are not supported.
 *
 * <p>Immutable; {@link #targets(String)} computes the target names of a field, callers cache them per table.
 */
public final class Projection implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final Projection ALL = new Projection(true, Collections.emptyMap(), Collections.emptyMap(), "*");
    /** Flink CDC's metadata names this projection does not offer, with why. */
    private static final Map<String, String> UNSUPPORTED_METADATA =
            Map.of("__namespace_name__", "a MySQL table has no namespace (its database is __schema_name__)");

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_$]+|`[^`]+`");
    private static final Pattern ITEM =
            Pattern.compile("(?<source>[A-Za-z0-9_$]+|`[^`]+`)(?:\\s+(?i:AS)\\s+(?<alias>[A-Za-z0-9_$]+|`[^`]+`))?");
    private static final String[] NONE = new String[0];

    private final boolean star;
    /** source field name -> target names it is listed under (in projection order). */
    private final Map<String, List<String>> explicit;
    /** target name -> metadata column, in projection order. */
    private final Map<String, MetadataColumn> metadata;

    private final String text;

    private Projection(
            boolean star, Map<String, List<String>> explicit, Map<String, MetadataColumn> metadata, String text) {
        this.star = star;
        this.explicit = explicit;
        this.metadata = metadata;
        this.text = text;
    }

    /** Every source field under its own name. */
    public static Projection all() {
        return ALL;
    }

    /**
     * Parses a projection as written in the pipeline YAML.
     *
     * @throws IllegalArgumentException naming the item that is not supported and showing the supported forms
     */
    public static Projection parse(String projection) {
        String text = projection.trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException(
                    "The projection is empty: write '\\*' for all columns, or a list such as 'id, name AS "
                            + "customer_name'");
        }
        boolean star = false;
        Map<String, List<String>> explicit = new LinkedHashMap<>();
        Map<String, MetadataColumn> metadata = new LinkedHashMap<>();
        Set<String> targets = new LinkedHashSet<>();
        for (String rawItem : splitItems(text)) {
            String item = rawItem.trim();
            if (item.equals("*") || item.equals("\\*")) {
                star = true;
                continue;
            }
            Matcher m = ITEM.matcher(item);
            if (!m.matches()) {
                throw new IllegalArgumentException("Projection item '" + item + "' of '" + projection
                        + "' is not supported: use '\\*', a column name, or 'column AS alias' (expressions and"
                        + " functions are not supported), for example 'projection: \\*, name AS customer_name'");
            }
            String source = unquote(m.group("source"));
            String target = m.group("alias") == null ? source : unquote(m.group("alias"));
            if (!targets.add(target)) {
                throw new IllegalArgumentException("Projection '" + projection + "' defines column '" + target
                        + "' twice: give each projected column a distinct name");
            }
            if (UNSUPPORTED_METADATA.containsKey(source)) {
                throw new IllegalArgumentException("Projection item '" + item + "' of '" + projection
                        + "' is not supported: " + UNSUPPORTED_METADATA.get(source)
                        + "; the metadata columns are __schema_name__, __table_name__, __data_event_type__ and op_ts");
            }
            MetadataColumn meta = MetadataColumn.of(source);
            if (meta != null) {
                metadata.put(target, meta);
            } else {
                explicit.computeIfAbsent(source, k -> new ArrayList<>(1)).add(target);
            }
        }
        if (star && explicit.isEmpty() && metadata.isEmpty()) {
            return ALL;
        }
        return new Projection(star, Collections.unmodifiableMap(explicit), Collections.unmodifiableMap(metadata), text);
    }

    /** True when every field keeps its own name and nothing is dropped or added. */
    public boolean isIdentity() {
        return star && explicit.isEmpty() && metadata.isEmpty();
    }

    /** The metadata columns by target name, in projection order; they follow the fields in the table. */
    public Map<String, MetadataColumn> metadata() {
        return metadata;
    }

    /**
     * The target column names of a source field: none when it is dropped (or, under {@code *}, named like a metadata
     * column), two when {@code *} and an alias name it.
     */
    public String[] targets(String field) {
        List<String> listed = explicit.get(field);
        // under *, a field named like a metadata column gives the name up to it: one column, one meaning
        boolean own = star && !metadata.containsKey(field);
        if (!own) {
            return listed == null ? NONE : listed.toArray(NONE);
        }
        if (listed == null) {
            return new String[] {field};
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        names.add(field);
        names.addAll(listed);
        return names.toArray(NONE);
    }

    private static List<String> splitItems(String text) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '`') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                items.add(text.substring(start, i));
                start = i + 1;
            }
        }
        items.add(text.substring(start));
        return items;
    }

    private static String unquote(String identifier) {
        return identifier.startsWith("`") ? identifier.substring(1, identifier.length() - 1) : identifier;
    }

    static boolean isIdentifier(String s) {
        return IDENTIFIER.matcher(s).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}

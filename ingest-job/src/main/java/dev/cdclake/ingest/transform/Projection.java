package dev.cdclake.ingest.transform;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

import javax.annotation.Nullable;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code projection} of a transform rule: which source fields become which target columns. Items are {@code *}
 * (every source field under its own name; the Flink CDC reference writes it {@code \*}), a column name,
 * {@code column AS alias} and {@code expression AS name} (a computed column, see {@link TransformSql} for the dialect);
 * names may be quoted with backticks. With {@code *} an aliased column appears under both names, without it only the
 * listed columns are kept. The metadata columns ({@link MetadataColumn}) add the source table's database and name
 * ({@code __schema_name__}, {@code __table_name__}, e.g. to make the key of a table merged from shards unique) and the
 * change's kind and commit time ({@code __data_event_type__}, {@code op_ts}); expressions may use them too.
 *
 * <p>Immutable. Without computed columns, the schema tracker maps fields itself ({@link #targets(String)}, cached per
 * table); with them, {@link RowTransform} evaluates {@link #items()}.
 */
public final class Projection implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final Projection ALL =
            new Projection(true, Collections.emptyMap(), Collections.emptyMap(), List.of(Item.STAR), "*");
    /** Flink CDC's metadata names this projection does not offer, with why. */
    private static final Map<String, String> UNSUPPORTED_METADATA =
            Map.of("__namespace_name__", "a MySQL table has no namespace (its database is __schema_name__)");

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_$]+|`[^`]+`");
    private static final String[] NONE = new String[0];

    private final boolean star;
    /** source field name -> target names it is listed under (in projection order). */
    private final Map<String, List<String>> explicit;
    /** target name -> metadata column, in projection order. */
    private final Map<String, MetadataColumn> metadata;

    /** Every item in projection order. */
    private final List<Item> items;

    private final boolean computed;

    private final String text;

    private Projection(
            boolean star,
            Map<String, List<String>> explicit,
            Map<String, MetadataColumn> metadata,
            List<Item> items,
            String text) {
        this.star = star;
        this.explicit = explicit;
        this.metadata = metadata;
        this.items = items;
        this.computed = items.stream().anyMatch(i -> i.expression != null);
        this.text = text;
    }

    /** Every source field under its own name. */
    public static Projection all() {
        return ALL;
    }

    /**
     * Every source field under its own name and these metadata columns under theirs: the source row that
     * {@link RowTransform} computes a projection with computed columns and a filter from.
     */
    static Projection allWith(Collection<MetadataColumn> metadata) {
        if (metadata.isEmpty()) {
            return ALL;
        }
        Map<String, MetadataColumn> byName = new LinkedHashMap<>();
        for (MetadataColumn m : metadata) {
            byName.put(m.metadataName(), m);
        }
        return new Projection(
                true,
                Collections.emptyMap(),
                Collections.unmodifiableMap(byName),
                List.of(Item.STAR),
                "*, " + byName.keySet());
    }

    /**
     * Parses a projection as written in the pipeline YAML, with Calcite's parser ({@link TransformSql}).
     *
     * @throws IllegalArgumentException naming the item that is not supported and showing the supported forms
     */
    public static Projection parse(String projection) {
        String text = projection.trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException(
                    "The projection is empty: write '\\*' for all columns, or a list such as 'id, name AS "
                            + "customer_name, UPPER(city) AS city'");
        }
        if (text.equals("*") || text.equals("\\*")) {
            return ALL; // the common case, without loading the SQL parser
        }
        boolean star = false;
        Map<String, List<String>> explicit = new LinkedHashMap<>();
        Map<String, MetadataColumn> metadata = new LinkedHashMap<>();
        List<Item> items = new ArrayList<>();
        Set<String> targets = new LinkedHashSet<>();
        // the Flink CDC reference escapes the star as \* in YAML
        for (SqlNode node : TransformSql.parseProjection(text.replace("\\*", "*"))) {
            if (node instanceof SqlIdentifier && ((SqlIdentifier) node).isStar()) {
                star = true;
                items.add(Item.STAR);
                continue;
            }
            SqlNode expression = node;
            String target;
            if (node.getKind() == SqlKind.AS) {
                SqlBasicCall as = (SqlBasicCall) node;
                expression = as.operand(0);
                target = ((SqlIdentifier) as.operand(1)).getSimple();
            } else if (node instanceof SqlIdentifier && ((SqlIdentifier) node).isSimple()) {
                target = ((SqlIdentifier) node).getSimple();
            } else {
                throw new IllegalArgumentException("Projection item '" + TransformSql.toSql(node) + "' of '"
                        + projection + "' has no name: name a computed column with AS, for example 'UPPER(name) AS"
                        + " upper_name'");
            }
            if (!targets.add(target)) {
                throw new IllegalArgumentException("Projection '" + projection + "' defines column '" + target
                        + "' twice: give each projected column a distinct name");
            }
            String source = expression instanceof SqlIdentifier && ((SqlIdentifier) expression).isSimple()
                    ? ((SqlIdentifier) expression).getSimple()
                    : null;
            if (source != null && UNSUPPORTED_METADATA.containsKey(source)) {
                throw new IllegalArgumentException("Projection item '" + TransformSql.toSql(node) + "' of '"
                        + projection + "' is not supported: " + UNSUPPORTED_METADATA.get(source)
                        + "; the metadata columns are __schema_name__, __table_name__, __data_event_type__ and op_ts");
            }
            MetadataColumn meta = source == null ? null : MetadataColumn.of(source);
            if (source == null) {
                items.add(new Item(target, null, TransformSql.toSql(expression)));
            } else {
                items.add(new Item(target, source, null));
                if (meta != null) {
                    metadata.put(target, meta);
                } else {
                    explicit.computeIfAbsent(source, k -> new ArrayList<>(1)).add(target);
                }
            }
        }
        if (star && items.size() == 1) {
            return ALL;
        }
        return new Projection(
                star,
                Collections.unmodifiableMap(explicit),
                Collections.unmodifiableMap(metadata),
                List.copyOf(items),
                text);
    }

    /** The items in projection order. */
    public List<Item> items() {
        return items;
    }

    /**
     * Whether an item is a computed expression ({@link RowTransform} evaluates them); without, the schema tracker
     * maps fields itself.
     */
    public boolean hasComputedColumns() {
        return computed;
    }

    /**
     * One item of a projection with computed columns: {@code *} (all null), or a target column and either the field
     * or metadata column it copies or the SQL text of the expression it computes.
     */
    public static final class Item implements Serializable {
        private static final long serialVersionUID = 1L;
        static final Item STAR = new Item(null, null, null);

        @Nullable
        final String target;

        @Nullable
        final String source;

        @Nullable
        final String expression;

        Item(@Nullable String target, @Nullable String source, @Nullable String expression) {
            this.target = target;
            this.source = source;
            this.expression = expression;
        }

        boolean isStar() {
            return target == null;
        }
    }

    /** True when every field keeps its own name and nothing is dropped or added. */
    public boolean isIdentity() {
        return star && explicit.isEmpty() && metadata.isEmpty() && !computed;
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

    static boolean isIdentifier(String s) {
        return IDENTIFIER.matcher(s).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}

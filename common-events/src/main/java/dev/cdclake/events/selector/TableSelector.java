package dev.cdclake.events.selector;

import dev.cdclake.events.TableId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A list of table selectors in Flink CDC's syntax: comma-separated selectors, an unescaped {@code .} separates database
 * and table, each part is a case-insensitive Java regex that must match the whole name, and {@code \.} is a regex dot
 * ({@code kafka_test.\.*} is every table of kafka_test, {@code \.*.\.*} every table of every database).
 *
 * <p>The reference document's spelling {@code kafka_test\.\*} has no unescaped dot, so Flink CDC reads it as a
 * table-only selector that never matches a MySQL table. Users copy that document, so a selector with no unescaped dot
 * but an escaped one is read as {@code database.table} split at the first {@code \.}, with a lone {@code \*} meaning
 * every table; this is logged once.
 */
public final class TableSelector implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TableSelector.class);

    private static final Pattern LITERAL_NAME = Pattern.compile("[A-Za-z0-9_$]+");

    private final String expression;
    private final List<Part> parts;

    private TableSelector(String expression, List<Part> parts) {
        this.expression = expression;
        this.parts = parts;
    }

    /**
     * Parses a selector list.
     *
     * @throws IllegalArgumentException naming the selector when it is empty, has more than two parts or an invalid
     *     regex
     */
    public static TableSelector parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException(
                    "A table selector is empty: write database.table regexes, for example kafka_test.\\.* or "
                            + "db1.user_[0-9]+");
        }
        List<Part> parts = new ArrayList<>();
        for (String selector : splitUnescaped(expression, ',')) {
            String s = selector.trim();
            if (s.isEmpty()) {
                continue;
            }
            parts.add(parsePart(s, expression));
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("Table selector '" + expression + "' contains no selector");
        }
        return new TableSelector(expression, List.copyOf(parts));
    }

    private static Part parsePart(String selector, String whole) {
        List<String> names = splitUnescaped(selector, '.');
        if (names.size() == 1) {
            int escapedDot = selector.indexOf("\\.");
            if (escapedDot <= 0) {
                throw new IllegalArgumentException("Table selector '" + selector + "' in '" + whole
                        + "' has no database part: write database.table, for example " + selector + ".\\.* or \\.*."
                        + selector);
            }
            String db = selector.substring(0, escapedDot);
            String table = selector.substring(escapedDot + 2);
            String tableRegex = table.equals("\\*") ? ".*" : unescapeDots(table);
            LOG.info(
                    "Table selector '{}' has no unescaped dot; reading it as database '{}' and table regex '{}' "
                            + "(the documented spelling is {}.{})",
                    selector,
                    db,
                    tableRegex,
                    db,
                    tableRegex.equals(".*") ? "\\.*" : table);
            return new Part(selector, compile(unescapeDots(db), selector), compile(tableRegex, selector));
        }
        if (names.size() != 2) {
            throw new IllegalArgumentException("Table selector '" + selector + "' in '" + whole + "' has "
                    + names.size() + " dot-separated parts; MySQL tables take two: database.table "
                    + "(escape a regex dot as \\.)");
        }
        return new Part(
                selector, compile(unescapeDots(names.get(0)), selector), compile(unescapeDots(names.get(1)), selector));
    }

    private static Pattern compile(String regex, String selector) {
        try {
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "Table selector '" + selector + "' is not a valid regex: " + e.getDescription(), e);
        }
    }

    /** Splits on {@code sep} not preceded by a backslash; escapes stay in the parts. */
    static List<String> splitUnescaped(String s, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char next = s.charAt(i + 1);
                // an escaped separator other than the dot is the literal character
                if (next == sep && sep != '.') {
                    cur.append(next);
                } else {
                    cur.append(c).append(next);
                }
                i++;
            } else if (c == sep) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static String unescapeDots(String part) {
        return part.replace("\\.", ".");
    }

    /** Whether every table the selector matches is in one database, which it names without a regex. */
    public boolean namesOneDatabase() {
        String database = null;
        for (Part p : parts) {
            String regex = p.database.pattern();
            if (!LITERAL_NAME.matcher(regex).matches() || (database != null && !database.equalsIgnoreCase(regex))) {
                return false;
            }
            database = regex;
        }
        return true;
    }

    public boolean matches(TableId id) {
        for (Part p : parts) {
            if (p.database.matcher(id.database()).matches()
                    && p.table.matcher(id.table()).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The expression as written. */
    public String expression() {
        return expression;
    }

    /**
     * A regex over {@code db.table} equivalent to this selector list, for Debezium's table include list (which matches
     * case-insensitively against {@code db.table}).
     */
    public String toQualifiedRegex() {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append("(?:")
                    .append(p.database.pattern())
                    .append(")\\.(?:")
                    .append(p.table.pattern())
                    .append(')');
        }
        return sb.toString();
    }

    /** A regex over database names that matches every database some selector of this list can match. */
    public String toDatabaseRegex() {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append("(?:").append(p.database.pattern()).append(')');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return expression;
    }

    private static final class Part implements Serializable {
        private static final long serialVersionUID = 1L;
        final String text;
        final Pattern database;
        final Pattern table;

        Part(String text, Pattern database, Pattern table) {
            this.text = text;
            this.database = database;
            this.table = table;
        }
    }
}

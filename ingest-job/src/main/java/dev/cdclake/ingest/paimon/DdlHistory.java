package dev.cdclake.ingest.paimon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.Column;
import dev.cdclake.events.SourceDdl;
import dev.cdclake.events.TableSchema;
import org.apache.paimon.table.Table;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The column drops and renames {@code evolve} applied to a Paimon table, each with its statement's mark ({@code <epoch
 * ms>@<file>:<offset>}) and when it was applied, kept in the table option {@value #OPTION}. Rows read before such a
 * statement that arrive after it was applied (from another Kafka partition than the one whose copy of the marker
 * applied it, or replayed after a failover to a checkpoint before it) still have the old columns: they are written
 * through the statements after them ({@link #mapping}), a dropped column's value falls away and a renamed one's lands
 * under the new name, instead of the old column coming back.
 */
final class DdlHistory {
    /**
     * Table option holding the history as JSON:
     * {@code [{"mark":...,"applied":<epoch ms>,"changes":[{"kind":...,"column":...}]}]}.
     */
    static final String OPTION = "cdclake.source.ddl-history";

    /** The mark of a table's input before any statement: every statement comes after it. */
    static final String BEFORE_ANY = "0@:0";

    /** Statements kept: a replay reaches back one checkpoint, far fewer statements of one table than this. */
    static final int MAX_STATEMENTS = 32;

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Table option holding the last DROP TABLE or TRUNCATE whose emptying the committer committed, as JSON:
     * {@code {"mark":...,"applied":<epoch ms>}}. Written by the committer only, so that each statement empties the
     * table once, whichever partition's copy of its marker is read first and however often it is replayed.
     */
    static final String EMPTIED_OPTION = "cdclake.source.emptied";

    private static final DdlHistory EMPTY = new DdlHistory(List.of(), null);

    private final List<Statement> statements;

    /** The last committed emptying, or null. */
    @Nullable
    private final Statement emptied;

    private DdlHistory(List<Statement> statements, @Nullable Statement emptied) {
        this.statements = statements;
        this.emptied = emptied;
    }

    /** One applied statement: its mark, when it was applied (0: unknown) and the drops and renames it made. */
    private static final class Statement {
        final String mark;
        final long applied;
        final List<SourceDdl.Change> changes;

        Statement(String mark, long applied, List<SourceDdl.Change> changes) {
            this.mark = mark;
            this.applied = applied;
            this.changes = changes;
        }
    }

    /** The table's history; empty when it has none or one this code cannot read. */
    static DdlHistory of(Table table) {
        DdlHistory history = parse(table.options().get(OPTION));
        String emptied = table.options().get(EMPTIED_OPTION);
        if (emptied == null) {
            return history;
        }
        try {
            JsonNode node = JSON.readTree(emptied);
            String mark = node.path("mark").asText(null);
            return mark == null
                    ? history
                    : new DdlHistory(
                            history.statements,
                            new Statement(mark, node.path("applied").asLong(0), List.of()));
        } catch (JsonProcessingException e) {
            return history;
        }
    }

    /** The value of {@link #EMPTIED_OPTION} for an emptying of the statement at {@code mark}, applied now. */
    static String emptiedOption(String mark, long applied) {
        return JSON.createObjectNode().put("mark", mark).put("applied", applied).toString();
    }

    /** A history from its JSON ({@link #toJson}); empty for null or a document this code cannot read. */
    static DdlHistory parse(@Nullable String json) {
        if (json == null) {
            return EMPTY;
        }
        try {
            List<Statement> statements = new ArrayList<>();
            for (JsonNode s : JSON.readTree(json)) {
                List<SourceDdl.Change> changes = new ArrayList<>();
                for (JsonNode c : s.path("changes")) {
                    changes.add(new SourceDdl.Change(
                            SourceDdl.Kind.valueOf(c.path("kind").asText()),
                            c.path("column").asText(null),
                            c.path("newName").asText(null)));
                }
                statements.add(
                        new Statement(s.path("mark").asText(), s.path("applied").asLong(0), changes));
            }
            return new DdlHistory(statements, null);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return EMPTY;
        }
    }

    /**
     * This history and the drops and renames of one more statement, applied at {@code applied} (epoch ms), the oldest
     * falling out past the limit.
     */
    DdlHistory with(String mark, long applied, List<SourceDdl.Change> changes) {
        List<SourceDdl.Change> kept = new ArrayList<>();
        for (SourceDdl.Change c : changes) {
            if (c.kind() == SourceDdl.Kind.DROP_COLUMN || c.kind() == SourceDdl.Kind.RENAME_COLUMN) {
                kept.add(c);
            }
        }
        List<Statement> next = new ArrayList<>(statements);
        next.add(new Statement(mark, applied, kept));
        return new DdlHistory(next.subList(Math.max(0, next.size() - MAX_STATEMENTS), next.size()), emptied);
    }

    String toJson() {
        ArrayNode root = JSON.createArrayNode();
        for (Statement s : statements) {
            ObjectNode node = root.addObject().put("mark", s.mark).put("applied", s.applied);
            ArrayNode changes = node.putArray("changes");
            for (SourceDdl.Change c : s.changes) {
                ObjectNode change = changes.addObject().put("kind", c.kind().name());
                if (c.column() != null) {
                    change.put("column", c.column());
                }
                if (c.newName() != null) {
                    change.put("newName", c.newName());
                }
            }
        }
        return root.toString();
    }

    /** The mark of the last statement, or null for an empty history. */
    @Nullable
    String lastMark() {
        return statements.isEmpty() ? null : statements.get(statements.size() - 1).mark;
    }

    /**
     * The mark of a Kafka partition a job first reads that was built at {@code jobStart} (epoch ms): after the
     * statements applied before the job, whose markers came before where it starts reading, and before those the job
     * applied since, whose markers the partition still carries ahead. Relies on the clocks of the machine that built
     * the job and of its task managers to agree to well within the time from a job's start to its first statement.
     */
    String baseline(long jobStart) {
        String baseline = BEFORE_ANY;
        for (int i = statements.size() - 1; i >= 0; i--) {
            if (statements.get(i).applied < jobStart) {
                baseline = statements.get(i).mark;
                break;
            }
        }
        if (emptied != null && emptied.applied < jobStart && isBefore(baseline, emptied.mark)) {
            baseline = emptied.mark;
        }
        return baseline;
    }

    /**
     * The mark of the last emptying committed since {@code jobStart} (by the job built then), or null: such a
     * statement is not applied again. One committed before is applied again by a job that reads its marker (a new
     * job replaying the topic, or restored from an older savepoint), with the rows after it refilling the table.
     */
    @Nullable
    String emptiedSince(long jobStart) {
        return emptied == null || emptied.applied < jobStart ? null : emptied.mark;
    }

    /** The mark of the last committed emptying of the table, or null. */
    @Nullable
    String emptiedMark() {
        return emptied == null ? null : emptied.mark;
    }

    /** Whether a statement comes after {@code mark} (every one when it is null). */
    boolean hasAfter(@Nullable String mark) {
        String last = lastMark();
        return last != null && (mark == null || isBefore(mark, last));
    }

    /**
     * How a row of {@code schema}, read before {@code mark} (before every statement when null), is written today: its
     * columns renamed and dropped by the statements after the mark, in order.
     *
     * @return null when no statement after the mark touches the row's columns
     */
    @Nullable
    Mapping mapping(TableSchema schema, @Nullable String mark) {
        List<String> names = new ArrayList<>(schema.columnNames());
        boolean changed = false;
        for (Statement s : statements) {
            if (mark != null && !isBefore(mark, s.mark)) {
                continue;
            }
            for (SourceDdl.Change c : s.changes) {
                int at = names.indexOf(c.column());
                if (at < 0 || schema.primaryKeys().contains(schema.column(at).name())) {
                    // Paimon drops and renames no key column: a history saying so was not written by this code
                    continue;
                }
                if (c.kind() == SourceDdl.Kind.DROP_COLUMN) {
                    names.set(at, null);
                    changed = true;
                } else if (!names.contains(c.newName())) {
                    names.set(at, c.newName());
                    changed = true;
                }
            }
        }
        if (!changed) {
            return null;
        }
        TableSchema.Builder builder = TableSchema.builder().comment(schema.comment());
        int[] from = new int[(int) names.stream().filter(Objects::nonNull).count()];
        int to = 0;
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i) != null) {
                Column c = schema.column(i);
                builder.column(new Column(
                        names.get(i), c.type(), c.nullable(), c.sourceType(), c.defaultValue(), c.comment()));
                from[to++] = i;
            }
        }
        List<String> keys = new ArrayList<>();
        for (String key : schema.primaryKeys()) {
            keys.add(names.get(schema.indexOf(key)));
        }
        return new Mapping(builder.primaryKey(keys).build(), from);
    }

    private static boolean isBefore(String a, String b) {
        Integer order = PaimonTableReconciler.compareMarks(a, b);
        return order != null && order < 0;
    }

    /** A row schema as written today, and where each of its values comes from in the row as read. */
    static final class Mapping {
        final TableSchema schema;
        private final int[] from;

        Mapping(TableSchema schema, int[] from) {
            this.schema = schema;
            this.from = from;
        }

        /** The change as written today. */
        ChangeEvent apply(ChangeEvent event) {
            return new ChangeEvent(
                    event.op(), event.tableId(), schema, apply(event.before()), apply(event.after()), event.opTs());
        }

        @Nullable
        Object[] apply(@Nullable Object[] values) {
            if (values == null) {
                return null;
            }
            Object[] out = new Object[from.length];
            for (int i = 0; i < from.length; i++) {
                out[i] = values[from[i]];
            }
            return out;
        }
    }
}

package dev.cdclake.capture.source;

import dev.cdclake.events.SourceDdl.Change;
import dev.cdclake.events.SourceDdl.Kind;
import dev.cdclake.events.TableId;
import io.debezium.antlr.CaseChangingCharStream;
import io.debezium.ddl.parser.mysql.generated.MySqlLexer;
import io.debezium.ddl.parser.mysql.generated.MySqlParser;
import io.debezium.ddl.parser.mysql.generated.MySqlParserBaseListener;
import org.apache.flink.cdc.connectors.shaded.org.antlr.v4.runtime.BaseErrorListener;
import org.apache.flink.cdc.connectors.shaded.org.antlr.v4.runtime.CharStreams;
import org.apache.flink.cdc.connectors.shaded.org.antlr.v4.runtime.CommonTokenStream;
import org.apache.flink.cdc.connectors.shaded.org.antlr.v4.runtime.RecognitionException;
import org.apache.flink.cdc.connectors.shaded.org.antlr.v4.runtime.Recognizer;
import org.apache.flink.cdc.connectors.shaded.org.antlr.v4.runtime.tree.ParseTreeWalker;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells what a MySQL DDL statement did to each table it names, with Debezium's own ANTLR grammar of MySQL (the parser
 * that already keeps capture-job's table schemas): renamed, dropped, added and modified columns, dropped and renamed
 * tables. {@code CHANGE COLUMN a b ...} is a rename when the names differ and a modification otherwise. Statements the
 * grammar does not read yield nothing: the caller then knows only that the table changed.
 */
public final class DdlClassifier {
    private DdlClassifier() {}

    /**
     * @param defaultDatabase the database of table names without one (the statement's session database)
     * @return the changes per table, in statement order; empty when the statement changes no table or does not parse
     */
    public static Map<TableId, List<Change>> classify(String statement, String defaultDatabase) {
        MySqlLexer lexer = new MySqlLexer(new CaseChangingCharStream(CharStreams.fromString(statement), true));
        MySqlParser parser = new MySqlParser(new CommonTokenStream(lexer));
        SyntaxErrors errors = new SyntaxErrors();
        lexer.removeErrorListeners();
        parser.removeErrorListeners();
        lexer.addErrorListener(errors);
        parser.addErrorListener(errors);
        Listener listener = new Listener(defaultDatabase);
        MySqlParser.RootContext root = parser.root();
        if (errors.seen) {
            return Map.of();
        }
        ParseTreeWalker.DEFAULT.walk(listener, root);
        return listener.changes;
    }

    private static final class SyntaxErrors extends BaseErrorListener {
        boolean seen;

        @Override
        public void syntaxError(
                Recognizer<?, ?> recognizer,
                Object offendingSymbol,
                int line,
                int charPositionInLine,
                String msg,
                RecognitionException e) {
            seen = true;
        }
    }

    private static final class Listener extends MySqlParserBaseListener {
        private final String defaultDatabase;
        private final Map<TableId, List<Change>> changes = new LinkedHashMap<>();

        @Nullable
        private TableId altered;

        Listener(String defaultDatabase) {
            this.defaultDatabase = defaultDatabase;
        }

        private void add(TableId table, Kind kind, @Nullable String column, @Nullable String newName) {
            changes.computeIfAbsent(table, t -> new ArrayList<>()).add(new Change(kind, column, newName));
        }

        private void onAltered(Kind kind, @Nullable String column, @Nullable String newName) {
            if (altered != null) {
                add(altered, kind, column, newName);
            }
        }

        @Override
        public void enterAlterTable(MySqlParser.AlterTableContext ctx) {
            altered = table(ctx.tableName().getText());
            changes.computeIfAbsent(altered, t -> new ArrayList<>());
        }

        @Override
        public void exitAlterTable(MySqlParser.AlterTableContext ctx) {
            if (changes.get(altered).isEmpty()) {
                add(altered, Kind.OTHER, null, null);
            }
            altered = null;
        }

        @Override
        public void enterAlterByAddColumn(MySqlParser.AlterByAddColumnContext ctx) {
            onAltered(Kind.ADD_COLUMN, name(ctx.uid(0).getText()), null);
        }

        @Override
        public void enterAlterByAddColumns(MySqlParser.AlterByAddColumnsContext ctx) {
            for (MySqlParser.UidContext uid : ctx.uid()) {
                onAltered(Kind.ADD_COLUMN, name(uid.getText()), null);
            }
        }

        @Override
        public void enterAlterByDropColumn(MySqlParser.AlterByDropColumnContext ctx) {
            onAltered(Kind.DROP_COLUMN, name(ctx.uid().getText()), null);
        }

        @Override
        public void enterAlterByRenameColumn(MySqlParser.AlterByRenameColumnContext ctx) {
            onAltered(
                    Kind.RENAME_COLUMN,
                    name(ctx.uid(0).getText()),
                    name(ctx.uid(1).getText()));
        }

        @Override
        public void enterAlterByChangeColumn(MySqlParser.AlterByChangeColumnContext ctx) {
            String from = name(ctx.uid(0).getText());
            String to = name(ctx.uid(1).getText());
            if (from.equalsIgnoreCase(to)) {
                onAltered(Kind.MODIFY_COLUMN, from, null);
            } else {
                onAltered(Kind.RENAME_COLUMN, from, to);
            }
        }

        @Override
        public void enterAlterByModifyColumn(MySqlParser.AlterByModifyColumnContext ctx) {
            onAltered(Kind.MODIFY_COLUMN, name(ctx.uid(0).getText()), null);
        }

        @Override
        public void enterAlterByRename(MySqlParser.AlterByRenameContext ctx) {
            String target =
                    ctx.uid() != null ? ctx.uid().getText() : ctx.fullId().getText();
            if (altered != null) {
                renamed(altered, table(target));
            }
        }

        /**
         * The old name's change says where the table went; the new name's where it came from: the two markers may
         * reach ingest-job in either order, and the new name's changes must wait for the rename.
         */
        private void renamed(TableId from, TableId to) {
            add(from, Kind.RENAME_TABLE, null, to.identifier());
            add(to, Kind.RENAME_TABLE, from.identifier(), to.identifier());
        }

        @Override
        public void enterRenameTableClause(MySqlParser.RenameTableClauseContext ctx) {
            renamed(table(ctx.tableName(0).getText()), table(ctx.tableName(1).getText()));
        }

        @Override
        public void enterDropTable(MySqlParser.DropTableContext ctx) {
            if (ctx.TEMPORARY() != null) {
                // a session's temporary table, which may shadow a captured table of the same name
                return;
            }
            for (MySqlParser.TableNameContext t : ctx.tables().tableName()) {
                add(table(t.getText()), Kind.DROP_TABLE, null, null);
            }
        }

        @Override
        public void enterAlterByTruncatePartition(MySqlParser.AlterByTruncatePartitionContext ctx) {
            onAltered(Kind.REMOVE_PARTITION_ROWS, null, null);
        }

        @Override
        public void enterAlterByDropPartition(MySqlParser.AlterByDropPartitionContext ctx) {
            onAltered(Kind.REMOVE_PARTITION_ROWS, null, null);
        }

        @Override
        public void enterTruncateTable(MySqlParser.TruncateTableContext ctx) {
            add(table(ctx.tableName().getText()), Kind.TRUNCATE_TABLE, null, null);
        }

        @Override
        public void enterColumnCreateTable(MySqlParser.ColumnCreateTableContext ctx) {
            add(table(ctx.tableName().getText()), Kind.CREATE_TABLE, null, null);
        }

        @Override
        public void enterCopyCreateTable(MySqlParser.CopyCreateTableContext ctx) {
            add(table(ctx.tableName(0).getText()), Kind.CREATE_TABLE, null, null);
        }

        @Override
        public void enterQueryCreateTable(MySqlParser.QueryCreateTableContext ctx) {
            add(table(ctx.tableName().getText()), Kind.CREATE_TABLE, null, null);
        }

        private TableId table(String text) {
            List<String> parts = new ArrayList<>();
            StringBuilder part = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '`') {
                    if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '`') {
                        part.append('`');
                        i++;
                    } else {
                        quoted = !quoted;
                    }
                } else if (c == '.' && !quoted) {
                    parts.add(part.toString());
                    part.setLength(0);
                } else {
                    part.append(c);
                }
            }
            parts.add(part.toString());
            return parts.size() == 1
                    ? TableId.of(defaultDatabase, parts.get(0))
                    : TableId.of(parts.get(parts.size() - 2), parts.get(parts.size() - 1));
        }

        private static String name(String uid) {
            if (uid.length() >= 2 && uid.charAt(0) == '`' && uid.charAt(uid.length() - 1) == '`') {
                return uid.substring(1, uid.length() - 1).replace("``", "`");
            }
            return uid;
        }
    }
}

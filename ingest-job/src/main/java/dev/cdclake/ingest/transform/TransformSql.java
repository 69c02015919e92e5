package dev.cdclake.ingest.transform;

import org.apache.calcite.config.Lex;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlNameMatchers;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The SQL dialect of {@code projection} and {@code filter}, in one place: Calcite's parser with MySQL's lexical rules
 * (backtick identifiers, unquoted names case-insensitive, single-quoted strings), the standard operators plus Calcite's
 * MySQL library ({@code CONCAT}, {@code CONCAT_WS}, {@code RLIKE}, ...) and {@code IF}, {@code TRY_CAST}; the type
 * limits of the lake (DECIMAL(38), unbounded strings).
 */
public final class TransformSql {
    private TransformSql() {}

    /** The name the row of a table goes by in the statements that are compiled. */
    static final String TABLE = "T";

    static final SqlConformanceEnum CONFORMANCE = SqlConformanceEnum.MYSQL_5;

    static final RelDataTypeSystem TYPE_SYSTEM = new RelDataTypeSystemImpl() {
        @Override
        public int getMaxPrecision(SqlTypeName type) {
            switch (type) {
                case DECIMAL:
                    return 38;
                case VARCHAR:
                case VARBINARY:
                    return Integer.MAX_VALUE;
                default:
                    return super.getMaxPrecision(type);
            }
        }

        @Override
        public int getMaxScale(SqlTypeName type) {
            return type == SqlTypeName.DECIMAL ? 38 : super.getMaxScale(type);
        }

        @Override
        public boolean shouldConvertRaggedUnionTypesToVarying() {
            return true;
        }
    };

    static final SqlParser.Config PARSER = SqlParser.config().withLex(Lex.MYSQL).withConformance(CONFORMANCE);

    private static final SqlOperatorTable OPERATORS = SqlOperatorTables.chain(
            SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.STANDARD, SqlLibrary.MYSQL),
            SqlOperatorTables.of(SqlLibraryOperators.IF, SqlLibraryOperators.TRY_CAST));

    static SqlOperatorTable operators() {
        return OPERATORS;
    }

    /** Writes nodes back as text the parser reads again: backtick identifiers, nothing rewritten. */
    static final SqlDialect DIALECT = new SqlDialect(SqlDialect.EMPTY_CONTEXT
            .withIdentifierQuoteString("`")
            .withLiteralQuoteString("'")
            .withUnquotedCasing(org.apache.calcite.avatica.util.Casing.UNCHANGED)
            .withQuotedCasing(org.apache.calcite.avatica.util.Casing.UNCHANGED));

    /**
     * The items of a projection, as the select list of {@code SELECT <projection> FROM T}.
     *
     * @throws IllegalArgumentException with the parser's message and position
     */
    static SqlNodeList parseProjection(String projection) {
        String sql = "SELECT " + projection + " FROM `" + TABLE + "`";
        SqlSelect select = (SqlSelect) parse(sql, "projection '" + projection + "'", 7);
        return select.getSelectList();
    }

    /** @throws IllegalArgumentException with the parser's message and position */
    static SqlNode parseFilter(String filter) {
        String sql = "SELECT * FROM `" + TABLE + "` WHERE " + filter;
        SqlSelect select = (SqlSelect) parse(sql, "filter '" + filter + "'", sql.indexOf(" WHERE ") + 7);
        return select.getWhere();
    }

    private static SqlNode parse(String sql, String what, int offset) {
        try {
            return SqlParser.create(sql, PARSER).parseQuery();
        } catch (SqlParseException e) {
            int column = e.getPos() == null ? 0 : e.getPos().getColumnNum() - offset;
            String message = e.getMessage() == null ? "" : e.getMessage().split("\n", 2)[0];
            throw new IllegalArgumentException(
                    "cannot parse " + what + (column > 0 ? " at character " + column : "") + ": " + message, e);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("cannot parse " + what + ": it is not a single expression list", e);
        }
    }

    /** The simple column names a node refers to, lower-cased; CURRENT_DATE and the like are no columns. */
    static Set<String> identifiers(SqlNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlIdentifier id) {
                if (id.isSimple() && !isNiladicFunction(id)) {
                    names.add(id.getSimple().toLowerCase(Locale.ROOT));
                }
                return null;
            }
        });
        return names;
    }

    /** CURRENT_DATE, CURRENT_TIMESTAMP, ...: functions written without parentheses, which parse as identifiers. */
    private static boolean isNiladicFunction(SqlIdentifier id) {
        List<SqlOperator> operators = new ArrayList<>();
        OPERATORS.lookupOperatorOverloads(
                id, null, SqlSyntax.FUNCTION, operators, SqlNameMatchers.withCaseSensitive(false));
        for (SqlOperator operator : operators) {
            if (operator.getSyntax() == SqlSyntax.FUNCTION_ID
                    || operator.getSyntax() == SqlSyntax.FUNCTION_ID_CONSTANT) {
                return true;
            }
        }
        return false;
    }

    static String toSql(SqlNode node) {
        return node.toSqlString(DIALECT).getSql();
    }
}

package dev.cdclake.ingest.transform;

import dev.cdclake.events.Column;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.types.TypeLattice;
import dev.cdclake.ingest.format.MalformedRecordException;
import dev.cdclake.ingest.format.MalformedRecordException.Reason;
import dev.cdclake.ingest.format.SourceConfigurationException;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.adapter.enumerable.RexToLixTranslator;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.ClassDeclaration;
import org.apache.calcite.linq4j.tree.ClassDeclarationFinder;
import org.apache.calcite.linq4j.tree.DeclarationStatement;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.MemberDeclaration;
import org.apache.calcite.linq4j.tree.ParameterExpression;
import org.apache.calcite.linq4j.tree.Statement;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgramBuilder;
import org.apache.calcite.runtime.SqlFunctions;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.apache.calcite.util.ImmutableBitSet;
import org.codehaus.janino.ClassBodyEvaluator;

import javax.annotation.Nullable;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A transform rule's {@code filter} and computed {@code projection} for one table: Calcite parses, validates and
 * types them against the table's source schema ({@code SELECT <items> FROM T WHERE <filter>}), and the expressions
 * are translated to Java and compiled by Janino into one class, once per source schema version; per record the
 * generated code runs without reflection. Columns that an item copies are copied as they are (no conversion, their
 * exact type kept); only the inputs of expressions are converted to Calcite's values ({@link CalciteValues}).
 *
 * <p>A computed column that reads a field that has not appeared yet (it has only been null) is not a column until the
 * field is, as such a field is not; a filter reading it sees NULL. Types of computed columns only widen across schema
 * versions, as every column does. Not thread-safe: one instance per table and parser.
 */
public final class RowTransform {
    /** What the generated class implements. */
    public interface Evaluator {
        boolean filter(DataContext context, Object[] in);

        void project(DataContext context, Object[] in, Object[] out);
    }

    private final TableId tableId;
    private final List<Projection.Item> items;

    @Nullable
    private final String filter;

    /** Names (lower case) the expressions and the filter use; those the table lacks so far are typed NULL. */
    private final Set<String> referenced;
    /** Metadata columns the source rows carry for the transform; they are not fields, so {@code *} skips them. */
    private final Set<String> metadata;

    private final List<String> primaryKeys;

    @Nullable
    private final String comment;

    private final CalciteValues.Context context = new CalciteValues.Context();

    @Nullable
    private TableSchema source;

    private TableSchema target;
    private Evaluator evaluator;
    /** For each target column: the source column it copies, or -1 when computed. */
    private int[] copied;
    /** For each target column: the output of the generated project() it takes, or -1 when copied. */
    private int[] computed;
    /** The source columns the expressions read, converted to Calcite's values per record. */
    private int[] inputs;

    private int[] keyIndexes;

    private CalciteValues.Conversion[] toCalcite;
    private CalciteValues.Conversion[] fromCalcite;
    private Object[] calciteIn;
    /**
     * The row whose inputs {@link #calciteIn} holds, so that a row that passed the filter is projected without
     * converting them again; row images are new arrays per change, never refilled.
     */
    @Nullable
    private Object[] loaded;

    private Object[] calciteOut;
    private boolean hasFilter;

    public RowTransform(TableId tableId, TransformRule rule, List<String> primaryKeys, @Nullable String comment) {
        this(
                tableId,
                rule.projection().items(),
                rule.filter(),
                rule.referenced(),
                rule.sourceMetadata(),
                primaryKeys,
                comment);
    }

    RowTransform(
            TableId tableId,
            List<Projection.Item> items,
            @Nullable String filter,
            Set<String> referenced,
            Set<String> metadata,
            List<String> primaryKeys,
            @Nullable String comment) {
        this.tableId = tableId;
        this.items = items;
        this.filter = filter;
        this.referenced = referenced;
        this.metadata = metadata;
        this.primaryKeys = List.copyOf(primaryKeys);
        this.comment = comment;
    }

    /**
     * The target schema for rows of this source schema; compiles the expressions again when the source schema
     * changed (compared by identity: the tracker builds a new object only after a change).
     *
     * @throws SourceConfigurationException when an expression does not validate against the table's columns
     */
    public TableSchema schema(TableSchema sourceSchema) {
        if (sourceSchema != source) {
            loaded = null;
            compile(sourceSchema);
            source = sourceSchema;
        }
        return target;
    }

    /**
     * Whether a source row passes the filter; SQL semantics: a filter that is NULL (unknown) drops the row.
     *
     * @throws MalformedRecordException when evaluating fails on this row's values
     */
    public boolean test(Object[] row) throws MalformedRecordException {
        if (!hasFilter) {
            return true;
        }
        load(row);
        try {
            return evaluator.filter(context, calciteIn);
        } catch (RuntimeException e) {
            throw failed("filter '" + filter + "'", e);
        }
    }

    /**
     * The target row of a source row.
     *
     * @throws MalformedRecordException when a computed column cannot be evaluated on this row's values
     */
    public Object[] project(Object[] row) throws MalformedRecordException {
        Object[] out = new Object[copied.length];
        try {
            if (calciteOut.length > 0) {
                load(row);
                evaluator.project(context, calciteIn, calciteOut);
            }
            for (int c = 0; c < out.length; c++) {
                int from = copied[c];
                out[c] = from >= 0 ? row[from] : fromCalcite[computed[c]].convert(calciteOut[computed[c]]);
            }
        } catch (RuntimeException e) {
            throw failed("projection", e);
        }
        for (int k = 0; k < keyIndexes.length; k++) {
            if (out[keyIndexes[k]] == null) {
                throw new MalformedRecordException(
                        Reason.NULL_PRIMARY_KEY,
                        "primary-key column '" + primaryKeys.get(k)
                                + "' is null after the transform; a primary-key table cannot"
                                + " store the row, choose other primary-keys or make the projection give it a value",
                        tableId);
            }
        }
        return out;
    }

    private void load(Object[] row) {
        if (row == loaded) {
            return;
        }
        context.now(System.currentTimeMillis());
        for (int i : inputs) {
            calciteIn[i] = toCalcite[i].convert(row[i]);
        }
        loaded = row;
    }

    private MalformedRecordException failed(String what, RuntimeException e) {
        return new MalformedRecordException(
                Reason.TRANSFORM_FAILED,
                "the transform's " + what + " cannot be evaluated on this row (" + e
                        + "); use TRY_CAST, IF or COALESCE in the expression to handle such values",
                tableId);
    }

    private void compile(TableSchema sourceSchema) {
        List<Column> columns = sourceSchema.columns();
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            byName.put(columns.get(i).name().toLowerCase(Locale.ROOT), i);
        }
        List<String> absent = new ArrayList<>();
        for (String name : referenced) {
            if (!byName.containsKey(name)) {
                absent.add(name);
            }
        }
        // target column -> what it holds; a named item replaces the field of the same name that * brought
        Map<String, String> selected = new LinkedHashMap<>();
        for (Projection.Item item : items) {
            if (item.isStar()) {
                for (Column c : columns) {
                    if (!metadata.contains(c.name())) {
                        selected.put(c.name(), quote(c.name()));
                    }
                }
            } else if (seen(item, byName)) {
                selected.put(item.target, item.source != null ? quote(item.source) : "(" + item.expression + ")");
            }
            // else it reads a field that has only been null so far: not a column until the field is
        }
        StringBuilder select = new StringBuilder("SELECT ");
        selected.forEach((target, sql) ->
                select.append(sql).append(" AS ").append(quote(target)).append(", "));
        select.setLength(select.length() - 2);
        select.append(" FROM ").append(quote(TransformSql.TABLE));
        if (filter != null) {
            select.append(" WHERE ").append(filter);
        }
        try {
            build(sourceSchema, absent, select.toString());
        } catch (SourceConfigurationException e) {
            throw e;
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            Throwable cause = e.getCause();
            while (cause != null) {
                if (cause.getMessage() != null) {
                    message = cause.getMessage();
                }
                cause = cause.getCause() == cause ? null : cause.getCause();
            }
            throw new SourceConfigurationException("The transform rule of table " + tableId + " does not apply to"
                    + " its columns " + sourceSchema.columnNames() + ": " + message + " (projection: " + describe()
                    + (filter != null ? ", filter: " + filter : "") + ")");
        }
    }

    private static String quote(String name) {
        return '`' + name.replace("`", "``") + '`';
    }

    private static boolean seen(Projection.Item item, Map<String, Integer> byName) {
        if (item.source != null) {
            return byName.containsKey(item.source.toLowerCase(Locale.ROOT));
        }
        for (String name : TransformSql.identifiers(TransformSql.parseFilter(item.expression))) {
            if (!byName.containsKey(name)) {
                return false;
            }
        }
        return true;
    }

    private void build(TableSchema sourceSchema, List<String> absent, String sql) throws Exception {
        SchemaPlus root = Frameworks.createRootSchema(false);
        root.add(TransformSql.TABLE, new AbstractTable() {
            @Override
            public RelDataType getRowType(RelDataTypeFactory types) {
                RelDataTypeFactory.Builder row = types.builder();
                for (Column c : sourceSchema.columns()) {
                    row.add(c.name(), CalciteValues.relType(types, c));
                }
                for (String name : absent) {
                    // only the filter reads it (items that read it are left out): its values are all null
                    row.add(name, types.createTypeWithNullability(types.createSqlType(SqlTypeName.VARCHAR), true));
                }
                return row.build();
            }
        });
        FrameworkConfig config = Frameworks.newConfigBuilder()
                .defaultSchema(root)
                .typeSystem(TransformSql.TYPE_SYSTEM)
                .parserConfig(TransformSql.PARSER)
                .sqlValidatorConfig(SqlValidator.Config.DEFAULT.withConformance(TransformSql.CONFORMANCE))
                .operatorTable(TransformSql.operators())
                // keep IN (...) a condition instead of a join with VALUES
                .sqlToRelConverterConfig(SqlToRelConverter.config().withInSubQueryThreshold(Integer.MAX_VALUE))
                .build();
        Planner planner = Frameworks.getPlanner(config);
        try {
            RelNode rel = planner.rel(planner.validate(planner.parse(sql))).project();
            RelDataType outType = rel.getRowType();
            List<RexNode> projects = null;
            RexNode condition = null;
            if (rel instanceof Project) {
                projects = ((Project) rel).getProjects();
                rel = rel.getInput(0);
            }
            if (rel instanceof Filter) {
                condition = ((Filter) rel).getCondition();
                rel = rel.getInput(0);
            }
            if (!rel.getInputs().isEmpty()) {
                throw new IllegalArgumentException(
                        "only expressions over the row's own columns are supported, not " + RelOptUtil.toString(rel));
            }
            RexBuilder rex = rel.getCluster().getRexBuilder();
            if (projects == null) {
                projects = rex.identityProjects(rel.getRowType());
            }
            layout(sourceSchema, rel.getRowType(), outType, projects, condition, rex);
        } finally {
            planner.close();
        }
    }

    private void layout(
            TableSchema sourceSchema,
            RelDataType inType,
            RelDataType outType,
            List<RexNode> projects,
            @Nullable RexNode condition,
            RexBuilder rex)
            throws Exception {
        int sourceWidth = sourceSchema.columnCount();
        List<Column> targetColumns = new ArrayList<>();
        List<Integer> copies = new ArrayList<>();
        List<RexNode> expressions = new ArrayList<>();
        List<CalciteValues.Conversion> outputs = new ArrayList<>();
        Map<String, Column> previous = new LinkedHashMap<>();
        if (target != null) {
            for (Column c : target.columns()) {
                previous.put(c.name(), c);
            }
        }
        for (int p = 0; p < projects.size(); p++) {
            RexNode node = projects.get(p);
            String name = outType.getFieldList().get(p).getName();
            boolean key = primaryKeys.contains(name);
            Column column;
            if (node instanceof RexInputRef && ((RexInputRef) node).getIndex() < sourceWidth) {
                Column from = sourceSchema.column(((RexInputRef) node).getIndex());
                column = new Column(
                        name,
                        from.type(),
                        from.nullable() && !key,
                        from.sourceType(),
                        from.defaultValue(),
                        from.comment());
                copies.add(((RexInputRef) node).getIndex());
            } else {
                RelDataType type = node.getType();
                column = new Column(
                        name, CalciteValues.columnType(type, name), type.isNullable() && !key, null, null, null);
                copies.add(-1 - expressions.size());
                expressions.add(node);
                outputs.add(CalciteValues.fromCalcite(type));
            }
            Column before = previous.get(name);
            if (before != null) {
                var joined = TypeLattice.join(before.type(), column.type(), true);
                column = column.withType(
                        joined != null ? joined : column.type(), column.nullable() || before.nullable());
            }
            targetColumns.add(column);
        }
        for (String key : primaryKeys) {
            if (targetColumns.stream().noneMatch(c -> c.name().equals(key))) {
                throw new IllegalArgumentException(
                        "primary-key column '" + key + "' is not a column of the projection");
            }
        }
        List<RexNode> read = new ArrayList<>(expressions);
        if (condition != null) {
            read.add(condition);
        }
        ImmutableBitSet used = RelOptUtil.InputFinder.bits(read, null);
        inputs = used.asList().stream()
                .filter(i -> i < sourceWidth)
                .mapToInt(Integer::intValue)
                .toArray();
        toCalcite = new CalciteValues.Conversion[inType.getFieldCount()];
        for (int i : inputs) {
            toCalcite[i] = CalciteValues.toCalcite(sourceSchema.column(i).type());
        }
        evaluator = generate(inType, expressions, condition, rex);
        copied = new int[targetColumns.size()];
        computed = new int[targetColumns.size()];
        for (int c = 0; c < copied.length; c++) {
            int from = copies.get(c);
            copied[c] = from >= 0 ? from : -1;
            computed[c] = from >= 0 ? -1 : -1 - from;
        }
        fromCalcite = outputs.toArray(new CalciteValues.Conversion[0]);
        calciteIn = new Object[inType.getFieldCount()];
        calciteOut = new Object[expressions.size()];
        hasFilter = condition != null;
        target = new TableSchema(targetColumns, primaryKeys, comment);
        keyIndexes = primaryKeys.stream().mapToInt(target::indexOf).toArray();
    }

    /**
     * Translates the expressions to Java with Calcite's code generator and compiles one class with Janino. Literals
     * and constant objects (a LIKE pattern's matcher, a BigDecimal) become final fields, so the per-record methods
     * create none of them.
     */
    private static Evaluator generate(
            RelDataType inType, List<RexNode> expressions, @Nullable RexNode condition, RexBuilder rex)
            throws Exception {
        JavaTypeFactory types = new JavaTypeFactoryImpl(rex.getTypeFactory().getTypeSystem());
        ParameterExpression in = Expressions.parameter(Object[].class, "in");
        ParameterExpression out = Expressions.parameter(Object[].class, "out");
        RexToLixTranslator.InputGetter getter =
                new RexToLixTranslator.InputGetterImpl(in, PhysTypeImpl.of(types, inType, JavaRowFormat.ARRAY, false));
        BlockBuilder constants = new BlockBuilder().withRemoveUnused(false);

        BlockBuilder filter = new BlockBuilder();
        if (condition == null) {
            filter.add(Expressions.return_(null, Expressions.constant(true)));
        } else {
            Expression test = translate(List.of(condition), inType, rex, types, filter, constants, getter)
                    .get(0);
            filter.add(Expressions.return_(
                    null,
                    test.getType() == boolean.class
                            ? test
                            : Expressions.call(
                                    SqlFunctions.class, "isTrue", Expressions.convert_(test, Boolean.class))));
        }
        BlockBuilder project = new BlockBuilder();
        List<Expression> values = translate(expressions, inType, rex, types, project, constants, getter);
        for (int i = 0; i < values.size(); i++) {
            project.add(Expressions.statement(Expressions.assign(
                    Expressions.arrayIndex(out, Expressions.constant(i)), Expressions.box(values.get(i)))));
        }
        List<MemberDeclaration> members = new ArrayList<>();
        for (Statement s : constants.toBlock().statements) {
            DeclarationStatement d = (DeclarationStatement) s;
            members.add(Expressions.fieldDecl(Modifier.PRIVATE | Modifier.FINAL, d.parameter, d.initializer));
        }
        members.add(Expressions.methodDecl(
                Modifier.PUBLIC, boolean.class, "filter", List.of(DataContext.ROOT, in), filter.toBlock()));
        members.add(Expressions.methodDecl(
                Modifier.PUBLIC, void.class, "project", List.of(DataContext.ROOT, in, out), project.toBlock()));
        ClassDeclaration generated = Expressions.classDecl(
                        Modifier.PUBLIC, "GeneratedTransform", null, List.of(Evaluator.class), members)
                .accept(ClassDeclarationFinder.create());
        ClassBodyEvaluator compiler = new ClassBodyEvaluator();
        compiler.setClassName("dev.cdclake.ingest.transform.GeneratedTransform");
        compiler.setImplementedInterfaces(new Class<?>[] {Evaluator.class});
        compiler.setParentClassLoader(Evaluator.class.getClassLoader());
        compiler.cook(Expressions.toString(generated.memberDeclarations, "\n", false));
        return (Evaluator) compiler.getClazz().getDeclaredConstructor().newInstance();
    }

    private static List<Expression> translate(
            List<RexNode> nodes,
            RelDataType inType,
            RexBuilder rex,
            JavaTypeFactory types,
            BlockBuilder block,
            BlockBuilder constants,
            RexToLixTranslator.InputGetter getter) {
        RexProgramBuilder program = new RexProgramBuilder(inType, rex);
        for (RexNode node : nodes) {
            program.addProject(node, null);
        }
        return RexToLixTranslator.translateProjects(
                program.getProgram(),
                types,
                TransformSql.CONFORMANCE,
                block,
                constants,
                null,
                DataContext.ROOT,
                getter,
                null);
    }

    private String describe() {
        StringBuilder text = new StringBuilder();
        for (Projection.Item item : items) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(
                    item.isStar() ? "*" : (item.source != null ? item.source : item.expression) + " AS " + item.target);
        }
        return text.toString();
    }
}

package dev.cdclake.ingest.paimon;

import dev.cdclake.events.Column;
import dev.cdclake.events.TableId;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.ingest.transform.MetadataColumn;
import dev.cdclake.ingest.transform.RowTransform;
import dev.cdclake.ingest.transform.TransformRule;
import dev.cdclake.ingest.transform.TransformRules;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.CatalogContext;
import org.apache.paimon.fs.FileIO;
import org.apache.paimon.fs.Path;
import org.apache.paimon.fs.PositionOutputStream;
import org.apache.paimon.options.Options;
import org.apache.paimon.table.FileStoreTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Checks the Paimon side before ingest-job starts, so that none of these is first found when the first row arrives: the
 * catalog opens and answers (a REST server reachable, its token or DLF signature accepted), a filesystem warehouse can
 * be created and written, and every existing table the job will write agrees with the incoming rows: the same primary
 * key, and columns whose types hold the incoming ones (or can be widened to). Failures are {@link
 * PipelineConfigException}s that name the setting or table and the fix.
 */
public final class PaimonPreflight {
    private static final Logger LOG = LoggerFactory.getLogger(PaimonPreflight.class);

    private PaimonPreflight() {}

    /**
     * @param published the latest published schema of each table, by source table: the schema topic may also hold
     *     tables this job does not read, so only those that exist in the lake are checked
     * @param rules the transform rules, which shape the published tables and whose primary keys are checked against
     *     the existing tables they match
     * @param sinkTables the Paimon tables of each source table (the route rules); a table the routes refuse fails here
     */
    public static void check(
            PaimonCatalogLoader loader,
            Map<TableId, TableSchema> published,
            TransformRules rules,
            Function<TableId, List<TableId>> sinkTables,
            PaimonTypes types) {
        // the source tables of each sink table; asking the routes refuses a merge that lacks explicit keys
        Map<TableId, List<TableId>> sources = new HashMap<>();
        for (TableId source : published.keySet()) {
            List<TableId> sinks;
            try {
                sinks = sinkTables.apply(source);
            } catch (IllegalArgumentException refused) {
                throw new PipelineConfigException(refused.getMessage(), refused);
            }
            for (TableId sink : sinks) {
                sources.computeIfAbsent(sink, k -> new ArrayList<>()).add(source);
            }
        }
        Map<String, String> options = loader.options();
        String metastore = options.getOrDefault(PaimonCatalogLoader.METASTORE, "filesystem");
        if ("filesystem".equals(metastore)) {
            probeWarehouse(options);
        }
        try (Catalog catalog = open(loader, metastore)) {
            int checked = 0;
            for (String database : catalog.listDatabases()) {
                for (String name : catalog.listTables(database)) {
                    TableId id = TableId.of(database, name);
                    List<TableId> from = sources.getOrDefault(id, List.of());
                    for (TableId source : from) {
                        TableSchema schema = incoming(source, published.get(source), rules.ruleFor(source));
                        checkTable(catalog, id, schema.primaryKeys(), schema, types);
                    }
                    TransformRule rule = rules.ruleFor(id);
                    if (from.isEmpty() && rule != null && !rule.primaryKeys().isEmpty()) {
                        checkTable(catalog, id, rule.primaryKeys(), null, types);
                    } else if (from.isEmpty()) {
                        continue;
                    }
                    checked++;
                }
            }
            LOG.info(
                    "Paimon catalog ({}) answers; {} existing tables agree with the incoming rows", metastore, checked);
        } catch (PipelineConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new PipelineConfigException(
                    String.format(
                            "The Paimon catalog (%s) failed while listing its tables: %s; check %s",
                            metastore, rootMessage(e), connectionOptions(metastore)),
                    e);
        }
    }

    private static Catalog open(PaimonCatalogLoader loader, String metastore) {
        try {
            return loader.load();
        } catch (PipelineConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PipelineConfigException(
                    String.format(
                            "The Paimon catalog (%s) cannot be opened: %s; check %s",
                            metastore, rootMessage(e), connectionOptions(metastore)),
                    e);
        }
    }

    /**
     * Creates the warehouse directory if needed and writes and deletes a file in it: a path that is not a directory,
     * or one the job may not write, fails here rather than at the first checkpoint.
     */
    private static void probeWarehouse(Map<String, String> options) {
        String warehouse = options.get(PaimonCatalogLoader.WAREHOUSE);
        Path root = new Path(warehouse);
        try {
            FileIO io = FileIO.get(root, CatalogContext.create(Options.fromMap(options)));
            if (!io.exists(root) && !io.mkdirs(root)) {
                throw new java.io.IOException("the directory cannot be created");
            }
            if (!io.isDir(root)) {
                throw new java.io.IOException("it is not a directory");
            }
            Path probe = new Path(root, ".cdclake-preflight-" + UUID.randomUUID());
            try (PositionOutputStream out = io.newOutputStream(probe, false)) {
                out.write(0);
            }
            io.deleteQuietly(probe);
        } catch (Exception e) {
            throw new PipelineConfigException(
                    String.format(
                            "sink.catalog.properties.warehouse '%s' is not usable: %s; choose a directory this job"
                                    + " can create and write (on every task manager)",
                            warehouse, rootMessage(e)),
                    e);
        }
    }

    /** A published table as its transform rule shapes it: projected columns, the rule's primary key. */
    private static TableSchema incoming(TableId id, TableSchema published, @Nullable TransformRule rule) {
        if (rule == null) {
            return published;
        }
        List<String> keys = rule.primaryKeys().isEmpty() ? published.primaryKeys() : rule.primaryKeys();
        if (rule.transformsRows()) {
            // the rows the transform reads: the fields, then the metadata columns the rule uses; compiling the
            // expressions against them checks them before the job starts
            TableSchema.Builder source = TableSchema.builder();
            Map<String, MetadataColumn> metadata = rule.sourceProjection().metadata();
            for (Column c : published.columns()) {
                if (!metadata.containsKey(c.name())) {
                    source.column(c);
                }
            }
            metadata.forEach((name, m) -> source.column(new Column(name, m.type(), false, null, null, null)));
            return new RowTransform(id, rule, keys, published.comment()).schema(source.build());
        }
        TableSchema.Builder b = TableSchema.builder().comment(published.comment());
        for (Column c : published.columns()) {
            for (String target : rule.projection().targets(c.name())) {
                b.column(new Column(target, c.type(), c.nullable(), c.sourceType(), c.defaultValue(), c.comment()));
            }
        }
        rule.projection()
                .metadata()
                .forEach((target, metadata) -> b.column(new Column(target, metadata.type(), false, null, null, null)));
        TableSchema projected = b.build();
        for (String key : keys) {
            if (projected.indexOf(key) < 0) {
                throw new PipelineConfigException(String.format(
                        "The transform rule for %s (source-table: %s) names primary key column '%s', which the table"
                                + " published for it does not have (columns %s): fix the rule's primary-keys or"
                                + " projection",
                        id, rule.sourceTable(), key, projected.columnNames()));
            }
        }
        return projected.withPrimaryKeys(keys);
    }

    /**
     * @param incoming the incoming columns, or null when only the primary key is known (a transform rule's, for a
     *     producer that publishes no schema)
     */
    private static void checkTable(
            Catalog catalog, TableId id, List<String> keys, @Nullable TableSchema incoming, PaimonTypes types)
            throws Catalog.TableNotExistException {
        try {
            FileStoreTable table =
                    PaimonTableReconciler.checkSupported(id, catalog.getTable(PaimonTableReconciler.identifier(id)));
            PaimonTableReconciler.checkPrimaryKey(id, table, keys);
            if (incoming != null) {
                PaimonTableReconciler.requiredChanges(id, incoming.withPrimaryKeys(keys), table, types);
            }
        } catch (IllegalArgumentException e) {
            throw new PipelineConfigException(e.getMessage(), e);
        }
    }

    private static String connectionOptions(String metastore) {
        return "rest".equals(metastore)
                ? "sink.catalog.properties.uri (is the REST server running and reachable from here?) and "
                        + "sink.catalog.properties.warehouse"
                : "sink.catalog.properties.warehouse and sink.catalog.properties.metastore";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String outer = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return t == e ? outer : outer + " (" + t.getClass().getSimpleName() + ": " + t.getMessage() + ")";
    }
}

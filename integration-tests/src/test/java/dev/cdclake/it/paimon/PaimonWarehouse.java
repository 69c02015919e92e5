package dev.cdclake.it.paimon;

import dev.cdclake.it.process.WorkDirs;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.CatalogContext;
import org.apache.paimon.catalog.CatalogFactory;
import org.apache.paimon.options.CatalogOptions;
import org.apache.paimon.options.Options;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A Paimon filesystem catalog in a new directory under the run's work directory. */
public final class PaimonWarehouse {

    private final Path path;

    private PaimonWarehouse(Path path) {
        this.path = path;
    }

    public static PaimonWarehouse create() {
        return new PaimonWarehouse(WorkDirs.newTempDir("paimon-warehouse"));
    }

    public Path path() {
        return path;
    }

    /** {@code file:/...}, the {@code warehouse} option. */
    public String uri() {
        return path.toUri().toString();
    }

    /** What a job's catalog configuration needs: {@code metastore=filesystem}, {@code warehouse}. */
    public Map<String, String> catalogOptions() {
        return Map.of(CatalogOptions.METASTORE.key(), "filesystem", CatalogOptions.WAREHOUSE.key(), uri());
    }

    /**
     * A new catalog client; the caller closes it. Its cache is off: a test polling the lake must see each table's
     * latest schema, not the one of its first look.
     */
    public Catalog createCatalog() {
        Map<String, String> options = new HashMap<>(catalogOptions());
        options.put(CatalogOptions.CACHE_ENABLED.key(), "false");
        return CatalogFactory.createCatalog(CatalogContext.create(Options.fromMap(options)));
    }

    @Override
    public String toString() {
        return "Paimon filesystem warehouse " + uri();
    }
}

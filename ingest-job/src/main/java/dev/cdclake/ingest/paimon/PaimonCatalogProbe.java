package dev.cdclake.ingest.paimon;

import dev.cdclake.events.health.PartProbe;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.CatalogLoader;

/** A Paimon catalog answers when it opens and lists its databases. */
public final class PaimonCatalogProbe implements PartProbe {
    private static final long serialVersionUID = 1L;

    private final CatalogLoader loader;
    private final String description;

    public PaimonCatalogProbe(PaimonCatalogLoader loader) {
        this.loader = loader;
        String metastore = loader.options().getOrDefault(PaimonCatalogLoader.METASTORE, "filesystem");
        this.description = "the Paimon catalog at "
                + loader.options()
                        .getOrDefault(
                                "rest".equals(metastore) ? PaimonCatalogLoader.URI : PaimonCatalogLoader.WAREHOUSE,
                                "?");
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void probe() throws Exception {
        try (Catalog catalog = loader.load()) {
            catalog.listDatabases();
        }
    }
}

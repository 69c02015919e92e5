package dev.cdclake.ingest.paimon;

import org.apache.flink.util.InstantiationUtil;
import org.apache.paimon.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaimonCatalogLoaderTest {

    @Test
    void filesystemCatalogNeedsAWarehouse() {
        assertThatThrownBy(() -> new PaimonCatalogLoader(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sink.catalog.properties.warehouse");
    }

    @Test
    void restCatalogNeedsUriAndWarehouse() {
        assertThatThrownBy(() -> new PaimonCatalogLoader(Map.of("metastore", "rest", "warehouse", "w")))
                .hasMessageContaining("sink.catalog.properties.uri");
        assertThatThrownBy(() -> new PaimonCatalogLoader(Map.of("metastore", "rest", "uri", "http://localhost:1")))
                .hasMessageContaining("catalog (instance) name on the REST server");
    }

    @Test
    void neverPrintsCredentials() {
        PaimonCatalogLoader loader = new PaimonCatalogLoader(Map.of(
                "metastore", "rest", "uri", "http://localhost:1", "warehouse", "w", "token.provider", "dlf",
                "token", "bearer-secret", "dlf.access-key-id", "AKID", "dlf.access-key-secret", "SECRET",
                "dlf.security-token", "STS"));
        assertThat(loader.toString())
                .contains("token.provider=dlf", "uri=http://localhost:1")
                .doesNotContain("bearer-secret", "AKID", "SECRET", "STS");
    }

    @Test
    void survivesSerializationAndLoadsAnUncachedCatalog(@TempDir Path warehouse) throws Exception {
        PaimonCatalogLoader loader = new PaimonCatalogLoader(Map.of("warehouse", warehouse.toUri().toString()));
        PaimonCatalogLoader copy = InstantiationUtil.clone(loader);
        assertThat(copy.options()).containsEntry("cache-enabled", "false");
        try (Catalog catalog = copy.load()) {
            catalog.createDatabase("db", false);
            assertThat(catalog.listDatabases()).contains("db");
        }
    }
}

package dev.cdclake.ingest.paimon;

import com.sun.net.httpserver.HttpServer;
import dev.cdclake.events.config.PipelineConfigException;
import org.apache.flink.util.InstantiationUtil;
import org.apache.paimon.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
                "metastore",
                "rest",
                "uri",
                "http://localhost:1",
                "warehouse",
                "w",
                "token.provider",
                "dlf",
                "token",
                "bearer-secret",
                "dlf.access-key-id",
                "AKID",
                "dlf.access-key-secret",
                "SECRET",
                "dlf.security-token",
                "STS"));
        assertThat(loader.toString())
                .contains("token.provider=dlf", "uri=http://localhost:1")
                .doesNotContain("bearer-secret", "AKID", "SECRET", "STS");
    }

    @Test
    void survivesSerializationAndLoadsAnUncachedCatalog(@TempDir Path warehouse) throws Exception {
        PaimonCatalogLoader loader =
                new PaimonCatalogLoader(Map.of("warehouse", warehouse.toUri().toString()));
        PaimonCatalogLoader copy = InstantiationUtil.clone(loader);
        assertThat(copy.options()).containsEntry("cache-enabled", "false");
        try (Catalog catalog = copy.load()) {
            catalog.createDatabase("db", false);
            assertThat(catalog.listDatabases()).contains("db");
        }
    }

    @Test
    void aRefusedTokenNamesTheServerAndTheOptionToCheckButNotTheToken() throws Exception {
        HttpServer server = refusingServer(401);
        try {
            PaimonCatalogLoader loader = new PaimonCatalogLoader(Map.of(
                    "metastore",
                    "rest",
                    "uri",
                    uri(server),
                    "warehouse",
                    "w",
                    "token.provider",
                    "bear",
                    "token",
                    "wrong-token"));
            assertThatThrownBy(loader::load)
                    .isInstanceOf(PipelineConfigException.class)
                    .hasMessageContaining("The Paimon REST catalog at " + uri(server) + " refused the credentials "
                            + "of token.provider 'bear'")
                    .hasMessageContaining("check sink.catalog.properties.token")
                    .hasMessageNotContaining("wrong-token");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aForbiddenWarehouseNamesTheWarehouseAndTheDlfOptions() throws Exception {
        HttpServer server = refusingServer(403);
        try {
            PaimonCatalogLoader loader = new PaimonCatalogLoader(Map.of(
                    "metastore",
                    "rest",
                    "uri",
                    uri(server),
                    "warehouse",
                    "sales",
                    "token.provider",
                    "dlf",
                    "dlf.access-key-id",
                    "AKID",
                    "dlf.access-key-secret",
                    "SECRET",
                    "dlf.region",
                    "cn-hangzhou"));
            assertThatThrownBy(loader::load)
                    .isInstanceOf(PipelineConfigException.class)
                    .hasMessageContaining("forbids access to warehouse 'sales'")
                    .hasMessageContaining("dlf.access-key-id, dlf.access-key-secret")
                    .hasMessageNotContaining("AKID")
                    .hasMessageNotContaining("SECRET");
        } finally {
            server.stop(0);
        }
    }

    /** A loopback HTTP server answering every request with {@code status}, as a REST catalog refusing a client. */
    private static HttpServer refusingServer(int status) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("{\"message\":\"refused\",\"code\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    private static String uri(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}

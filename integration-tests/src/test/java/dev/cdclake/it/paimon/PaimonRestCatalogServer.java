package dev.cdclake.it.paimon;

import dev.cdclake.it.process.WorkDirs;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.CatalogContext;
import org.apache.paimon.catalog.CatalogFactory;
import org.apache.paimon.options.CatalogOptions;
import org.apache.paimon.options.Options;
import org.apache.paimon.rest.RESTCatalogInternalOptions;
import org.apache.paimon.rest.RESTCatalogOptions;
import org.apache.paimon.rest.RESTCatalogServer;
import org.apache.paimon.rest.auth.AuthProvider;
import org.apache.paimon.rest.auth.BearTokenAuthProvider;
import org.apache.paimon.rest.auth.DLFAuthProvider;
import org.apache.paimon.rest.responses.ConfigResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A Paimon REST catalog on loopback: Paimon's own {@code RESTCatalogServer} (paimon-core test jar, an okhttp
 * MockWebServer implementing the REST API over a local filesystem catalog). Every request must carry the expected
 * authentication: a bearer token, or a DLF v4 request signature that the server recomputes with its own copy of the
 * access key and secret. Wrong credentials are answered with 401.
 *
 * <p>Data tokens are off, so clients read and write table files through plain local file IO.
 */
public final class PaimonRestCatalogServer implements AutoCloseable {

    public static final String DEFAULT_TOKEN = "it-bearer-token";
    public static final String DEFAULT_DLF_REGION = "cn-hangzhou";

    private static final Logger LOG = LoggerFactory.getLogger(PaimonRestCatalogServer.class);

    private final RESTCatalogServer server;
    private final Path dataDir;
    private final String warehouse;
    private final Map<String, String> catalogOptions;

    private PaimonRestCatalogServer(
            RESTCatalogServer server, Path dataDir, String warehouse, Map<String, String> catalogOptions) {
        this.server = server;
        this.dataDir = dataDir;
        this.warehouse = warehouse;
        this.catalogOptions = catalogOptions;
    }

    /** A server that accepts requests with {@code Authorization: Bearer <token>}. */
    public static PaimonRestCatalogServer startWithBearerToken(String token) {
        Map<String, String> auth = new LinkedHashMap<>();
        auth.put(RESTCatalogOptions.TOKEN_PROVIDER.key(), "bear");
        auth.put(RESTCatalogOptions.TOKEN.key(), token);
        return start(new BearTokenAuthProvider(token), auth);
    }

    /** A server that accepts requests signed with DLF v4 signatures for this access key pair and region. */
    public static PaimonRestCatalogServer startWithDlfSigning(
            String accessKeyId, String accessKeySecret, String region) {
        Map<String, String> auth = new LinkedHashMap<>();
        auth.put(RESTCatalogOptions.TOKEN_PROVIDER.key(), "dlf");
        auth.put(RESTCatalogOptions.DLF_ACCESS_KEY_ID.key(), accessKeyId);
        auth.put(RESTCatalogOptions.DLF_ACCESS_KEY_SECRET.key(), accessKeySecret);
        auth.put(RESTCatalogOptions.DLF_REGION.key(), region);
        // The server verifies with the x-dlf-date the client sent, so the check does not depend on clock ticks.
        return start(DLFAuthProvider.fromAccessKey(accessKeyId, accessKeySecret, null, region), auth);
    }

    private static PaimonRestCatalogServer start(AuthProvider serverAuth, Map<String, String> clientAuth) {
        Path dataDir = WorkDirs.newTempDir("paimon-rest");
        String warehouse = "wh_" + UUID.randomUUID().toString().replace("-", "");
        ConfigResponse config = new ConfigResponse(
                Map.of(RESTCatalogInternalOptions.PREFIX.key(), "paimon", CatalogOptions.WAREHOUSE.key(), warehouse),
                Map.of());
        RESTCatalogServer server = new RESTCatalogServer(dataDir.toUri().toString(), serverAuth, config, warehouse);
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Paimon REST catalog server", e);
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put(CatalogOptions.METASTORE.key(), "rest");
        options.put(RESTCatalogOptions.URI.key(), server.getUrl());
        options.put(CatalogOptions.WAREHOUSE.key(), warehouse);
        options.putAll(clientAuth);
        PaimonRestCatalogServer started = new PaimonRestCatalogServer(server, dataDir, warehouse, Map.copyOf(options));
        LOG.info("Started {} ({}), table data under {}", started, clientAuth.get("token.provider"), dataDir);
        return started;
    }

    public String uri() {
        return server.getUrl();
    }

    public int port() {
        return java.net.URI.create(uri()).getPort();
    }

    /** {@link #catalogOptions()} with the server reached on another loopback port, such as a relay's. */
    public Map<String, String> catalogOptionsVia(int port) {
        Map<String, String> options = new LinkedHashMap<>(catalogOptions);
        options.put(RESTCatalogOptions.URI.key(), "http://127.0.0.1:" + port);
        return Map.copyOf(options);
    }

    public String warehouse() {
        return warehouse;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * What a job's catalog configuration needs: {@code metastore=rest}, {@code uri}, {@code warehouse}, {@code
     * token.provider} and {@code token} or {@code dlf.access-key-id}, {@code dlf.access-key-secret}, {@code
     * dlf.region}.
     */
    public Map<String, String> catalogOptions() {
        return catalogOptions;
    }

    /** A new catalog client with {@link #catalogOptions()}; the caller closes it. */
    public Catalog createCatalog() {
        return createCatalog(Map.of());
    }

    /** A new catalog client with {@link #catalogOptions()} changed by {@code overrides} (e.g. a wrong token). */
    public Catalog createCatalog(Map<String, String> overrides) {
        Map<String, String> options = new HashMap<>(catalogOptions);
        options.putAll(overrides);
        return CatalogFactory.createCatalog(CatalogContext.create(Options.fromMap(options)));
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }

    @Override
    public String toString() {
        return "Paimon REST catalog " + uri() + " (warehouse " + warehouse + ")";
    }
}

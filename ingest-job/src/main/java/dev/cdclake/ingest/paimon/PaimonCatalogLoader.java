package dev.cdclake.ingest.paimon;

import dev.cdclake.events.config.PipelineConfigException;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.CatalogContext;
import org.apache.paimon.catalog.CatalogFactory;
import org.apache.paimon.catalog.CatalogLoader;
import org.apache.paimon.options.Options;
import org.apache.paimon.rest.exceptions.ForbiddenException;
import org.apache.paimon.rest.exceptions.NotAuthorizedException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Serializable recipe for a Paimon {@link Catalog}, re-created on every task manager from the options the user wrote
 * under {@code catalog.properties.*}: {@code metastore} {@code filesystem} (default) with a {@code warehouse} path, or
 * {@code rest} with {@code uri}, {@code warehouse} (the catalog name on the server) and {@code token.provider}
 * {@code bear}/{@code dlf} plus its {@code token}/{@code dlf.*} credentials, exactly as Paimon defines them.
 */
public final class PaimonCatalogLoader implements CatalogLoader {
    private static final long serialVersionUID = 1L;

    public static final String METASTORE = "metastore";
    public static final String WAREHOUSE = "warehouse";
    public static final String URI = "uri";
    public static final String TOKEN_PROVIDER = "token.provider";
    /**
     * Paimon's catalog cache would hand out tables with a stale schema after another subtask altered them; the sink
     * re-reads tables exactly when it needs the latest schema, so the cache stays off.
     */
    static final String CACHE_ENABLED = "cache-enabled";

    private final Map<String, String> options;

    public PaimonCatalogLoader(Map<String, String> catalogOptions) {
        Map<String, String> copy = new LinkedHashMap<>(catalogOptions);
        String metastore = copy.getOrDefault(METASTORE, "filesystem");
        if ("rest".equals(metastore)) {
            require(copy, URI, "the REST catalog server, for example http://dlf.example.com:8080");
            require(copy, WAREHOUSE, "the catalog (instance) name on the REST server");
        } else if ("filesystem".equals(metastore)) {
            require(copy, WAREHOUSE, "the warehouse path, for example file:///data/paimon or s3://bucket/paimon");
        }
        copy.put(CACHE_ENABLED, "false");
        this.options = Collections.unmodifiableMap(copy);
    }

    private static void require(Map<String, String> options, String key, String what) {
        String value = options.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(String.format(
                    "Paimon catalog option '%s' is missing: set sink.catalog.properties.%s to %s", key, key, what));
        }
    }

    public Map<String, String> options() {
        return options;
    }

    /**
     * Creates the catalog. A REST server's refusal (HTTP 401/403, which Paimon reports as a bare "Not authorized")
     * becomes an error naming the server and the options to check, without their values.
     */
    @Override
    public Catalog load() {
        try {
            return CatalogFactory.createCatalog(CatalogContext.create(Options.fromMap(options)));
        } catch (NotAuthorizedException e) {
            throw new PipelineConfigException(
                    String.format(
                            "The Paimon REST catalog at %s refused the credentials of token.provider '%s' (%s): check "
                                    + "%s",
                            options.get(URI), options.get(TOKEN_PROVIDER), e.getMessage(), credentialOptions()),
                    e);
        } catch (ForbiddenException e) {
            throw new PipelineConfigException(
                    String.format(
                            "The Paimon REST catalog at %s accepted the credentials of token.provider '%s' but forbids "
                                    + "access to warehouse '%s' (%s): grant them access to it, or check "
                                    + "sink.catalog.properties.warehouse and %s",
                            options.get(URI),
                            options.get(TOKEN_PROVIDER),
                            options.get(WAREHOUSE),
                            e.getMessage(),
                            credentialOptions()),
                    e);
        }
    }

    private String credentialOptions() {
        return "dlf".equals(options.get(TOKEN_PROVIDER))
                ? "sink.catalog.properties.dlf.access-key-id, dlf.access-key-secret and dlf.security-token (or "
                        + "dlf.token-path), and dlf.region"
                : "sink.catalog.properties.token";
    }

    /** Option keys with the values of credentials hidden. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        options.forEach((k, v) -> shown.put(k, isSecret(k) ? "******" : v));
        return "PaimonCatalogLoader" + shown;
    }

    private static boolean isSecret(String key) {
        String k = key.toLowerCase();
        return k.contains("token") && !k.equals("token.provider")
                || k.contains("secret")
                || k.contains("password")
                || k.contains("access-key");
    }
}

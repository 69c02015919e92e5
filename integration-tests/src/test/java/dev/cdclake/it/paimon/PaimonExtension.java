package dev.cdclake.it.paimon;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test its own Paimon catalogs ({@code @ExtendWith(PaimonExtension.class)}): a {@link PaimonWarehouse}
 * parameter is a new filesystem warehouse, a {@link PaimonRestCatalogServer} parameter a new REST catalog server with
 * bearer-token auth ({@link PaimonRestCatalogServer#DEFAULT_TOKEN}), shut down after the test. Servers with other
 * credentials or DLF signing come from the static factories of {@link PaimonRestCatalogServer}.
 */
public final class PaimonExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PaimonExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == PaimonWarehouse.class || type == PaimonRestCatalogServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == PaimonWarehouse.class) {
            return PaimonWarehouse.create();
        }
        PaimonRestCatalogServer server =
                PaimonRestCatalogServer.startWithBearerToken(PaimonRestCatalogServer.DEFAULT_TOKEN);
        // closed with the context that asked for it (the test method, or the class for constructor/@BeforeAll use)
        context.getStore(NAMESPACE)
                .put(
                        parameter.getDeclaringExecutable() + "#" + parameter.getIndex(),
                        (ExtensionContext.Store.CloseableResource) server::close);
        return server;
    }
}

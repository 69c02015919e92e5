package dev.cdclake.it.process;

import org.junit.jupiter.api.extension.ExtensionContext;

import javax.annotation.Nullable;
import java.util.function.Supplier;

/**
 * Servers shared by all tests of a run: kept in the root {@link ExtensionContext.Store} of the JUnit run, created on
 * first use and closed when the run ends (and by {@link ChildProcess}'s watchdog if the JVM dies first). A server
 * that failed to start is not retried for every test: later tests get the same failure (or the same skipped
 * assumption) at once.
 */
public final class RunScopedResources {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RunScopedResources.class);

    private RunScopedResources() {}

    /** The resource of {@code type} stored under {@code key}, created with {@code factory} on first use. */
    public static <T extends AutoCloseable> T getOrCreate(
            ExtensionContext context, String key, Class<T> type, Supplier<T> factory) {
        Holder holder = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(key, k -> Holder.create(factory), Holder.class);
        if (holder.failure != null) {
            throw holder.failure;
        }
        return type.cast(holder.resource);
    }

    /** Adapts an {@link AutoCloseable} to the store's {@link ExtensionContext.Store.CloseableResource}. */
    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        @Nullable
        private final AutoCloseable resource;

        @Nullable
        private final RuntimeException failure;

        private Holder(@Nullable AutoCloseable resource, @Nullable RuntimeException failure) {
            this.resource = resource;
            this.failure = failure;
        }

        static Holder create(Supplier<? extends AutoCloseable> factory) {
            try {
                return new Holder(factory.get(), null);
            } catch (RuntimeException e) {
                return new Holder(null, e);
            }
        }

        @Override
        public void close() throws Exception {
            if (resource != null) {
                resource.close();
            }
        }
    }
}

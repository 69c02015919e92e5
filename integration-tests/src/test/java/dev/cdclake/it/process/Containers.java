package dev.cdclake.it.process;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The optional Testcontainers path: with {@code -Dit.containers=true} MySQL 8.0 and Kafka come from containers.
 * Without a reachable Docker engine the tests that need them are skipped (disabled, with the reason logged).
 */
public final class Containers {

    public static final String ENABLED_PROPERTY = "it.containers";

    private static final Logger LOG = LoggerFactory.getLogger(Containers.class);

    private Containers() {}

    public static boolean enabled() {
        return Boolean.getBoolean(ENABLED_PROPERTY);
    }

    /**
     * Disables a test (method, or class through its constructor) that takes a {@code serverType} parameter when
     * containers are asked for but no Docker engine answers; enables everything else.
     */
    public static ConditionEvaluationResult dockerCondition(
            ExtensionContext context, Class<?> serverType, String what) {
        if (!enabled() || !takesParameter(context, serverType)) {
            return ConditionEvaluationResult.enabled("no " + what + " container needed");
        }
        if (dockerAvailable()) {
            return ConditionEvaluationResult.enabled("Docker is available for the " + what + " container");
        }
        String reason =
                "-D" + ENABLED_PROPERTY + "=true asks for " + what + " from a container, but no Docker engine is "
                        + "reachable (DOCKER_HOST, /var/run/docker.sock); skipping " + context.getDisplayName()
                        + ". Run without -D" + ENABLED_PROPERTY + " to use the local servers instead.";
        LOG.warn(reason);
        return ConditionEvaluationResult.disabled(reason);
    }

    /** Whether a Docker engine answers; Testcontainers caches the answer for the JVM. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean takesParameter(ExtensionContext context, Class<?> type) {
        Stream<Executable> executables = context.getTestMethod().isPresent()
                ? Stream.of(context.getTestMethod().get())
                : context.getTestClass().stream()
                        .flatMap(c -> Arrays.<Constructor<?>>stream(c.getDeclaredConstructors()));
        return executables.anyMatch(e -> Arrays.asList(e.getParameterTypes()).contains(type));
    }
}

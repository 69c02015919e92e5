package dev.cdclake.it.mysql;

import dev.cdclake.it.process.Containers;
import dev.cdclake.it.process.RunScopedResources;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the {@link MySqlServer} of the run ({@code @ExtendWith(MySqlExtension.class)}, then a {@code
 * MySqlServer} parameter in a test, lifecycle method or constructor). Started on first use, stopped when the run ends.
 * With {@code -Dit.containers=true} and no Docker engine, the tests that take a {@code MySqlServer} are skipped.
 */
public final class MySqlExtension implements ParameterResolver, ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (MySqlServers.isExisting()) {
            return ConditionEvaluationResult.enabled("an existing MySQL server is configured");
        }
        return Containers.dockerCondition(context, MySqlServer.class, "MySQL");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MySqlServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    /** The shared server, for extensions and fixtures that have an {@link ExtensionContext}. */
    public static MySqlServer server(ExtensionContext context) {
        return RunScopedResources.getOrCreate(
                context, MySqlServer.class.getName(), MySqlServer.class, MySqlServers::start);
    }
}

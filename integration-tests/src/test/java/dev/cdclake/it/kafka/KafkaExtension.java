package dev.cdclake.it.kafka;

import dev.cdclake.it.process.Containers;
import dev.cdclake.it.process.RunScopedResources;
import dev.cdclake.it.process.WorkDirs;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the Kafka of the run ({@code @ExtendWith(KafkaExtension.class)}):
 *
 * <ul>
 *   <li>a {@link KafkaServer} parameter: the local broker, or a container with {@code -Dit.containers=true};
 *   <li>a {@link LocalKafkaBroker} parameter: always the local broker process, for tests that stop, kill or restart
 *       it. A broker a previous test left stopped is started again before it is handed out.
 * </ul>
 *
 * <p>With {@code -Dit.containers=true} and no Docker engine, the tests that take a {@code KafkaServer} are skipped.
 */
public final class KafkaExtension implements ParameterResolver, ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return Containers.dockerCondition(context, KafkaServer.class, "Kafka");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KafkaServer.class || type == LocalKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == KafkaServer.class && Containers.enabled()) {
            return RunScopedResources.getOrCreate(
                    context, KafkaContainerServer.class.getName(), KafkaServer.class, KafkaContainerServer::start);
        }
        return localBroker(context);
    }

    /** The shared local broker, running. */
    public static LocalKafkaBroker localBroker(ExtensionContext context) {
        LocalKafkaBroker broker = RunScopedResources.getOrCreate(
                context,
                LocalKafkaBroker.class.getName(),
                LocalKafkaBroker.class,
                () -> LocalKafkaBroker.start(WorkDirs.freshDir("kafka")));
        broker.ensureRunning();
        return broker;
    }
}

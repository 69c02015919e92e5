package dev.cdclake.ingest.paimon;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.runtime.state.StateInitializationContext;

import java.util.List;
import java.util.UUID;

/**
 * The Paimon commit user of one job. Paimon recognises already committed files by (commit user, checkpoint id), so two
 * jobs sharing a user can silently drop each other's commits on restore: the configured value is only a prefix, a UUID
 * is appended when the job graph is built, and operator state keeps the first value for the rest of the job's life.
 * Writers and the committer each keep it, so both restore the same value from the same checkpoint.
 */
final class CommitUserState {
    static final String DEFAULT_PREFIX = "cdclake-ingest";

    private static final ListStateDescriptor<String> DESCRIPTOR =
            new ListStateDescriptor<>("paimon-commit-user", StringSerializer.INSTANCE);

    private CommitUserState() {}

    /** A fresh commit user: the prefix, a dash and a random UUID. */
    static String newCommitUser(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** The restored commit user if there is one, else {@code initial}; stored for the next checkpoints either way. */
    static String restoreOrInit(StateInitializationContext context, String initial) throws Exception {
        // Union state: every subtask sees the value after a rescale, whatever its new index.
        ListState<String> state = context.getOperatorStateStore().getUnionListState(DESCRIPTOR);
        String user = initial;
        for (String restored : state.get()) {
            user = restored;
            break;
        }
        state.update(List.of(user));
        return user;
    }
}

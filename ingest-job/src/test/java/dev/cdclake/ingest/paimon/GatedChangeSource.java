package dev.cdclake.ingest.paimon;

import dev.cdclake.events.ChangeEvent;
import org.apache.flink.streaming.api.functions.source.RichParallelSourceFunction;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Test source whose subtask {@code i} replays its own script, {@code <script>-<i>}, in steps; before each step but the
 * first it waits for the test to open the step's gate ({@link #open}), so that the test can order what two subtasks do
 * relative to what the lake already shows. Scripts and gates live in static registries: change events are not
 * {@code Serializable}, and the MiniCluster runs in this JVM. Keeps running without emitting once done.
 */
final class GatedChangeSource extends RichParallelSourceFunction<ChangeEvent> {
    private static final long serialVersionUID = 1L;
    private static final Duration GATE_DEADLINE = Duration.ofSeconds(120);

    /** The steps of each subtask's script. */
    static final Map<String, List<List<ChangeEvent>>> SCRIPTS = new ConcurrentHashMap<>();

    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

    private final String script;
    private volatile boolean running = true;

    GatedChangeSource(String script) {
        this.script = script;
    }

    /** Lets step {@code step} of subtask {@code subtask} of {@code script} go. */
    static void open(String script, int subtask, int step) {
        gate(script + "-" + subtask + "/" + step).countDown();
    }

    private static CountDownLatch gate(String name) {
        return GATES.computeIfAbsent(name, n -> new CountDownLatch(1));
    }

    @Override
    public void run(SourceContext<ChangeEvent> ctx) throws Exception {
        String name = script + "-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        List<List<ChangeEvent>> steps = SCRIPTS.getOrDefault(name, List.of());
        for (int step = 0; step < steps.size() && running; step++) {
            if (step > 0 && !gate(name + "/" + step).await(GATE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Gate " + name + "/" + step + " not opened within " + GATE_DEADLINE);
            }
            synchronized (ctx.getCheckpointLock()) {
                for (ChangeEvent e : steps.get(step)) {
                    ctx.collect(e);
                }
            }
        }
        while (running) {
            Thread.sleep(20); // idle until cancelled; nothing to wait for
        }
    }

    @Override
    public void cancel() {
        running = false;
    }
}

package dev.cdclake.benchmarks;

import dev.cdclake.capture.format.CanalJsonSerializer;
import dev.cdclake.capture.format.CsvKeySerializer;
import dev.cdclake.capture.format.DebeziumJsonSerializer;
import dev.cdclake.capture.format.JsonFormatConfig;
import dev.cdclake.capture.format.JsonKeySerializer;
import dev.cdclake.capture.format.JsonSerializer;
import dev.cdclake.events.ChangeEvent;
import org.apache.flink.api.common.serialization.SerializationSchema;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Events per second of CPU time of each serializer on one thread, i.e. per core. JMH's scores are per second of wall
 * time, which other processes on a shared machine depress; this measures the serializing thread's own CPU time, so
 * the figure holds on a busy build machine. Complements {@link RecordSerializerBenchmark}, which stays the reference
 * on an idle machine.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.cdclake.benchmarks.CpuTimeThroughput [cpu-seconds]}
 */
public final class CpuTimeThroughput {
    private static final int BATCH = 10_000;
    private static final int ROUNDS = 5;

    private static long checksum;

    private CpuTimeThroughput() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ChangeEvent update = CustomersRow.update();
        ChangeEvent[] shuffled = new ChangeEvent[1024];
        for (int i = 0; i < shuffled.length; i++) {
            shuffled[i] = CustomersRow.afterNetworkShuffle(update);
        }
        Map<String, SerializationSchema<ChangeEvent>> cases = new LinkedHashMap<>();
        cases.put("debezium-json value", new DebeziumJsonSerializer());
        cases.put("debezium-json value with schema", new DebeziumJsonSerializer(JsonFormatConfig.DEFAULT, true));
        cases.put("canal-json value", new CanalJsonSerializer());
        cases.put("json value", new JsonSerializer());
        cases.put("json key", new JsonKeySerializer());
        cases.put("csv key", new CsvKeySerializer());
        JsonKeySerializer defaultKey = new JsonKeySerializer();
        DebeziumJsonSerializer defaultValue = new DebeziumJsonSerializer();
        // What the sink does per record with the default formats; the key's bytes are folded into the result.
        cases.put("json key + debezium-json value", event -> {
            byte[] key = defaultKey.serialize(event);
            byte[] value = defaultValue.serialize(event);
            value[0] ^= key[0];
            return value;
        });
        System.out.printf(
                "%-34s %-10s %18s %18s%n",
                "serializer (customers UPDATE)", "schema", "events/CPU-second", "events/wall-second");
        for (Map.Entry<String, SerializationSchema<ChangeEvent>> c : cases.entrySet()) {
            for (boolean perEvent : new boolean[] {false, true}) {
                ChangeEvent[] events = perEvent ? shuffled : new ChangeEvent[] {update};
                run(c.getValue(), events, seconds, threads); // warm-up
                double[] cpuRates = new double[ROUNDS];
                double[] wallRates = new double[ROUNDS];
                for (int r = 0; r < ROUNDS; r++) {
                    double[] rates = run(c.getValue(), events, seconds, threads);
                    cpuRates[r] = rates[0];
                    wallRates[r] = rates[1];
                }
                System.out.printf(
                        "%-34s %-10s %,18.0f %,18.0f%n",
                        c.getKey(), perEvent ? "per-event" : "shared", median(cpuRates), median(wallRates));
            }
        }
        System.out.println("(checksum " + checksum + ")");
    }

    /** Serializes batches until the thread has used {@code seconds} of CPU; returns events per CPU and wall second. */
    private static double[] run(
            SerializationSchema<ChangeEvent> serializer, ChangeEvent[] events, double seconds, ThreadMXBean threads) {
        long cpuBudget = (long) (seconds * 1e9);
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        long count = 0;
        long sum = 0;
        int mask = events.length - 1;
        while (threads.getCurrentThreadCpuTime() - cpuStart < cpuBudget) {
            for (int i = 0; i < BATCH; i++) {
                sum += serializer.serialize(events[(int) (count++ & mask)]).length;
            }
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double wall = (System.nanoTime() - wallStart) / 1e9;
        checksum += sum;
        return new double[] {count / cpu, count / wall};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}

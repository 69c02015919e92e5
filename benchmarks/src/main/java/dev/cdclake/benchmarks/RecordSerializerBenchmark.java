package dev.cdclake.benchmarks;

import dev.cdclake.capture.format.CanalJsonSerializer;
import dev.cdclake.capture.format.CsvKeySerializer;
import dev.cdclake.capture.format.DebeziumJsonSerializer;
import dev.cdclake.capture.format.JsonFormatConfig;
import dev.cdclake.capture.format.JsonKeySerializer;
import dev.cdclake.capture.format.JsonSerializer;
import dev.cdclake.events.ChangeEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * Kafka key and value serialization of the reference's customers row, one thread: the scores are events per second
 * per core. {@code schemaInstances} selects how events carry their schema: {@code shared}, as events built in the
 * capture job's source task do, or {@code per-event}, as events deserialized after a keyBy do (each has its own equal
 * instance, so every event costs one schema comparison).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class RecordSerializerBenchmark {
    private static final int EVENTS = 1024;

    @Param({"update", "insert"})
    public String op;

    @Param({"shared", "per-event"})
    public String schemaInstances;

    private final DebeziumJsonSerializer debeziumJson = new DebeziumJsonSerializer();
    private final DebeziumJsonSerializer debeziumJsonWithSchema =
            new DebeziumJsonSerializer(JsonFormatConfig.DEFAULT, true);
    private final CanalJsonSerializer canalJson = new CanalJsonSerializer();
    private final JsonSerializer json = new JsonSerializer();
    private final JsonKeySerializer jsonKey = new JsonKeySerializer();
    private final CsvKeySerializer csvKey = new CsvKeySerializer();

    private ChangeEvent[] events;
    private int next;

    @Setup
    public void setUp() {
        ChangeEvent event = op.equals("update") ? CustomersRow.update() : CustomersRow.insert();
        events = new ChangeEvent[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            events[i] = schemaInstances.equals("shared") ? event : CustomersRow.afterNetworkShuffle(event);
        }
    }

    private ChangeEvent nextEvent() {
        ChangeEvent event = events[next];
        next = (next + 1) & (EVENTS - 1);
        return event;
    }

    @Benchmark
    public byte[] debeziumJsonValue() {
        return debeziumJson.serialize(nextEvent());
    }

    @Benchmark
    public byte[] debeziumJsonWithSchemaValue() {
        return debeziumJsonWithSchema.serialize(nextEvent());
    }

    @Benchmark
    public byte[] canalJsonValue() {
        return canalJson.serialize(nextEvent());
    }

    @Benchmark
    public byte[] jsonValue() {
        return json.serialize(nextEvent());
    }

    @Benchmark
    public byte[] jsonKey() {
        return jsonKey.serialize(nextEvent());
    }

    @Benchmark
    public byte[] csvKey() {
        return csvKey.serialize(nextEvent());
    }

    /** What the sink does per record with the default formats: a JSON key and a debezium-json value. */
    @Benchmark
    public void defaultKeyAndValue(Blackhole blackhole) {
        ChangeEvent event = nextEvent();
        blackhole.consume(jsonKey.serialize(event));
        blackhole.consume(debeziumJson.serialize(event));
    }
}

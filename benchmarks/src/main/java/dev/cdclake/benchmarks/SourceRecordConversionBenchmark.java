package dev.cdclake.benchmarks;

import dev.cdclake.capture.source.ChangeEventDeserializer;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * capture-job's conversion of a Debezium {@link SourceRecord} (as {@code MySqlSource} emits it for the reference's
 * customers UPDATE, field schemas carrying the propagated MySQL types) into a typed change event, one thread: the score
 * is events per second per core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class SourceRecordConversionBenchmark {
    private ChangeEventDeserializer deserializer;
    private SourceRecord record;

    private static Schema column(SchemaBuilder b, String type, String length) {
        return b.parameter("__debezium.source.column.type", type)
                .parameter("__debezium.source.column.length", length)
                .optional()
                .build();
    }

    @Setup
    public void setUp() {
        Schema row = SchemaBuilder.struct()
                .name("mysql_binlog_source.kafka_test.customers.Value")
                .optional()
                .field(
                        "id",
                        SchemaBuilder.int32()
                                .parameter("__debezium.source.column.type", "INT")
                                .build())
                .field("name", column(SchemaBuilder.string(), "VARCHAR", "255"))
                .field("address", column(SchemaBuilder.string(), "VARCHAR", "1024"))
                .field("phone_number", column(SchemaBuilder.string(), "VARCHAR", "512"))
                .field("age", column(SchemaBuilder.int32(), "INT", "11"))
                .build();
        Schema source = SchemaBuilder.struct()
                .field("db", Schema.STRING_SCHEMA)
                .field("table", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
        Schema envelope = SchemaBuilder.struct()
                .name("mysql_binlog_source.kafka_test.customers.Envelope")
                .field("before", row)
                .field("after", row)
                .field("source", source)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
        Schema key = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
        Struct before = new Struct(row)
                .put("id", 4)
                .put("name", "John")
                .put("address", "New York")
                .put("phone_number", "2222")
                .put("age", 12);
        Struct after = new Struct(row)
                .put("id", 4)
                .put("name", "John")
                .put("address", "New York")
                .put("phone_number", "1234")
                .put("age", 12);
        Struct value = new Struct(envelope)
                .put("before", before)
                .put("after", after)
                .put("op", "u")
                .put(
                        "source",
                        new Struct(source)
                                .put("db", "kafka_test")
                                .put("table", "customers")
                                .put("ts_ms", 1728528674000L))
                .put("ts_ms", 1728528674123L);
        record = new SourceRecord(
                Map.of(),
                Map.of(),
                "mysql_binlog_source.kafka_test.customers",
                null,
                key,
                new Struct(key).put("id", 4),
                envelope,
                value);
        deserializer = new ChangeEventDeserializer(true, false, List.of());
    }

    @Benchmark
    public Object convert() {
        return deserializer.convert(record);
    }
}

package dev.cdclake.benchmarks;

import dev.cdclake.capture.format.CanalJsonSerializer;
import dev.cdclake.capture.format.DebeziumJsonSerializer;
import dev.cdclake.capture.format.JsonFormatConfig;
import dev.cdclake.capture.format.JsonSerializer;
import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.registry.PublishedSchema;
import dev.cdclake.events.wire.ValueFormat;
import dev.cdclake.events.wire.WireNames;
import dev.cdclake.ingest.format.ChangeRecordParser;
import dev.cdclake.ingest.format.MalformedRecordException;
import dev.cdclake.ingest.format.ParserSettings;
import dev.cdclake.ingest.schema.InferenceSettings;
import dev.cdclake.ingest.schema.SchemaInferenceStrategy;
import dev.cdclake.ingest.schema.SchemaTopic;
import dev.cdclake.ingest.transform.TransformRules;
import org.apache.flink.util.Collector;
import org.apache.kafka.common.header.internals.RecordHeaders;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * ingest-job's parsing of the reference's customers UPDATE as capture-job writes it (debezium-json with and without
 * schema, canal-json, json), with the reference Pipeline 2 transform ({@code primary-keys: id}) and continuous
 * inference, with or without the {@code cdclake.schema} header naming the published schema (capture-job's default),
 * one thread: the score is events per second per core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class MessageParserBenchmark {
    @Param({"debezium-json", "debezium-json-with-schema", "canal-json", "json"})
    public String format;

    /** Whether the record names the published schema in its header, as capture-job writes by default. */
    @Param({"false", "true"})
    public boolean schemaHeader;

    private ChangeRecordParser parser;
    private byte[] value;
    private RecordHeaders headers;
    private long offset;
    private BlackholeCollector out;

    @Setup
    public void setUp(Blackhole blackhole) {
        ChangeEvent update = CustomersRow.update();
        ValueFormat sourceFormat;
        switch (format) {
            case "debezium-json":
                value = new DebeziumJsonSerializer().serialize(update);
                sourceFormat = ValueFormat.DEBEZIUM_JSON;
                break;
            case "debezium-json-with-schema":
                value = new DebeziumJsonSerializer(JsonFormatConfig.DEFAULT, true).serialize(update);
                sourceFormat = ValueFormat.DEBEZIUM_JSON;
                break;
            case "canal-json":
                value = new CanalJsonSerializer().serialize(update);
                sourceFormat = ValueFormat.CANAL_JSON;
                break;
            default:
                value = new JsonSerializer().serialize(update);
                sourceFormat = ValueFormat.JSON;
                break;
        }
        PublishedSchema published = PublishedSchema.of(update.tableId(), update.schema());
        headers = new RecordHeaders();
        if (sourceFormat == ValueFormat.JSON) {
            // Plain JSON carries no table identity in its value; capture-job writes it in these headers.
            headers.add(WireNames.SCHEMA_NAME_HEADER, bytes(update.tableId().database()));
            headers.add(WireNames.TABLE_NAME_HEADER, bytes(update.tableId().table()));
        }
        if (schemaHeader) {
            headers.add(WireNames.SCHEMA_ID_HEADER, published.id().getBytes(StandardCharsets.US_ASCII));
        }
        TransformRules rules = TransformRules.parse(List.of(Map.of("source-table", "\\.*.\\.*", "primary-keys", "id")));
        parser = new ParserSettings(
                        sourceFormat,
                        true,
                        true,
                        new InferenceSettings(SchemaInferenceStrategy.CONTINUOUS, false, 10),
                        null,
                        rules,
                        ParserSettings.SchemaTopicSettings.DEFAULT)
                .createParser(() -> new SchemaTopic() {
                    @Override
                    public void readNew(BiConsumer<String, byte[]> records, Duration timeout) {
                        records.accept(published.id(), published.document());
                    }

                    @Override
                    public String name() {
                        return "in-memory";
                    }

                    @Override
                    public void close() {}
                });
        out = new BlackholeCollector(blackhole);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public Object parse() throws MalformedRecordException {
        return parser.parse("inventory", 0, offset++, 0L, null, value, headers, out);
    }

    /** Hands events to JMH's blackhole so the parse is not optimised away. */
    private static final class BlackholeCollector implements Collector<ChangeEvent> {
        private final Blackhole blackhole;

        BlackholeCollector(Blackhole blackhole) {
            this.blackhole = blackhole;
        }

        @Override
        public void collect(ChangeEvent record) {
            blackhole.consume(record);
        }

        @Override
        public void close() {}
    }
}

package dev.cdclake.benchmarks;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.ingest.format.MalformedRecordException;
import dev.cdclake.ingest.transform.RowTransform;
import dev.cdclake.ingest.transform.TransformRule;
import dev.cdclake.ingest.transform.TransformRules;
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

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A transform rule's {@code filter} and computed {@code projection} on the reference's customers row, as ingest-job
 * runs them per record after parsing (the compiled code of {@link RowTransform}), one thread: the score is rows per
 * second per core. Compare with {@link MessageParserBenchmark} for the cost of parsing the same row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class TransformBenchmark {
    /** A filter of three predicates (one a LIKE), and a projection of three computed columns and two copied ones. */
    @Param({"filter", "projection", "filter-and-projection"})
    public String rule;

    private RowTransform transform;
    private Object[] row;

    @Setup
    public void setUp() {
        Map<String, String> definition = new HashMap<>(Map.of("source-table", "\\.*.\\.*", "primary-keys", "id"));
        if (rule.contains("filter")) {
            definition.put("filter", "age >= 12 AND name LIKE 'J%' AND phone_number IS NOT NULL");
        }
        if (rule.contains("projection")) {
            definition.put(
                    "projection",
                    "id, name, UPPER(address) AS city, age * 12 AS age_months,"
                            + " CONCAT(name, ' <', phone_number, '>') AS contact");
        }
        TransformRule parsed = TransformRules.parse(List.of(definition)).rules().get(0);
        ChangeEvent update = CustomersRow.update();
        transform = new RowTransform(update.tableId(), parsed, parsed.primaryKeys(), null);
        transform.schema(update.schema());
        row = update.after();
    }

    @Benchmark
    public Object apply() throws MalformedRecordException {
        return transform.test(row) ? transform.project(row) : null;
    }
}

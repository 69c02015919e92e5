package dev.cdclake.ingest.schema;

import org.apache.flink.util.Preconditions;

import java.io.Serializable;
import java.util.Objects;

/** The schema-inference options of the source ({@code schema.inference.*}), as one serializable value. */
public final class InferenceSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SchemaInferenceStrategy strategy;
    private final boolean widenToString;
    private final int staticSampleRecords;

    public InferenceSettings(SchemaInferenceStrategy strategy, boolean widenToString, int staticSampleRecords) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        Preconditions.checkArgument(
                staticSampleRecords >= 1,
                "schema.inference.static.sample-records must be at least 1, but is %s",
                staticSampleRecords);
        this.widenToString = widenToString;
        this.staticSampleRecords = staticSampleRecords;
    }

    public static InferenceSettings continuous() {
        return new InferenceSettings(SchemaInferenceStrategy.CONTINUOUS, false, 1);
    }

    public SchemaInferenceStrategy strategy() {
        return strategy;
    }

    public boolean widenToString() {
        return widenToString;
    }

    public int staticSampleRecords() {
        return staticSampleRecords;
    }
}

package dev.cdclake.ingest.schema;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

import static org.apache.flink.configuration.description.TextElement.text;

/**
 * How the columns of a table without a fixed schema are derived from its records ({@code schema.inference.strategy}).
 */
public enum SchemaInferenceStrategy implements DescribedEnum {
    CONTINUOUS(
            "continuous",
            "Every new field becomes a nullable column; a value that no longer fits widens its column within the safe"
                    + " lattice; a narrower value never narrows a column."),
    STATIC(
            "static",
            "The schema is inferred from the first records of each table and then fixed: later new fields are ignored"
                    + " and counted, and a value that does not fit its column is a bad record.");

    private final String value;
    private final String description;

    SchemaInferenceStrategy(String value, String description) {
        this.value = value;
        this.description = description;
    }

    /** The spelling users write in the pipeline YAML. */
    public String value() {
        return value;
    }

    @Override
    public InlineElement getDescription() {
        return text(description);
    }

    /** Flink matches configured enum values against {@code toString()}, so this returns the user spelling. */
    @Override
    public String toString() {
        return value;
    }
}

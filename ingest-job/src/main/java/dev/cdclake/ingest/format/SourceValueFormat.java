package dev.cdclake.ingest.format;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

import static org.apache.flink.configuration.description.TextElement.text;

/** Encoding of the Kafka record values the ingest job reads ({@code value.format}); {@link #toString()} is the user spelling. */
public enum SourceValueFormat implements DescribedEnum {
    DEBEZIUM_JSON(
            "debezium-json",
            "Debezium envelopes {\"before\",\"after\",\"op\",\"source\"}, with or without the {\"schema\",\"payload\"}"
                    + " wrapper; op t/m and tombstones are skipped."),
    CANAL_JSON(
            "canal-json",
            "Canal flat messages {\"data\",\"old\",\"type\",\"database\",\"table\",\"pkNames\"}, typed (Flink CDC) or"
                    + " with string values and mysqlType/sqlType."),
    JSON(
            "json",
            "Upsert rows: the value is the row, the key the primary key, a null value deletes; the table comes from"
                    + " the schemaName/tableName headers, the key's TableId or the topic name.");

    private final String value;
    private final String description;

    SourceValueFormat(String value, String description) {
        this.value = value;
        this.description = description;
    }

    @Override
    public InlineElement getDescription() {
        return text(description);
    }

    @Override
    public String toString() {
        return value;
    }
}

package dev.cdclake.events.config;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;
import org.apache.flink.configuration.description.TextElement;

/**
 * What ingest-job does when a table's incoming schema differs from its Paimon table: Flink CDC's
 * {@code schema.change.behavior}, with its spellings. The README's table "Schema changes" gives the lake outcome of
 * each DDL under each behavior.
 */
public enum SchemaChangeBehavior implements DescribedEnum {
    LENIENT(
            "lenient",
            "Evolve without losing anything: new columns are added (nullable), types widen to hold both, a dropped"
                    + " column stays and is null in new rows, a renamed column is a new column."),
    IGNORE(
            "ignore",
            "Keep each Paimon table as it was created: values of new columns are dropped, a value the column's type"
                    + " cannot hold is a bad record."),
    EXCEPTION(
            "exception",
            "Fail the job, without restarts, at the first DDL statement of a table (or, without capture-job's DDL"
                    + " markers, the first change that would alter its Paimon table), naming the table and the"
                    + " change."),
    EVOLVE(
            "evolve",
            "Apply each DDL statement as MySQL did: a renamed column is renamed (its values stay), a dropped column"
                    + " is dropped, a dropped or truncated table is emptied, new columns and wider types as lenient;"
                    + " fail the job when a statement cannot be applied (RENAME TABLE, a column Paimon cannot drop or"
                    + " rename, a drop or rename from a capture-job before 2026-12-07 that spread the table over its"
                    + " Kafka writers)."),
    TRY_EVOLVE(
            "try_evolve",
            "As evolve, but a statement that cannot be applied is logged and the table goes on as under lenient.");

    private final String spelling;
    private final String description;

    SchemaChangeBehavior(String spelling, String description) {
        this.spelling = spelling;
        this.description = description;
    }

    /** Whether DDL statements are applied to the lake tables (evolve, try_evolve), so their order matters. */
    public boolean appliesDdl() {
        return this == EVOLVE || this == TRY_EVOLVE;
    }

    @Override
    public InlineElement getDescription() {
        return TextElement.text(description);
    }

    @Override
    public String toString() {
        return spelling;
    }
}

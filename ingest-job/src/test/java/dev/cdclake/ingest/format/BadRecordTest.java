package dev.cdclake.ingest.format;

import dev.cdclake.events.TableId;
import dev.cdclake.events.wire.ValueFormat;
import dev.cdclake.ingest.format.MalformedRecordException.Reason;
import org.junit.jupiter.api.Test;

import static dev.cdclake.events.wire.ValueFormat.CANAL_JSON;
import static dev.cdclake.events.wire.ValueFormat.DEBEZIUM_JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each bad-record case of the golden inputs: reason, coordinates and a message that says what was expected. */
class BadRecordTest {

    private static MalformedRecordException reject(ValueFormat format, String golden) {
        ChangeRecordParser parser = Golden.parser(format, true, Golden.referenceRules());
        return catchThrowableOfType(
                MalformedRecordException.class,
                () -> parser.parse("inventory", 3, 1234, 0L, null, Golden.bytes(golden), null, new Golden.Events()));
    }

    @Test
    void truncatedJson() {
        MalformedRecordException e = reject(DEBEZIUM_JSON, "bad/truncated-json.json");
        assertThat(e.reason()).isEqualTo(Reason.MALFORMED_JSON);
        assertThat(e.topic()).isEqualTo("inventory");
        assertThat(e.partition()).isEqualTo(3);
        assertThat(e.offset()).isEqualTo(1234);
        assertThat(e.getMessage())
                .startsWith("Bad record at topic 'inventory' partition 3 offset 1234: malformed JSON:");
        assertThat(e.getCause()).isNotNull();
    }

    @Test
    void unknownOp() {
        MalformedRecordException e = reject(DEBEZIUM_JSON, "bad/unknown-op.json");
        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_OP);
        assertThat(e.getMessage())
                .isEqualTo("Bad record at topic 'inventory' partition 3 offset 1234: unknown operation:"
                        + " op 'x' is not a Debezium operation: expected c, r, u or d (t and m are skipped)");
    }

    @Test
    void plainRowReadAsDebeziumSaysToCheckTheFormat() {
        MalformedRecordException e = reject(DEBEZIUM_JSON, "bad/not-an-envelope.json");
        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_OP);
        assertThat(e.detail()).contains("check value.format");
    }

    @Test
    void canalMessageReadAsDebezium() {
        MalformedRecordException e = reject(DEBEZIUM_JSON, "reference/canal-update.json");
        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_OP);
        MalformedRecordException d = reject(CANAL_JSON, "reference/debezium-update.json");
        assertThat(d.reason()).isEqualTo(Reason.UNKNOWN_OP);
        assertThat(d.detail()).contains("no 'type'");
    }

    @Test
    void missingTableIdentity() {
        MalformedRecordException e = reject(DEBEZIUM_JSON, "bad/missing-table.json");
        assertThat(e.reason()).isEqualTo(Reason.MISSING_TABLE_IDENTITY);
        assertThat(e.detail()).contains("topic 'inventory' names no table").contains("topic.default-database");
    }

    @Test
    void nullPrimaryKey() {
        MalformedRecordException e = reject(DEBEZIUM_JSON, "bad/null-primary-key.json");
        assertThat(e.reason()).isEqualTo(Reason.NULL_PRIMARY_KEY);
        assertThat(e.tableId()).isEqualTo(TableId.of("kafka_test", "customers"));
        assertThat(e.getMessage())
                .startsWith(
                        "Bad record at topic 'inventory' partition 3 offset 1234 of table kafka_test.customers: null "
                                + "primary key:");
    }

    @Test
    void valueThatFitsNoType() throws Exception {
        ChangeRecordParser parser = Golden.parser(DEBEZIUM_JSON, true, Golden.referenceRules());
        parser.parse(
                "inventory", 0, 0, 0L, null, Golden.bytes("reference/debezium-update.json"), null, new Golden.Events());
        MalformedRecordException e = catchThrowableOfType(
                MalformedRecordException.class,
                () -> parser.parse(
                        "inventory",
                        0,
                        1,
                        0L,
                        null,
                        Golden.bytes("bad/age-not-a-number.json"),
                        null,
                        new Golden.Events()));
        assertThat(e.reason()).isEqualTo(Reason.VALUE_FITS_NO_TYPE);
        assertThat(e.getMessage())
                .isEqualTo("Bad record at topic 'inventory' partition 0 offset 1 of table"
                        + " kafka_test.customers: value fits no allowed type: value \"twelve\" (STRING) of field 'age' "
                        + "does not"
                        + " fit column 'age' INT and the two types have no common type; set"
                        + " schema.inference.widen-to-string.enabled: true to widen such columns to STRING");
        // the parser stays usable
        Golden.Events out = new Golden.Events();
        parser.parse("inventory", 0, 2, 0L, null, Golden.bytes("reference/debezium-update.json"), null, out);
        assertThat(out.list).hasSize(1);
    }

    @Test
    void updateWithoutBefore() {
        MalformedRecordException e = reject(DEBEZIUM_JSON, "bad/update-without-before.json");
        assertThat(e.reason()).isEqualTo(Reason.MISSING_ROW_IMAGE);
        assertThat(e.detail()).contains("REPLICA IDENTITY FULL");
    }
}

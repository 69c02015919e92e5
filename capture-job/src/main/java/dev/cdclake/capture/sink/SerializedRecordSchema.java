package dev.cdclake.capture.sink;

import dev.cdclake.events.wire.WireNames;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hands a {@link SerializedRecord} to the producer with its headers: the table identity ({@code namespace},
 * {@code schemaName}, {@code tableName}, as Flink CDC writes them) when enabled, the id of the record's published
 * schema ({@code cdclake.schema}) and the static custom headers; its timestamp is the change's commit time. A
 * heartbeat carries its {@code cdclake.heartbeat} header only, a DDL marker its {@code cdclake.ddl} header only.
 */
public final class SerializedRecordSchema implements KafkaRecordSerializationSchema<SerializedRecord> {
    private static final long serialVersionUID = 1L;
    private static final byte[] EMPTY = new byte[0];

    private final boolean tableIdHeaders;
    private final Map<String, String> customHeaders;
    private transient RecordHeader[] custom;

    public SerializedRecordSchema(boolean tableIdHeaders, Map<String, String> customHeaders) {
        this.tableIdHeaders = tableIdHeaders;
        this.customHeaders = new LinkedHashMap<>(customHeaders);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(SerializedRecord r, KafkaSinkContext context, Long timestamp) {
        if (r.heartbeat != null) {
            RecordHeaders heartbeat = new RecordHeaders();
            heartbeat.add(WireNames.HEARTBEAT_HEADER, r.heartbeat);
            return new ProducerRecord<>(r.topic, r.partition, timestampOf(r), null, r.value, heartbeat);
        }
        if (r.ddl != null) {
            RecordHeaders marker = new RecordHeaders();
            marker.add(WireNames.DDL_HEADER, r.ddl);
            return new ProducerRecord<>(r.topic, r.partition, timestampOf(r), null, r.value, marker);
        }
        RecordHeaders headers = null;
        if (tableIdHeaders || !customHeaders.isEmpty() || r.schemaId != null) {
            if (custom == null) {
                custom = new RecordHeader[customHeaders.size()];
                int i = 0;
                for (Map.Entry<String, String> e : customHeaders.entrySet()) {
                    custom[i++] = new RecordHeader(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8));
                }
            }
            headers = new RecordHeaders();
            if (tableIdHeaders) {
                headers.add(WireNames.NAMESPACE_HEADER, EMPTY);
                headers.add(WireNames.SCHEMA_NAME_HEADER, r.database.getBytes(StandardCharsets.UTF_8));
                headers.add(WireNames.TABLE_NAME_HEADER, r.table.getBytes(StandardCharsets.UTF_8));
            }
            if (r.schemaId != null) {
                headers.add(WireNames.SCHEMA_ID_HEADER, r.schemaId);
            }
            for (RecordHeader h : custom) {
                headers.add(h);
            }
        }
        return new ProducerRecord<>(
                r.topic, r.partition < 0 ? null : r.partition, timestampOf(r), r.key, r.value, headers);
    }

    /** The commit time; null (the producer's clock) for a record that has none. */
    private static Long timestampOf(SerializedRecord r) {
        return r.timestamp > 0 ? r.timestamp : null;
    }

    /** Parses {@code k1:v1;k2:v2}. */
    public static Map<String, String> parseCustomHeaders(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (String entry : spec.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new dev.cdclake.events.config.PipelineConfigException(
                        "sink.custom-header entry '" + entry.trim() + "' is malformed: write key1:value1;key2:value2");
            }
            out.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
        }
        return out;
    }
}

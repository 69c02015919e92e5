package dev.cdclake.ingest.source;

import dev.cdclake.ingest.paimon.SourceLag;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The lag of ingest-job's consumer group: per partition, the end offset minus the offset the group committed, which
 * the Kafka source commits when a checkpoint completes, that is when the committer has made those records readable.
 */
public final class KafkaLag implements SourceLag {
    private static final long serialVersionUID = 1L;
    private static final int TIMEOUT_MILLIS = 5_000;

    private final Map<String, String> clientProperties;
    private final String groupId;

    private transient Admin admin;

    /** @param clientProperties the source's client settings (brokers, security) */
    public KafkaLag(Map<String, String> clientProperties, String groupId) {
        this.clientProperties = new HashMap<>(clientProperties);
        this.groupId = groupId;
    }

    @Override
    public Map<String, Long> lag() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(
                        groupId, new ListConsumerGroupOffsetsOptions().timeoutMs(TIMEOUT_MILLIS))
                .partitionsToOffsetAndMetadata()
                .get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<String, Long> lag = new HashMap<>();
        if (latest.isEmpty()) {
            // nothing committed yet; still a round trip that proves the brokers answer
            admin().describeCluster().clusterId().get();
            return lag;
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin().listOffsets(
                        latest, new ListOffsetsOptions().timeoutMs(TIMEOUT_MILLIS))
                .all()
                .get();
        committed.forEach((tp, offset) -> {
            ListOffsetsResult.ListOffsetsResultInfo end = ends.get(tp);
            if (offset != null && end != null) {
                lag.put(tp.topic() + "-" + tp.partition(), Math.max(0, end.offset() - offset.offset()));
            }
        });
        return lag;
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> p = new HashMap<>();
            clientProperties.forEach((k, v) -> {
                if (AdminClientConfig.configNames().contains(k)) {
                    p.put(k, v);
                }
            });
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MILLIS));
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MILLIS));
            p.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "cdclake-lag");
            admin = Admin.create(p);
        }
        return admin;
    }

    @Override
    public String describe() {
        return "Kafka at " + clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    @Override
    public void close() {
        if (admin != null) {
            // a pending lag query would otherwise hold the task's shutdown while the brokers are away
            admin.close(Duration.ZERO);
            admin = null;
        }
    }
}

package dev.cdclake.events.health;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.util.HashMap;
import java.util.Map;

/** Kafka answers when its cluster can be described within {@link #TIMEOUT_MILLIS}. */
public final class KafkaProbe implements PartProbe {
    private static final long serialVersionUID = 1L;
    static final int TIMEOUT_MILLIS = 5_000;

    private final Map<String, String> clientProperties;

    /** @param clientProperties brokers and security settings; others are ignored */
    public KafkaProbe(Map<String, String> clientProperties) {
        Map<String, String> admin = new HashMap<>();
        clientProperties.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                admin.put(k, v);
            }
        });
        this.clientProperties = admin;
    }

    @Override
    public String describe() {
        return "Kafka at " + clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    @Override
    public void probe() throws Exception {
        Map<String, Object> p = new HashMap<>(clientProperties);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MILLIS));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MILLIS));
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "cdclake-probe");
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MILLIS))
                    .clusterId()
                    .get();
        }
    }
}

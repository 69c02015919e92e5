package dev.cdclake.capture.sink;

import dev.cdclake.events.TableId;
import dev.cdclake.events.config.PipelineConfigException;
import dev.cdclake.events.selector.TableSelector;

import javax.annotation.Nullable;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the topic of a table: the single {@code topic} if set, else the first matching selector of
 * {@code sink.tableId-to-topic.mapping}, else {@code database.table}. Results are cached per table, so the per-record
 * cost is one map lookup.
 */
public final class TopicRouter implements Serializable {
    private static final long serialVersionUID = 1L;

    @Nullable
    private final String topic;

    private final List<TableSelector> selectors;
    private final List<String> topics;
    private transient Map<TableId, String> cache;

    private TopicRouter(@Nullable String topic, List<TableSelector> selectors, List<String> topics) {
        this.topic = topic;
        this.selectors = selectors;
        this.topics = topics;
    }

    /**
     * @param topic the single topic, or null
     * @param mapping {@code selector:topic;selector:topic}, or null
     */
    public static TopicRouter create(@Nullable String topic, @Nullable String mapping) {
        List<TableSelector> selectors = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        if (mapping != null && !mapping.isBlank()) {
            for (String entry : mapping.split(";")) {
                if (entry.isBlank()) {
                    continue;
                }
                int colon = entry.lastIndexOf(':');
                if (colon <= 0 || colon == entry.length() - 1) {
                    throw new PipelineConfigException("sink.tableId-to-topic.mapping entry '" + entry.trim()
                            + "' is malformed: write selector:topic;selector:topic, for example "
                            + "kafka_test.customers:customers;kafka_test.products:products");
                }
                String t = entry.substring(colon + 1).trim();
                validateTopic(t, "sink.tableId-to-topic.mapping");
                selectors.add(TableSelector.parse(entry.substring(0, colon).trim()));
                topics.add(t);
            }
        }
        if (topic != null) {
            validateTopic(topic, "topic");
        }
        return new TopicRouter(topic, selectors, topics);
    }

    /** Whether {@code name} is the single topic or a topic of the mapping. */
    public boolean names(String name) {
        return name.equals(topic) || topics.contains(name);
    }

    /** Rejects a name Kafka would refuse as a topic, naming the option it came from. */
    public static void validateTopic(String t, String option) {
        if (t.isEmpty() || t.length() > 249 || !t.matches("[a-zA-Z0-9._-]+") || t.equals(".") || t.equals("..")) {
            throw new PipelineConfigException(
                    "'" + t + "' in " + option + " is not a valid Kafka topic name: use up to "
                            + "249 characters from a-z, A-Z, 0-9, '.', '_' and '-'");
        }
    }

    public String topicOf(TableId table) {
        if (topic != null) {
            return topic;
        }
        if (cache == null) {
            cache = new HashMap<>();
        }
        String t = cache.get(table);
        if (t == null) {
            t = route(table);
            cache.put(table, t);
        }
        return t;
    }

    private String route(TableId table) {
        for (int i = 0; i < selectors.size(); i++) {
            if (selectors.get(i).matches(table)) {
                return topics.get(i);
            }
        }
        return table.identifier();
    }
}

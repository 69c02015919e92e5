package dev.cdclake.events.config;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pipeline YAML after placeholder resolution: the {@code source} and {@code sink} blocks, the optional
 * {@code transform} and {@code route} rules and {@code pipeline} block, each as flat string maps in the order written.
 */
public final class PipelineDefinition implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<String, String> source;
    private final Map<String, String> sink;
    private final List<Map<String, String>> transforms;
    private final List<Map<String, String>> routes;
    private final Map<String, String> pipeline;

    /** A definition without route rules. */
    public PipelineDefinition(
            Map<String, String> source,
            Map<String, String> sink,
            List<Map<String, String>> transforms,
            Map<String, String> pipeline) {
        this(source, sink, transforms, List.of(), pipeline);
    }

    public PipelineDefinition(
            Map<String, String> source,
            Map<String, String> sink,
            List<Map<String, String>> transforms,
            List<Map<String, String>> routes,
            Map<String, String> pipeline) {
        this.source = Collections.unmodifiableMap(new LinkedHashMap<>(source));
        this.sink = Collections.unmodifiableMap(new LinkedHashMap<>(sink));
        this.transforms = List.copyOf(transforms);
        this.routes = List.copyOf(routes);
        this.pipeline = Collections.unmodifiableMap(new LinkedHashMap<>(pipeline));
    }

    public Map<String, String> source() {
        return source;
    }

    public Map<String, String> sink() {
        return sink;
    }

    public List<Map<String, String>> transforms() {
        return transforms;
    }

    public List<Map<String, String>> routes() {
        return routes;
    }

    public Map<String, String> pipeline() {
        return pipeline;
    }

    /** The whole configuration with secrets masked, one {@code block.key = value} per line. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        append(sb, "source", source);
        append(sb, "sink", sink);
        for (int i = 0; i < transforms.size(); i++) {
            append(sb, "transform[" + i + "]", transforms.get(i));
        }
        for (int i = 0; i < routes.size(); i++) {
            append(sb, "route[" + i + "]", routes.get(i));
        }
        append(sb, "pipeline", pipeline);
        return sb.toString();
    }

    private static void append(StringBuilder sb, String block, Map<String, String> options) {
        SecretMasker.mask(options)
                .forEach((k, v) -> sb.append("  ")
                        .append(block)
                        .append('.')
                        .append(k)
                        .append(" = ")
                        .append(v)
                        .append('\n'));
    }
}

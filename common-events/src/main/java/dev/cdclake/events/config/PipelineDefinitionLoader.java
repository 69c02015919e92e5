package dev.cdclake.events.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import javax.annotation.Nullable;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Reads a pipeline YAML (the reference document's shape: top-level {@code source}, {@code sink}, optional
 * {@code transform} and {@code route} lists and {@code pipeline} block) and resolves its placeholders. Nested maps
 * are flattened with dots, so {@code properties: {bootstrap.servers: x}}
 * equals {@code properties.bootstrap.servers: x}.
 */
public final class PipelineDefinitionLoader {
    private static final Set<String> BLOCKS = Set.of("source", "sink", "transform", "route", "pipeline");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private PipelineDefinitionLoader() {}

    /** Loads the configuration and secrets a job was started with. */
    public static PipelineDefinition load(JobArguments args, Map<String, String> environment) {
        Map<String, String> secrets = args.secretsFile() == null ? Map.of() : loadSecrets(args.secretsFile());
        return parse(
                read(args.configFile(), "--config"),
                args.configFile().toString(),
                new PlaceholderResolver(args.sets(), secrets, environment));
    }

    public static PipelineDefinition parse(String yaml, String origin, PlaceholderResolver resolver) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new PipelineConfigException(origin + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null
                            ? ""
                            : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new PipelineConfigException(origin + " must be a YAML map with a 'source' and a 'sink' block");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String block = it.next();
            if (!BLOCKS.contains(block)) {
                String hint = Suggestions.closest(block, BLOCKS);
                throw new PipelineConfigException("Unknown top-level block '" + block + "' in " + origin
                        + (hint != null ? ": did you mean '" + hint + "'?" : "") + " Valid blocks: " + BLOCKS);
            }
        }
        Map<String, String> source = block(root, "source", origin, resolver, true);
        Map<String, String> sink = block(root, "sink", origin, resolver, true);
        Map<String, String> pipeline = block(root, "pipeline", origin, resolver, false);
        List<Map<String, String>> transforms =
                rules(root, "transform", "{source-table: db.\\.*, primary-keys: id}", origin, resolver);
        List<Map<String, String>> routes =
                rules(root, "route", "{source-table: app_\\.*.orders_\\.*, sink-table: ods.orders}", origin, resolver);
        return new PipelineDefinition(source, sink, transforms, routes, pipeline);
    }

    /** A list block of rule maps ({@code transform}, {@code route}). */
    private static List<Map<String, String>> rules(
            JsonNode root, String name, String example, String origin, PlaceholderResolver resolver) {
        List<Map<String, String>> rules = new ArrayList<>();
        JsonNode list = root.get(name);
        if (list == null || list.isNull()) {
            return rules;
        }
        if (!list.isArray()) {
            throw new PipelineConfigException("'" + name + "' in " + origin
                    + " must be a list of rules, each starting with '- source-table: ...'");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode rule = list.get(i);
            if (!rule.isObject()) {
                throw new PipelineConfigException(
                        name + "[" + i + "] in " + origin + " must be a map such as " + example);
            }
            rules.add(flatten((ObjectNode) rule, name + "[" + i + "]", resolver));
        }
        return rules;
    }

    private static Map<String, String> block(
            JsonNode root, String name, String origin, PlaceholderResolver resolver, boolean required) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                throw new PipelineConfigException(origin + " has no '" + name + "' block");
            }
            return Map.of();
        }
        if (!node.isObject()) {
            throw new PipelineConfigException("'" + name + "' in " + origin + " must be a map of options");
        }
        return flatten((ObjectNode) node, name, resolver);
    }

    private static Map<String, String> flatten(ObjectNode node, String location, PlaceholderResolver resolver) {
        Map<String, String> out = new LinkedHashMap<>();
        flattenInto(out, "", node, location, resolver);
        return out;
    }

    private static void flattenInto(
            Map<String, String> out, String prefix, JsonNode node, String location, PlaceholderResolver resolver) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                flattenInto(out, key + ".", v, location, resolver);
            } else if (v.isArray()) {
                throw new PipelineConfigException(location + "." + key
                        + " is a YAML list; options take a single value (write lists as a string, e.g. a,b)");
            } else if (v.isNull()) {
                throw new PipelineConfigException(location + "." + key + " has no value");
            } else {
                out.put(key, resolver.resolve(location + "." + key, v.asText()));
            }
        }
    }

    /** Reads a secrets file: YAML (nested keys joined with dots) or Java properties ({@code .properties}). */
    public static Map<String, String> loadSecrets(Path file) {
        String text = read(file, "--secrets");
        Map<String, String> out = new LinkedHashMap<>();
        if (file.getFileName().toString().endsWith(".properties")) {
            Properties p = new Properties();
            try (Reader r = new StringReader(text)) {
                p.load(r);
            } catch (IOException e) {
                throw new PipelineConfigException("Cannot read --secrets " + file + ": " + e.getMessage());
            }
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
            return out;
        }
        try {
            JsonNode root = YAML.readTree(text);
            if (root != null && !root.isNull()) {
                if (!root.isObject()) {
                    throw new PipelineConfigException(
                            "--secrets " + file + " must be a YAML map or a .properties file");
                }
                collectSecrets(out, "", root);
            }
        } catch (JsonProcessingException e) {
            // never echo the file's content: it holds secrets
            throw new PipelineConfigException("--secrets " + file + " is not valid YAML (line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
                    + "); use name: value lines, or a .properties file");
        }
        return out;
    }

    private static void collectSecrets(Map<String, String> out, String prefix, JsonNode node) {
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                collectSecrets(out, prefix + e.getKey() + ".", e.getValue());
            } else {
                out.put(prefix + e.getKey(), e.getValue().asText());
            }
        });
    }

    private static String read(@Nullable Path file, String flag) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new PipelineConfigException(flag + " " + file + " does not exist");
        } catch (IOException e) {
            throw new PipelineConfigException("Cannot read " + flag + " " + file + ": " + e.getMessage());
        }
    }
}

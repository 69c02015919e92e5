package dev.cdclake.events.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The options of one configuration block, checked against the options a connector declares: every key is a declared
 * option or starts with a pass-through prefix, and every declared option present converts to its type. Typed values are
 * read with {@link #get(ConfigOption)}.
 */
public final class ValidatedOptions {
    private final String block;
    private final Map<String, String> raw;
    private final Configuration configuration;

    private ValidatedOptions(String block, Map<String, String> raw) {
        this.block = block;
        this.raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
        this.configuration = Configuration.fromMap(raw);
    }

    /**
     * Validates {@code raw} (the block named {@code block}, e.g. {@code source}).
     *
     * @throws PipelineConfigException for an unknown key (with the closest valid key and the list of valid keys) or a
     *     value that does not convert (naming key, value and what is accepted)
     */
    public static ValidatedOptions validate(
            String block, Map<String, String> raw, Collection<ConfigOption<?>> declared, Collection<String> prefixes) {
        Map<String, ConfigOption<?>> byKey = new LinkedHashMap<>();
        for (ConfigOption<?> o : declared) {
            byKey.put(o.key(), o);
        }
        List<String> unknown = new ArrayList<>();
        for (String key : raw.keySet()) {
            if (!byKey.containsKey(key) && prefixes.stream().noneMatch(key::startsWith)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            String key = unknown.get(0);
            String hint = Suggestions.closest(key, byKey.keySet());
            StringBuilder msg = new StringBuilder("Unknown option '").append(block).append('.').append(key).append('\'');
            if (hint != null) {
                msg.append(": did you mean '").append(hint).append("'?");
            }
            if (unknown.size() > 1) {
                msg.append(" (also unknown: ").append(unknown.subList(1, unknown.size())).append(')');
            }
            msg.append("\nValid options of '").append(block).append("': ").append(new TreeSet<>(byKey.keySet()));
            if (!prefixes.isEmpty()) {
                msg.append("\nand any key starting with ").append(prefixes);
            }
            throw new PipelineConfigException(msg.toString());
        }
        ValidatedOptions options = new ValidatedOptions(block, raw);
        for (ConfigOption<?> o : declared) {
            if (raw.containsKey(o.key())) {
                options.get(o);
            }
        }
        return options;
    }

    /** The typed value, or the option's default (null when it has none) when the key is absent. */
    public <T> T get(ConfigOption<T> option) {
        try {
            return configuration.get(option);
        } catch (IllegalArgumentException e) {
            String value = raw.get(option.key());
            String shown = SecretMasker.isSensitive(option.key()) ? SecretMasker.MASK : "'" + value + "'";
            throw new PipelineConfigException(block + "." + option.key() + " = " + shown + " is not "
                    + expected(option) + detail(e), e);
        }
    }

    /** The value, failing with a message that names the key when a required option is missing. */
    public <T> T getRequired(ConfigOption<T> option) {
        T v = get(option);
        if (v == null) {
            throw new PipelineConfigException("Missing required option '" + block + "." + option.key() + "': "
                    + DescriptionText.of(option));
        }
        return v;
    }

    public boolean contains(ConfigOption<?> option) {
        return raw.containsKey(option.key());
    }

    /** The keys under {@code prefix}, with the prefix removed (for example {@code properties.}). */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** The options as a Flink configuration, for APIs that read {@code ReadableConfig}; values were checked here. */
    public org.apache.flink.configuration.ReadableConfig toConfiguration() {
        return configuration;
    }

    public Map<String, String> raw() {
        return raw;
    }

    public String block() {
        return block;
    }

    private static String detail(IllegalArgumentException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        // Flink's enum message lists the accepted spellings; keep it, drop the generic wrapper text
        return m != null && m.startsWith("Could not parse value for enum") ? ": " + m.replaceFirst(
                "Could not parse value for enum class [\\w.$]+\\. ", "") : "";
    }

    private static String expected(ConfigOption<?> option) {
        Class<?> c = clazz(option);
        if (c == null) {
            return "a valid value";
        }
        if (c.isEnum()) {
            List<String> spellings = new ArrayList<>();
            for (Object e : c.getEnumConstants()) {
                spellings.add(e.toString());
            }
            return "one of " + spellings;
        }
        if (c == Integer.class || c == Long.class) {
            return "an integer";
        }
        if (c == Boolean.class) {
            return "a boolean (true or false)";
        }
        if (c == Double.class || c == Float.class) {
            return "a number";
        }
        if (c == Duration.class) {
            return "a duration such as 30s, 500ms or 5min";
        }
        if (c == MemorySize.class) {
            return "a memory size such as 16mb";
        }
        return "a valid " + c.getSimpleName();
    }

    private static Class<?> clazz(ConfigOption<?> option) {
        try {
            // ConfigOption keeps its type package-private; read once per error, never per record
            Method m = ConfigOption.class.getDeclaredMethod("getClazz");
            m.setAccessible(true);
            return (Class<?>) m.invoke(option);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}

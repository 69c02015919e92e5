package dev.cdclake.events.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of one configuration block after {@link OptionsBlock#validate}: typed values read with
 * {@link #get(ConfigOption)}, the pass-through keys with {@link #withPrefix}, a group's options with {@link #group}.
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

    /** The options of block {@code block} as written; {@link OptionsBlock} checks them. */
    static ValidatedOptions of(String block, Map<String, String> raw) {
        return new ValidatedOptions(block, raw);
    }

    /** The options under {@code prefix}, with the prefix removed; messages name them with it. */
    public ValidatedOptions group(String prefix) {
        return new ValidatedOptions(block + "." + prefix.substring(0, prefix.length() - 1), withPrefix(prefix));
    }

    /**
     * The typed value, or the option's default (null when it has none) when the key is absent.
     *
     * @throws PipelineConfigException one line naming the key, the value, what is accepted and the closest spelling
     */
    public <T> T get(ConfigOption<T> option) {
        try {
            return configuration.get(option);
        } catch (IllegalArgumentException e) {
            String value = raw.get(option.key());
            boolean secret = SecretMasker.isSensitive(option.key());
            String shown = secret ? SecretMasker.MASK : "'" + value + "'";
            List<String> spellings = enumSpellings(option);
            String hint = secret || spellings.isEmpty() ? null : Suggestions.closest(value, spellings);
            throw new PipelineConfigException(
                    block + "." + option.key() + " = " + shown + " is not "
                            + (spellings.isEmpty() ? expected(option) : "one of " + spellings)
                            + (hint != null ? ": did you mean '" + hint + "'?" : ""),
                    e);
        }
    }

    /** The value, failing with a message that names the key when a required option is missing. */
    public <T> T getRequired(ConfigOption<T> option) {
        T v = get(option);
        if (v == null) {
            throw new PipelineConfigException(
                    "Missing required option '" + block + "." + option.key() + "': " + DescriptionText.of(option));
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

    public Map<String, String> raw() {
        return raw;
    }

    public String block() {
        return block;
    }

    /** The user spellings of an enum option ({@code toString()}), empty for other options. */
    private static List<String> enumSpellings(ConfigOption<?> option) {
        Class<?> c = clazz(option);
        List<String> spellings = new ArrayList<>();
        if (c != null && c.isEnum()) {
            for (Object e : c.getEnumConstants()) {
                spellings.add(e.toString());
            }
        }
        return spellings;
    }

    private static String expected(ConfigOption<?> option) {
        Class<?> c = clazz(option);
        if (c == null) {
            return "a valid value";
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

package dev.cdclake.events.config;

import org.apache.flink.configuration.ConfigOption;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One block of a pipeline YAML ({@code source}, {@code sink}, a {@code transform} rule, {@code pipeline}) as its
 * connector declares it, once: its options, the prefixes it passes through as they are (such as {@code properties.}),
 * and the prefixed option groups of the value formats it reads or writes. Validation with "did you mean" hints,
 * {@code --help}, the README's option tables and the builders all read this one declaration.
 *
 * <p>Every configuration error leaves as one {@link PipelineConfigException} with one line naming the key, the value,
 * what is accepted and the closest valid spelling.
 */
public final class OptionsBlock {
    private final String name;
    private final String title;
    private final List<ConfigOption<?>> options;
    private final Map<String, String> passThrough;
    private final List<OptionGroup> groups;
    private final Function<ValidatedOptions, Set<String>> groupsInUse;

    private OptionsBlock(Builder b) {
        this.name = b.name;
        this.title = b.title;
        this.options = List.copyOf(b.options);
        this.passThrough = new LinkedHashMap<>(b.passThrough);
        this.groups = List.copyOf(b.groups);
        this.groupsInUse = b.groupsInUse;
    }

    /**
     * @param name the block's key in the YAML, used in messages ({@code sink.topic})
     * @param title what the block is, for {@code --help} ({@code capture-job sink (type: kafka)})
     */
    public static Builder builder(String name, String title) {
        return new Builder(name, title);
    }

    /** Options written after a prefix, such as the {@code debezium-json.} options of a value format. */
    public static final class OptionGroup {
        private final String prefix;
        private final List<ConfigOption<?>> options;

        public OptionGroup(String prefix, List<ConfigOption<?>> options) {
            this.prefix = Objects.requireNonNull(prefix, "prefix");
            this.options = List.copyOf(options);
        }

        public String prefix() {
            return prefix;
        }

        /** The options, their keys without the prefix. */
        public List<ConfigOption<?>> options() {
            return options;
        }

        boolean declares(String key) {
            return key.startsWith(prefix)
                    && options.stream().anyMatch(o -> o.key().equals(key.substring(prefix.length())));
        }
    }

    public String name() {
        return name;
    }

    public String title() {
        return title;
    }

    public List<ConfigOption<?>> options() {
        return options;
    }

    public List<OptionGroup> groups() {
        return groups;
    }

    /** The prefixes passed through as they are, with what they configure. */
    public Map<String, String> passThrough() {
        return passThrough;
    }

    /**
     * Checks {@code raw}: every key is an option, a pass-through key, or an option of a group in use; every value
     * converts to its option's type.
     *
     * @throws PipelineConfigException naming the first wrong key, with the closest valid spelling
     */
    public ValidatedOptions validate(Map<String, String> raw) {
        return validate(name, raw);
    }

    /** As {@link #validate(Map)}, naming the block {@code blockName} in messages (e.g. {@code transform[2]}). */
    public ValidatedOptions validate(String blockName, Map<String, String> raw) {
        Set<String> valid = validKeys();
        for (String key : raw.keySet()) {
            if (valid.contains(key) || passThrough.keySet().stream().anyMatch(key::startsWith)) {
                continue;
            }
            OptionGroup group = groupOf(key);
            Collection<String> candidates = group != null ? prefixedKeys(group) : valid;
            String hint = Suggestions.closest(key, candidates);
            throw new PipelineConfigException("Unknown option '" + blockName + "." + key + "'"
                    + (hint != null ? ": did you mean '" + hint + "'?" : "")
                    + " Valid "
                    + (group != null ? "'" + group.prefix() + "' options" : "options of '" + blockName + "'")
                    + ": " + new TreeSet<>(candidates)
                    + (group == null && !passThrough.isEmpty()
                            ? ", and keys starting with " + passThrough.keySet()
                            : ""));
        }
        ValidatedOptions validated = ValidatedOptions.of(blockName, raw);
        for (ConfigOption<?> o : options) {
            validated.get(o);
        }
        if (!groups.isEmpty()) {
            Set<String> inUse = groupsInUse.apply(validated);
            for (OptionGroup g : groups) {
                ValidatedOptions groupOptions = validated.group(g.prefix());
                for (String key : raw.keySet()) {
                    if (key.startsWith(g.prefix()) && !inUse.contains(g.prefix())) {
                        throw new PipelineConfigException("Option '" + blockName + "." + key + "' configures the '"
                                + g.prefix().substring(0, g.prefix().length() - 1) + "' format, which this block does"
                                + " not use (" + describeUse(validated) + "): remove it, or choose that format");
                    }
                }
                for (ConfigOption<?> o : g.options()) {
                    groupOptions.get(o);
                }
            }
        }
        return validated;
    }

    private String describeUse(ValidatedOptions validated) {
        List<String> used = new ArrayList<>();
        for (ConfigOption<?> o : options) {
            if (o.key().endsWith(".format")) {
                used.add(o.key() + ": " + validated.get(o));
            }
        }
        return String.join(", ", used);
    }

    @Nullable
    private OptionGroup groupOf(String key) {
        for (OptionGroup g : groups) {
            if (key.startsWith(g.prefix())) {
                return g;
            }
        }
        return null;
    }

    /** Every key the block declares: its options and, with their prefixes, those of its groups. */
    public Set<String> validKeys() {
        Set<String> keys = new LinkedHashSet<>();
        options.forEach(o -> keys.add(o.key()));
        groups.forEach(g -> keys.addAll(prefixedKeys(g)));
        return keys;
    }

    private static List<String> prefixedKeys(OptionGroup g) {
        List<String> keys = new ArrayList<>();
        g.options().forEach(o -> keys.add(g.prefix() + o.key()));
        return keys;
    }

    /** The {@code --help} text of the block: every option with its default and description. */
    public String help() {
        StringBuilder sb = new StringBuilder(title).append(":\n");
        appendHelp(sb, "", options);
        groups.forEach(g -> appendHelp(sb, g.prefix(), g.options()));
        passThrough.forEach((prefix, what) ->
                sb.append("  ").append(prefix).append("*\n      ").append(what).append('\n'));
        return sb.toString();
    }

    private static void appendHelp(StringBuilder sb, String prefix, List<ConfigOption<?>> options) {
        for (ConfigOption<?> o : options) {
            sb.append("  ").append(prefix).append(o.key());
            if (o.hasDefaultValue()) {
                sb.append(" (default ").append(o.defaultValue()).append(')');
            }
            sb.append("\n      ").append(DescriptionText.of(o)).append('\n');
        }
    }

    public static final class Builder {
        private final String name;
        private final String title;
        private final List<ConfigOption<?>> options = new ArrayList<>();
        private final Map<String, String> passThrough = new LinkedHashMap<>();
        private final List<OptionGroup> groups = new ArrayList<>();
        private Function<ValidatedOptions, Set<String>> groupsInUse = v -> Set.of();

        private Builder(String name, String title) {
            this.name = name;
            this.title = title;
        }

        public Builder options(Collection<ConfigOption<?>> declared) {
            options.addAll(declared);
            return this;
        }

        /** Keys starting with {@code prefix} are passed on unchecked; {@code what} says to whom, for the help. */
        public Builder passThrough(String prefix, String what) {
            passThrough.put(prefix, what);
            return this;
        }

        public Builder group(OptionGroup group) {
            groups.add(group);
            return this;
        }

        /** Which groups' prefixes the block uses, given its other options; a key of another group is an error. */
        public Builder groupsInUse(Function<ValidatedOptions, Set<String>> inUse) {
            this.groupsInUse = inUse;
            return this;
        }

        public OptionsBlock build() {
            return new OptionsBlock(this);
        }
    }
}

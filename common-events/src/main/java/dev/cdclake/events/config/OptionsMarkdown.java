package dev.cdclake.events.config;

import org.apache.flink.configuration.ConfigOption;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders option declarations as the README's Markdown tables, and keeps the README's copy between
 * {@code <!-- options:NAME:start -->} and {@code <!-- options:NAME:end -->} in step with the code: the jobs' tests call
 * {@link #checkReadme} so README and options cannot disagree.
 */
public final class OptionsMarkdown {
    private OptionsMarkdown() {}

    public static String table(List<ConfigOption<?>> options) {
        StringBuilder sb = new StringBuilder("| key | default | description |\n|---|---|---|\n");
        for (ConfigOption<?> o : options) {
            sb.append("| `")
                    .append(o.key())
                    .append("` | ")
                    .append(o.hasDefaultValue() ? "`" + defaultText(o.defaultValue()) + "`" : "")
                    .append(" | ")
                    .append(DescriptionText.of(o).replace("|", "\\|"))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** The options of a block's groups, each once, with the prefixes that take it. */
    public static String groupTable(OptionsBlock block) {
        Map<String, ConfigOption<?>> byKey = new LinkedHashMap<>();
        Map<String, List<String>> prefixes = new LinkedHashMap<>();
        for (OptionsBlock.OptionGroup g : block.groups()) {
            for (ConfigOption<?> o : g.options()) {
                byKey.putIfAbsent(o.key(), o);
                prefixes.computeIfAbsent(o.key(), k -> new ArrayList<>()).add("`" + g.prefix() + "`");
            }
        }
        StringBuilder sb = new StringBuilder("| key | prefixes | default | description |\n|---|---|---|---|\n");
        byKey.forEach((key, o) -> sb.append("| `")
                .append(key)
                .append("` | ")
                .append(String.join(", ", prefixes.get(key)))
                .append(" | ")
                .append(o.hasDefaultValue() ? "`" + defaultText(o.defaultValue()) + "`" : "")
                .append(" | ")
                .append(DescriptionText.of(o).replace("|", "\\|"))
                .append(" |\n"));
        return sb.toString();
    }

    private static String defaultText(Object v) {
        if (v instanceof java.time.Duration) {
            java.time.Duration d = (java.time.Duration) v;
            return d.toMillis() % 60_000 == 0
                    ? d.toMinutes() + " min"
                    : d.toMillis() % 1000 == 0 ? d.getSeconds() + " s" : d.toMillis() + " ms";
        }
        return String.valueOf(v);
    }

    /**
     * Compares the README's block {@code name} with {@code table}; with {@code -Dreadme.update=true} rewrites it.
     *
     * @return null when they agree (or after rewriting), else a message showing the expected block
     */
    public static String checkReadme(Path readme, String name, String table) throws IOException {
        String text = Files.readString(readme);
        String start = "<!-- options:" + name + ":start -->\n";
        String end = "<!-- options:" + name + ":end -->";
        int s = text.indexOf(start);
        int e = text.indexOf(end);
        if (s < 0 || e < s) {
            return "README has no block " + start.trim() + " ... " + end;
        }
        String current = text.substring(s + start.length(), e);
        if (current.equals(table)) {
            return null;
        }
        if (Boolean.getBoolean("readme.update")) {
            Files.writeString(readme, text.substring(0, s + start.length()) + table + text.substring(e));
            return null;
        }
        return "README's option table '" + name + "' differs from the code; run the test with -Dreadme.update=true "
                + "to rewrite it. Expected:\n" + table;
    }
}

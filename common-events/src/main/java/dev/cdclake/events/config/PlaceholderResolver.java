package dev.cdclake.events.config;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Resolves {@code ${name}} placeholders in configuration values from, in order: {@code --set name=value} arguments,
 * the {@code --secrets} file, and environment variables ({@code secret_values.mysql.password} is looked up as
 * {@code SECRET_VALUES_MYSQL_PASSWORD}). {@code $${x}} is a literal {@code ${x}}.
 */
public final class PlaceholderResolver {
    private final Map<String, String> sets;
    private final Map<String, String> secrets;
    private final Map<String, String> environment;

    public PlaceholderResolver(Map<String, String> sets, Map<String, String> secrets, Map<String, String> environment) {
        this.sets = sets;
        this.secrets = secrets;
        this.environment = environment;
    }

    /** The environment variable consulted for a placeholder name. */
    public static String environmentName(String placeholder) {
        StringBuilder sb = new StringBuilder(placeholder.length());
        for (int i = 0; i < placeholder.length(); i++) {
            char c = placeholder.charAt(i);
            sb.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    /**
     * Replaces every placeholder in {@code value}, found at {@code location} (for example {@code source.password}).
     *
     * @throws PipelineConfigException naming every unresolved placeholder and the three ways to supply it
     */
    public String resolve(String location, String value) {
        if (value.indexOf("${") < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        Set<String> missing = new LinkedHashSet<>();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            if (start < 0) {
                out.append(value, i, value.length());
                break;
            }
            if (start > 0 && value.charAt(start - 1) == '$') {
                // $${x} escapes the placeholder
                out.append(value, i, start - 1).append("${");
                i = start + 2;
                continue;
            }
            int end = value.indexOf('}', start + 2);
            if (end < 0) {
                throw new PipelineConfigException("Unterminated placeholder in " + location
                        + ": '${' without a closing '}' (write ${name}, or $${ for a literal ${)");
            }
            String name = value.substring(start + 2, end).trim();
            String resolved = lookup(name);
            out.append(value, i, start);
            if (resolved == null) {
                missing.add(name);
            } else {
                out.append(resolved);
            }
            i = end + 1;
        }
        if (!missing.isEmpty()) {
            StringBuilder msg = new StringBuilder("Unresolved placeholder");
            msg.append(missing.size() > 1 ? "s " : " ");
            boolean first = true;
            for (String name : missing) {
                msg.append(first ? "" : ", ").append("${").append(name).append('}');
                first = false;
            }
            String example = missing.iterator().next();
            msg.append(" in ")
                    .append(location)
                    .append(". Supply ")
                    .append(missing.size() > 1 ? "each" : "it")
                    .append(" with --set ")
                    .append(example)
                    .append("=VALUE, in the --secrets file (")
                    .append(example)
                    .append(": VALUE), or as the environment variable ")
                    .append(environmentName(example))
                    .append('.');
            throw new PipelineConfigException(msg.toString());
        }
        return out.toString();
    }

    private String lookup(String name) {
        String v = sets.get(name);
        if (v == null) {
            v = secrets.get(name);
        }
        if (v == null) {
            v = environment.get(environmentName(name));
        }
        return v;
    }
}

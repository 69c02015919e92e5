package dev.cdclake.events.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.BlockElement;
import org.apache.flink.configuration.description.Formatter;
import org.apache.flink.configuration.description.TextElement;

/** Plain text of an option's description, for error messages, {@code --help} and the README's option tables. */
public final class DescriptionText {
    private DescriptionText() {}

    public static String of(ConfigOption<?> option) {
        StringBuilder sb = new StringBuilder();
        PlainFormatter f = new PlainFormatter();
        for (BlockElement block : option.description().getBlocks()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(f.format(new org.apache.flink.configuration.description.Description.DescriptionBuilder()
                    .add(block)
                    .build()));
        }
        return sb.toString();
    }

    private static final class PlainFormatter extends Formatter {
        @Override
        protected void formatLink(StringBuilder state, String link, String description) {
            state.append(description).append(" (").append(link).append(')');
        }

        @Override
        protected void formatLineBreak(StringBuilder state) {
            state.append(' ');
        }

        @Override
        protected void formatText(
                StringBuilder state,
                String format,
                String[] elements,
                java.util.EnumSet<TextElement.TextStyle> styles) {
            state.append(String.format(format, (Object[]) elements));
        }

        @Override
        protected void formatList(StringBuilder state, String[] entries) {
            state.append(String.join("; ", entries));
        }

        @Override
        protected Formatter newInstance() {
            return new PlainFormatter();
        }
    }
}

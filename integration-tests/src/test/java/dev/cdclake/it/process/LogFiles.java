package dev.cdclake.it.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reading server log files for readiness checks and error messages. */
public final class LogFiles {

    private LogFiles() {}

    /** The last {@code lines} lines of {@code file}, or a note why there are none. */
    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Whether {@code file} exists and contains {@code text}. */
    public static boolean contains(Path file, String text) {
        try {
            return Files.exists(file)
                    && Files.readString(file, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}

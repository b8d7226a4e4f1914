package io.samsa.kafka.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes {@code java.util.Properties}-format files with entries in the given order (readable diffs, stable logs). */
final class ConfigFiles {

    private ConfigFiles() {
    }

    static void write(Path file, String header, Map<String, String> entries) {
        StringBuilder sb = new StringBuilder();
        for (String line : header.split("\n")) {
            sb.append("# ").append(line).append('\n');
        }
        entries.forEach((k, v) -> sb.append(escape(k)).append('=').append(escape(v)).append('\n'));
        try {
            Files.writeString(file, sb.toString(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new KafkaEmbeddedException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Escapes backslash, separators, comment characters, spaces and anything outside printable ASCII. */
    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\', '=', ':', '#', '!', ' ' -> sb.append('\\').append(c);
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}

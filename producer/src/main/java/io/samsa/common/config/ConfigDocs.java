package io.samsa.common.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Renders a {@link ConfigDef} as the Markdown table of a configuration reference.
 *
 * <p>It is given the table rather than naming one: this package sits below the producer, so the producer's page
 * and the program that writes it to {@value #RELATIVE_PATH} live beside {@code io.samsa.clients.producer.ProducerConfig}
 * ({@code ProducerConfigDocs}).
 */
public final class ConfigDocs {
    /** Where the configuration reference lives, relative to the repository root. */
    public static final String RELATIVE_PATH = "docs/configuration.md";

    private ConfigDocs() {
    }

    /**
     * {@value #RELATIVE_PATH} under the repository root: the first directory, from {@code start} upwards, that
     * holds {@code producer/pom.xml}.
     *
     * @param start the directory to search upwards from, e.g. the working directory
     * @return the path of the configuration reference
     * @throws IllegalStateException if no directory above {@code start} holds {@code producer/pom.xml}
     */
    public static Path defaultPath(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("producer").resolve("pom.xml"))) {
                return dir.resolve(RELATIVE_PATH);
            }
        }
        throw new IllegalStateException("cannot find the repository root (a directory with producer/pom.xml) above "
                + start + "; give the output file as an argument");
    }

    /**
     * The table as Markdown: one row per key, most important first, then by name (the order of Apache
     * Kafka's reference).
     *
     * @param def the table to render
     * @return the Markdown table, with a header row
     */
    public static String markdownTable(ConfigDef def) {
        List<ConfigKey> keys = new ArrayList<>(def.keys());
        keys.sort(Comparator.comparing(ConfigKey::importance).thenComparing(ConfigKey::name));
        StringBuilder sb = new StringBuilder();
        sb.append("| Key | Type | Default | Valid values | Importance | Description |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (ConfigKey k : keys) {
            sb.append("| `").append(k.name()).append("` | ")
                    .append(k.type().displayName()).append(" | ")
                    .append(k.hasDefault() ? code(k.defaultDisplay()) : "*required*").append(" | ")
                    .append(cell(k.validValues())).append(" | ")
                    .append(k.importance().name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                    .append(cell(k.doc())).append(" |\n");
        }
        return sb.toString();
    }

    private static String code(String s) {
        return s.isEmpty() ? "" : "`" + s.replace("`", "'") + "`";
    }

    /** A table cell: pipes escaped, line breaks flattened (Markdown tables are one line per row). */
    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\r", "").replace("\n", " ");
    }
}

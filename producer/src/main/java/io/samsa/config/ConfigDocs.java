package io.samsa.config;

import io.samsa.producer.ProducerConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Renders a {@link ConfigDef} as the Markdown configuration reference, and (as a program) writes the
 * producer's to {@code docs/configuration.md}.
 *
 * <p>The reference is generated, never edited by hand, so that it cannot disagree with what the code accepts;
 * {@code ConfigDocsTest} fails when the committed file is stale and prints {@link #REGENERATE_COMMAND}.
 */
public final class ConfigDocs {
    /** The command that rewrites {@code docs/configuration.md}, run from the repository root. */
    public static final String REGENERATE_COMMAND =
            "mvn -B -q -pl producer compile exec:java -Dexec.mainClass=io.samsa.config.ConfigDocs";

    /** Where the reference lives, relative to the repository root. */
    public static final String RELATIVE_PATH = "docs/configuration.md";

    private ConfigDocs() {
    }

    /**
     * Writes the producer's configuration reference.
     *
     * @param args optional: the file to write; by default {@value #RELATIVE_PATH} under the repository root,
     *             found from the working directory (the root itself or one of its modules)
     */
    public static void main(String[] args) throws IOException {
        Path out = args.length > 0 ? Path.of(args[0]) : defaultPath(Path.of("").toAbsolutePath());
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, producerReference(), StandardCharsets.UTF_8);
        System.out.println("Wrote " + out.toAbsolutePath().normalize());
    }

    /**
     * {@value #RELATIVE_PATH} under the repository root: the first directory, from {@code start} upwards, that
     * holds {@code producer/pom.xml}.
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

    /** The producer's reference page, exactly as committed in {@value #RELATIVE_PATH}. */
    public static String producerReference() {
        return "# Producer configuration\n\n"
                + "Every key the Samsa producer accepts. Names, meanings and defaults are Apache Kafka 4.1's, so a\n"
                + "`Properties` file written for Apache Kafka's producer works unchanged; where Samsa differs, the\n"
                + "description says so. Keys not listed here are ignored with a warning naming them.\n\n"
                + "Values may be strings (as in a `Properties` file) or typed objects (`Integer`, `Long`, `Boolean`,\n"
                + "`Class`, `List`). The producer checks every value when it is created and fails with a\n"
                + "`ConfigException` naming the key, the value and what is allowed.\n\n"
                + "Generated from `io.samsa.producer.ProducerConfig` by `io.samsa.config.ConfigDocs`; do not edit.\n"
                + "Regenerate with `" + REGENERATE_COMMAND + "`.\n\n"
                + markdownTable(ProducerConfig.configDef());
    }

    /**
     * The table as Markdown: one row per key, most important first, then by name (the order of Apache
     * Kafka's reference).
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

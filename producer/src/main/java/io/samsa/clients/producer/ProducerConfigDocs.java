package io.samsa.clients.producer;

import io.samsa.common.config.ConfigDocs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The producer's configuration reference page, and (as a program) its writer to
 * {@value ConfigDocs#RELATIVE_PATH}: {@link ProducerConfig}'s table rendered by {@link ConfigDocs}, with the
 * page's introduction. It lives beside {@link ProducerConfig} because {@code io.samsa.common.config} sits below the
 * producer and renders whatever table it is given.
 *
 * <p>The reference is generated, never edited by hand, so that it cannot disagree with what the code accepts;
 * {@code ProducerConfigDocsTest} fails when the committed file is stale and prints {@link #REGENERATE_COMMAND}.
 * Public only for {@code exec:java}, which cannot call the {@code main} of a class it cannot access.
 */
public final class ProducerConfigDocs {
    /** The command that rewrites {@value ConfigDocs#RELATIVE_PATH}, run from the repository root. */
    static final String REGENERATE_COMMAND =
            "mvn -B -q -pl producer compile exec:java -Dexec.mainClass=io.samsa.clients.producer.ProducerConfigDocs";

    private ProducerConfigDocs() {
    }

    /**
     * Writes the producer's configuration reference.
     *
     * @param args optional: the file to write; by default {@value ConfigDocs#RELATIVE_PATH} under the repository
     *             root, found from the working directory (the root itself or one of its modules)
     * @throws IOException if the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path out = args.length > 0 ? Path.of(args[0]) : ConfigDocs.defaultPath(Path.of("").toAbsolutePath());
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, reference(), StandardCharsets.UTF_8);
        System.out.println("Wrote " + out.toAbsolutePath().normalize());
    }

    /** The page, exactly as committed in {@value ConfigDocs#RELATIVE_PATH}. */
    static String reference() {
        return "# Producer configuration\n\n"
                + "Every key the Samsa producer accepts. Names, meanings and defaults are Apache Kafka 4.1's, so a\n"
                + "`Properties` file written for Apache Kafka's producer works unchanged; where Samsa differs, the\n"
                + "description says so. Keys not listed here are ignored with a warning naming them.\n\n"
                + "Values may be strings (as in a `Properties` file) or typed objects (`Integer`, `Long`, `Boolean`,\n"
                + "`Class`, `List`). The producer checks every value when it is created and fails with a\n"
                + "`ConfigException` naming the key, the value and what is allowed.\n\n"
                + "Generated from `io.samsa.clients.producer.ProducerConfig` by `io.samsa.common.config.ConfigDocs`; do not edit.\n"
                + "Regenerate with `" + REGENERATE_COMMAND + "`.\n\n"
                + ConfigDocs.markdownTable(ProducerConfig.configDef());
    }
}

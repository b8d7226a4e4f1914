package io.samsa.ported;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the ported files honest: undoing exactly the changes their first comment lists must give back the upstream
 * file byte for byte, checked by its git blob id at the commit the comment names (so anyone can confirm it with
 * {@code git rev-parse COMMIT:PATH} in the upstream repository). Any other edit to a ported file fails this test.
 *
 * <ul>
 *   <li>The core ports (src/main/java): drop the leading "Samsa port" comment, drop each "[Samsa port]" line and
 *       uncomment the "//"-prefixed lines under it, and turn "io.samsa." back into "org.apache.kafka." on import
 *       lines.</li>
 *   <li>The adapter runs (src/test/java/adapter, the same files): drop the leading "Samsa adapter run" comment, turn
 *       "package adapter." back into "package ", drop the line "import io.samsa.kafka.SamsaKafkaProducer;" and turn
 *       "SamsaKafkaProducer" back into "KafkaProducer" everywhere else.</li>
 * </ul>
 */
class PortedSourcesTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Path ADAPTER = Path.of("src/test/java/adapter");
    private static final Path RESOURCES = Path.of("src/test/resources");
    private static final Pattern SAMSA_IMPORT = Pattern.compile("^import (static )?io\\.samsa\\.");
    private static final Pattern MARKER = Pattern.compile("^\\s*// \\[Samsa port\\] .*");
    private static final String ADAPTER_IMPORT = "import io.samsa.kafka.SamsaKafkaProducer;";

    /** Each ported file (its path in either tree) and the git blob id of its upstream original. */
    static Stream<Arguments> upstreamFiles() {
        return Stream.of(
                // apache/kafka @ 1eb7644349cb07139d6a3c1ad1986979647cac99, examples/src/main/java/kafka/examples/
                Arguments.of("kafka/examples/Producer.java", "d9d454c15593a12a33756a0469fc35e46595e145"),
                Arguments.of("kafka/examples/Utils.java", "8846879f67d5fcf2397b790b328ddddd24747174"),
                // confluentinc/getting-started-guides @ a869eb0d356dab845093a1cc70ff0dba30679b30,
                // java/src/main/java/examples/ProducerExample.java
                Arguments.of("examples/ProducerExample.java", "f805e79cfb8b0babaedc82801917582aa285c1bc"),
                // confluentinc/getting-started-guides @ ee53d638a35a1e706975e2fad513bdf9730ede6c,
                // java/src/main/java/io/confluent/developer/ProducerExampleLocal.java
                Arguments.of("io/confluent/developer/ProducerExample.java", "691696f0911b5ae983722735564ed015f62d8a4c"),
                // eugenp/tutorials @ 2430217689fbaf1e212d452cc68fe39859639686,
                // apache-kafka/src/main/java/com/baeldung/kafka/headers/KafkaMessageHeaders.java
                Arguments.of("com/baeldung/kafka/headers/KafkaMessageHeaders.java",
                        "8970f312f396741a6bfdd903bd6fd0ffdd76bdbd"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("upstreamFiles")
    void undoingTheListedChangesGivesBackTheUpstreamFile(String file, String upstreamBlobId) throws Exception {
        String ported = Files.readString(MAIN.resolve(file), StandardCharsets.UTF_8);
        assertThat(gitBlobId(unport(ported))).isEqualTo(upstreamBlobId);
    }

    @ParameterizedTest(name = "adapter/{0}")
    @MethodSource("upstreamFiles")
    void undoingTheAdapterRunsListedChangesGivesBackTheUpstreamFile(String file, String upstreamBlobId)
            throws Exception {
        String adapted = Files.readString(ADAPTER.resolve(file), StandardCharsets.UTF_8);
        assertThat(gitBlobId(unadapt(adapted))).isEqualTo(upstreamBlobId);
        assertThat(adapted.substring(adapted.indexOf("\n */\n"))).as("constructs Apache's own producer")
                .doesNotContain("new KafkaProducer");
    }

    /** The Confluent guide's properties file, kept verbatim (the test fills in its placeholder at run time). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // confluentinc/getting-started-guides @ a869eb0d356dab845093a1cc70ff0dba30679b30,
            // java/getting-started-local.properties
            "confluent/getting-started-local.properties, 75f9df720e03eb22790cbb6ff280d6a17ea7879d",
    })
    void theGuidesPropertiesFileIsVerbatim(String file, String upstreamBlobId) throws Exception {
        assertThat(gitBlobId(Files.readString(RESOURCES.resolve(file), StandardCharsets.UTF_8)))
                .isEqualTo(upstreamBlobId);
    }

    static String unport(String ported) {
        List<String> out = new ArrayList<>();
        boolean commentedBlock = false;
        for (String line : linesAfterFirstComment(ported, "Samsa port of ")) {
            if (MARKER.matcher(line).matches()) {
                commentedBlock = true;
                continue;
            }
            if (commentedBlock && line.startsWith("//")) {
                out.add(line.equals("//") ? "" : line.substring("// ".length()));
                continue;
            }
            commentedBlock = false;
            out.add(SAMSA_IMPORT.matcher(line).find() ? line.replaceFirst("io\\.samsa\\.", "org.apache.kafka.") : line);
        }
        return String.join("\n", out);
    }

    static String unadapt(String adapted) {
        List<String> out = new ArrayList<>();
        for (String line : linesAfterFirstComment(adapted, "Samsa adapter run of ")) {
            if (!line.equals(ADAPTER_IMPORT)) {
                out.add(line.replaceFirst("^package adapter\\.", "package ")
                        .replace("SamsaKafkaProducer", "KafkaProducer"));
            }
        }
        return String.join("\n", out);
    }

    /** The file's lines after its first comment, which must begin with {@code title}. */
    private static List<String> linesAfterFirstComment(String file, String title) {
        assertThat(file).startsWith("/*\n * " + title);
        return List.of(file.substring(file.indexOf("\n */\n") + "\n */\n".length()).split("\n", -1));
    }

    /** What {@code git hash-object} prints for a file with this content. */
    static String gitBlobId(String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(sha1.digest(bytes));
    }
}

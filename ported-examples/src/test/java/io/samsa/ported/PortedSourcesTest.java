package io.samsa.ported;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the ported files honest: undoing exactly the changes their first comment lists must give back the upstream
 * file byte for byte, checked by its git blob id at the commit the comment names (so anyone can confirm it with
 * {@code git rev-parse COMMIT:PATH} in the upstream repository). Undoing means: drop the leading "Samsa port"
 * comment, drop each "[Samsa port]" line and uncomment the "//"-prefixed lines under it, and turn "io.samsa." back
 * into "org.apache.kafka." on import lines. Any other edit to a ported file fails this test.
 */
class PortedSourcesTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Path RESOURCES = Path.of("src/test/resources");
    private static final Pattern SAMSA_IMPORT = Pattern.compile("^import (static )?io\\.samsa\\.");
    private static final Pattern MARKER = Pattern.compile("^\\s*// \\[Samsa port\\] .*");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // apache/kafka @ 1eb7644349cb07139d6a3c1ad1986979647cac99, examples/src/main/java/kafka/examples/
            "kafka/examples/Producer.java, d9d454c15593a12a33756a0469fc35e46595e145",
            "kafka/examples/Utils.java, 8846879f67d5fcf2397b790b328ddddd24747174",
            // confluentinc/getting-started-guides @ a869eb0d356dab845093a1cc70ff0dba30679b30,
            // java/src/main/java/examples/ProducerExample.java
            "examples/ProducerExample.java, f805e79cfb8b0babaedc82801917582aa285c1bc",
            // confluentinc/getting-started-guides @ ee53d638a35a1e706975e2fad513bdf9730ede6c,
            // java/src/main/java/io/confluent/developer/ProducerExampleLocal.java
            "io/confluent/developer/ProducerExample.java, 691696f0911b5ae983722735564ed015f62d8a4c",
            // eugenp/tutorials @ 2430217689fbaf1e212d452cc68fe39859639686,
            // apache-kafka/src/main/java/com/baeldung/kafka/headers/KafkaMessageHeaders.java
            "com/baeldung/kafka/headers/KafkaMessageHeaders.java, 8970f312f396741a6bfdd903bd6fd0ffdd76bdbd",
    })
    void undoingTheListedChangesGivesBackTheUpstreamFile(String file, String upstreamBlobId) throws Exception {
        String ported = Files.readString(MAIN.resolve(file), StandardCharsets.UTF_8);
        assertThat(gitBlobId(unport(ported))).isEqualTo(upstreamBlobId);
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
        assertThat(ported).startsWith("/*\n * Samsa port of ");
        String text = ported.substring(ported.indexOf("\n */\n") + "\n */\n".length());
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        List<String> out = new ArrayList<>();
        boolean commentedBlock = false;
        for (String line : lines) {
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

    /** What {@code git hash-object} prints for a file with this content. */
    static String gitBlobId(String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(sha1.digest(bytes));
    }
}

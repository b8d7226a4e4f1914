package io.samsa.clients.producer;

import io.samsa.common.config.ConfigDocs;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed configuration reference is what the producer's table generates. */
class ProducerConfigDocsTest {

    @Test
    void committedReferenceIsUpToDate() throws Exception {
        Path file = ConfigDocs.defaultPath(Path.of(System.getProperty("basedir", ".")));
        String expected = ProducerConfigDocs.reference();
        String actual = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(missing)";
        assertThat(actual)
                .as("%s is out of date with the configuration table in ProducerConfig. Regenerate it from the "
                        + "repository root with:%n  %s%nand commit the result.", file,
                        ProducerConfigDocs.REGENERATE_COMMAND)
                .isEqualTo(expected);
    }
}

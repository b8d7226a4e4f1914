package io.samsa.config;

import io.samsa.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed configuration reference is what the table generates, and documents every key. */
class ConfigDocsTest {

    @Test
    void committedReferenceIsUpToDate() throws Exception {
        Path file = ConfigDocs.defaultPath(Path.of(System.getProperty("basedir", ".")));
        String expected = ConfigDocs.producerReference();
        String actual = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(missing)";
        assertThat(actual)
                .as("%s is out of date with the configuration table in ProducerConfig. Regenerate it from the "
                        + "repository root with:%n  %s%nand commit the result.", file, ConfigDocs.REGENERATE_COMMAND)
                .isEqualTo(expected);
    }

    @Test
    void everyKeyIsDocumentedAndListedOnce() {
        String table = ConfigDocs.markdownTable(ProducerConfig.configDef());
        for (ConfigKey key : ProducerConfig.configDef().keys()) {
            assertThat(key.doc()).as("doc of %s", key.name()).isNotBlank().hasSizeGreaterThan(20);
            assertThat(LogCapture.count(table, "| `" + key.name() + "` |")).as(key.name()).isEqualTo(1);
        }
        assertThat(table.lines().count()).isEqualTo(2 + ProducerConfig.configDef().keys().size());
    }

    @Test
    void rowsShowTypeDefaultValidValuesAndImportance() {
        String table = ConfigDocs.markdownTable(ProducerConfig.configDef());
        assertThat(table).contains("| `linger.ms` | long | `5` | [0,...] | medium | ");
        assertThat(table).contains("| `acks` | string | `all` | [all, -1, 0, 1] | low | ");
        assertThat(table).contains("| `bootstrap.servers` | list | *required* |");
        assertThat(table).contains("| `sasl.jaas.config` | password | `null` |");
    }
}

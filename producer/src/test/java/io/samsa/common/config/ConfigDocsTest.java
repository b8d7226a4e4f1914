package io.samsa.common.config;

import io.samsa.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference table documents every key of the producer's table once, with its type, default and range. */
class ConfigDocsTest {

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

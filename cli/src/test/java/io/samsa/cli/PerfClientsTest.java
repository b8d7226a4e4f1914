package io.samsa.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code samsa perf --compare}: which clients run, in which order. Samsa always first, then the named ones in the
 * order given, each once, names case-insensitive; three Java clients (samsa, apache, adapter) and kcat.
 */
class PerfClientsTest {

    private static List<String> clients(String... compare) {
        PerfCommand command = new PerfCommand();
        String[] base = {"--topic", "t", "--num-records", "10", "--record-size", "10"};
        String[] args = new String[base.length + 2 * compare.length];
        System.arraycopy(base, 0, args, 0, base.length);
        for (int i = 0; i < compare.length; i++) {
            args[base.length + 2 * i] = "--compare";
            args[base.length + 2 * i + 1] = compare[i];
        }
        new CommandLine(command).parseArgs(args);
        return command.clients();
    }

    @Test
    void samsaAloneWithoutCompare() {
        assertThat(clients()).containsExactly("samsa");
    }

    @Test
    void theAdapterIsAThirdJavaClientInTheOrderGiven() {
        assertThat(clients("apache,adapter")).containsExactly("samsa", "apache", "adapter");
        assertThat(clients("adapter,apache")).containsExactly("samsa", "adapter", "apache");
        assertThat(clients("adapter")).containsExactly("samsa", "adapter");
        assertThat(clients("apache,adapter,kcat")).containsExactly("samsa", "apache", "adapter", "kcat");
        assertThat(clients("rdkafka,kcat")).containsExactly("samsa", "rdkafka", "kcat");
        // the list is the rotation's first round (PerfSession.roundOrder; JavaRunnersTest)
    }

    @Test
    void namesAreTrimmedCaseInsensitiveAndCountedOnce() {
        assertThat(clients("Apache, ADAPTER", "adapter,apache")).containsExactly("samsa", "apache", "adapter");
    }

    @Test
    void anUnknownClientNamesTheKnownOnes() {
        assertThatThrownBy(() -> clients("apache,confluent")).isInstanceOf(CliException.class)
                .hasMessageContaining("unknown client 'confluent'").hasMessageContaining("apache, adapter, kcat, rdkafka");
        // samsa runs anyway; naming it is a mistake worth reporting, as before
        assertThatThrownBy(() -> clients("samsa")).isInstanceOf(CliException.class);
    }
}

package io.samsa.cli;

import org.junit.jupiter.api.Test;

import static io.samsa.cli.CliRun.perf;
import static io.samsa.cli.CliRun.usageError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code samsa perf --threads} without a broker: the inputs refused (exit status 2, a message naming the option)
 * before anything starts.
 */
class PerfThreadsTest {

    @Test
    void theThreadCountMustBeBetweenOneAndTheLimit() {
        assertThat(usageError(perf("--threads", "0")).err).contains("--threads must be between 1 and 256, was 0");
        assertThat(usageError(perf("--threads", "257")).err).contains("--threads must be between 1 and 256, was 257");
    }

    @Test
    void kcatHasNoApplicationThreads() {
        // refused whether kcat is installed or not: the option is what it cannot do
        assertThat(usageError(perf("--threads", "2", "--compare", "apache,kcat")).err)
                .contains("--compare kcat: kcat has no application threads (--threads 2)", "--skip-missing");
        // nor the rdkafka client: refused before it is built, whether a compiler is installed or not
        assertThat(usageError(perf("--threads", "3", "--compare", "rdkafka")).err)
                .contains("--compare rdkafka: rdkafka has no application threads (--threads 3)", "--skip-missing");
    }

    @Test
    void skipMissingLeavesTheOneThreadClientsOut() {
        CliRun r = CliRun.of(perf("--threads", "2", "--compare", "kcat,rdkafka", "--skip-missing",
                "--bootstrap-server", "127.0.0.1:1"));
        assertThat(r.out).contains("Note: kcat has no application threads (--threads 2); skipping kcat.",
                "Note: rdkafka has no application threads (--threads 2); skipping rdkafka.");
    }

    @Test
    void transactionsRunWithOneSendingThread() {
        assertThat(usageError(perf("--threads", "2", "--transaction-duration-ms", "100")).err)
                .contains("--threads 2 with --transaction-duration-ms");
    }

    @Test
    void theHelpListsTheOption() {
        CliRun help = CliRun.of("perf", "--help");
        assertThat(help.status).isZero();
        assertThat(help.out).contains("--threads=N", "Application threads sharing");
    }
}

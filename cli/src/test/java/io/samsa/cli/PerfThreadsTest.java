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

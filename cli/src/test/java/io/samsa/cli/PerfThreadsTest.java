package io.samsa.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code samsa perf --threads} without a broker: the inputs refused (exit status 2, a message naming the option)
 * before anything starts.
 */
class PerfThreadsTest {

    private static CliRun usageError(String... args) {
        CliRun r = CliRun.of(args);
        assertThat(r.status).as(r.toString()).isEqualTo(Samsa.USAGE);
        return r;
    }

    private static String[] perf(String... more) {
        String[] base = {"perf", "--topic", "t", "--num-records", "10", "--record-size", "10"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return args;
    }

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

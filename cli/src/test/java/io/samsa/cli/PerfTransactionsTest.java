package io.samsa.cli;

import io.samsa.cli.PerfCommand.TransactionSettings;
import org.junit.jupiter.api.Test;

import static io.samsa.cli.CliRun.perf;
import static io.samsa.cli.CliRun.usageError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code samsa perf --transaction-duration-ms} without a broker: when a session sends in transactions, the ids its
 * runs get, and the inputs refused (exit status 2, a message naming the option) before anything starts.
 */
class PerfTransactionsTest {

    @Test
    void transactionsOnlyWithADurationOrATransactionalId() {
        assertThat(TransactionSettings.resolve(null, null)).isEqualTo(new TransactionSettings(0, null));
        assertThat(TransactionSettings.resolve(null, " ")).isEqualTo(new TransactionSettings(0, null));

        TransactionSettings byDuration = TransactionSettings.resolve(100L, null);
        assertThat(byDuration.durationMs()).isEqualTo(100);
        assertThat(byDuration.idPrefix()).startsWith("samsa-perf-").hasSizeGreaterThan("samsa-perf-".length());

        // A transactional.id alone means Apache's ProducerPerformance default; it becomes the runs' prefix.
        assertThat(TransactionSettings.resolve(null, "orders-bench"))
                .isEqualTo(new TransactionSettings(TransactionSettings.DURATION_MS, "orders-bench"));
        assertThat(TransactionSettings.resolve(50L, "orders-bench")).isEqualTo(new TransactionSettings(50, "orders-bench"));
    }

    @Test
    void theDurationMustBePositiveAndBelowTheTransactionTimeout() {
        assertThat(usageError(perf("--transaction-duration-ms", "0")).err)
                .contains("--transaction-duration-ms must be > 0, was 0");
        assertThat(usageError(perf("--transaction-duration-ms", "-5")).err)
                .contains("--transaction-duration-ms must be > 0, was -5");
        assertThat(usageError(perf("--transaction-duration-ms", "60000")).err)
                .contains("--transaction-duration-ms 60000 must be below transaction.timeout.ms (60000)");
        assertThat(usageError(perf("--transaction-duration-ms", "2000", "--producer-props",
                "transaction.timeout.ms=1500")).err)
                .contains("--transaction-duration-ms 2000 must be below transaction.timeout.ms (1500)");
        // a transactional.id alone means 3000 ms, checked the same way
        assertThat(usageError(perf("--producer-props", "transactional.id=x", "transaction.timeout.ms=3000")).err)
                .contains("--transaction-duration-ms 3000 must be below transaction.timeout.ms (3000)");
    }

    @Test
    void transactionsNeedIdempotenceAsTheProducerSays() {
        CliRun r = usageError(perf("--transaction-duration-ms", "100", "--producer-props", "enable.idempotence=false"));
        assertThat(r.err).contains("invalid producer configuration", "transactional.id", "enable.idempotence");
    }

    @Test
    void kcatHasNoTransactions() {
        // refused whether kcat is installed or not: the option is what it cannot do
        assertThat(usageError(perf("--transaction-duration-ms", "100", "--compare", "apache,kcat")).err)
                .contains("--compare kcat: kcat has no transactions (--transaction-duration-ms)", "--skip-missing");
        assertThat(usageError(perf("--transaction-duration-ms", "100", "--compare", "rdkafka")).err)
                .contains("--compare rdkafka: rdkafka has no transactions (--transaction-duration-ms)", "--skip-missing");
    }

    @Test
    void theHelpListsTheOption() {
        CliRun help = CliRun.of("perf", "--help");
        assertThat(help.status).isZero();
        assertThat(help.out).contains("--transaction-duration-ms", "transactional.id");
    }
}

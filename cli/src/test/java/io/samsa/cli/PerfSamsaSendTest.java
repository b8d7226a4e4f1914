package io.samsa.cli;

import org.junit.jupiter.api.Test;

import static io.samsa.cli.CliRun.perf;
import static io.samsa.cli.CliRun.usageError;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code samsa perf --samsa-send} without a broker: a value other than send or produce is refused by name. */
class PerfSamsaSendTest {

    @Test
    void onlySendAndProduceAreAccepted() {
        assertThat(usageError(perf("--samsa-send", "future")).err)
                .contains("--samsa-send must be send or produce, was future");
    }

    @Test
    void theHelpListsTheOption() {
        CliRun help = CliRun.of("perf", "--help");
        assertThat(help.status).isZero();
        assertThat(help.out).contains("--samsa-send=send|produce");
    }
}

package io.samsa.cli.perf;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class ChildProcessTest {

    @Test
    void marksAreTakenAsTheyArriveAndNotForwarded() throws Exception {
        StringWriter forwarded = new StringWriter();
        List<String> taken = new CopyOnWriteArrayList<>();
        ChildProcess child = ChildProcess.start(
                List.of("sh", "-c", "echo before; echo MARK; echo after; echo oops >&2"), "[x] ",
                new PrintWriter(forwarded), true, line -> line.equals("MARK") && taken.add(line));
        ChildProcess.Outcome outcome = child.await(Duration.ofSeconds(30));

        assertThat(outcome.exitCode).isZero();
        assertThat(taken).containsExactly("MARK");
        assertThat(forwarded.toString()).contains("[x] before", "[x] after", "[x] oops").doesNotContain("MARK");
        assertThat(outcome.stderrTail).containsExactly("oops");
    }
}

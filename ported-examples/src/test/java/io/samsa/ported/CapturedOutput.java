package io.samsa.ported;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Captures {@code System.out} and {@code System.err} while a ported program runs: the programs report their results
 * by printing, so the tests read what they printed. Restores both streams on {@link #close()}. Tests in this module
 * run one at a time, so swapping the JVM-wide streams is safe.
 */
final class CapturedOutput implements AutoCloseable {
    /** A line slf4j-simple wrote (simplelogger.properties: date shown), as opposed to one the program printed. */
    private static final Pattern LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[.*");

    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private CapturedOutput() {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    static CapturedOutput start() {
        return new CapturedOutput();
    }

    List<String> out() {
        System.out.flush();
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** Everything written to {@code System.err}, log lines included. */
    List<String> err() {
        System.err.flush();
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The lines of {@code System.err} that are not slf4j-simple log lines. */
    List<String> errWithoutLogLines() {
        return err().stream().filter(l -> !LOG_LINE.matcher(l).matches()).toList();
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }
}

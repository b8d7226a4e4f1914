package io.samsa.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the samsa program in-process and captures its exit status and output. */
public final class CliRun {
    public final int status;
    public final String out;
    public final String err;

    private CliRun(int status, String out, String err) {
        this.status = status;
        this.out = out;
        this.err = err;
    }

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Samsa.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(status, out.toString(), err.toString());
    }

    /** Runs {@code args}, which the program must refuse as a usage error (exit status 2). */
    public static CliRun usageError(String... args) {
        CliRun r = of(args);
        assertThat(r.status).as(r.toString()).isEqualTo(Samsa.USAGE);
        return r;
    }

    /** {@code samsa perf} with a topic, 10 records of 10 bytes, then {@code more}. */
    public static String[] perf(String... more) {
        String[] base = {"perf", "--topic", "t", "--num-records", "10", "--record-size", "10"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return args;
    }

    @Override
    public String toString() {
        return "status " + status + "\n--- out:\n" + out + "\n--- err:\n" + err;
    }
}

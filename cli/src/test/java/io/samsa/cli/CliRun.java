package io.samsa.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

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

    @Override
    public String toString() {
        return "status " + status + "\n--- out:\n" + out + "\n--- err:\n" + err;
    }
}

package io.samsa.common.config;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what is logged while some code runs. The tests log through slf4j-simple, which writes to whatever
 * {@code System.err} is at the moment of each log call, so swapping {@code System.err} captures it. Not for
 * tests that run in parallel.
 */
public final class LogCapture {
    private LogCapture() {
    }

    /** Runs {@code action} and returns what was logged meanwhile. */
    public static String during(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** How many times {@code needle} occurs in {@code haystack}. */
    public static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}

package io.samsa.perf.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The record values of a workload: the same bytes, in the same order, for every client compared.
 *
 * <p>Generated values are {@value #POOL_SIZE} distinct payloads of upper-case letters A-Z from a fixed seed
 * (letters, as Apache's {@code ProducerPerformance} uses, so that they also work as kcat input lines and compress
 * like text rather than like a single repeated buffer); record {@code i} carries payload {@code i % pool}. With a
 * payload file, the file is split at the delimiter and record {@code i} carries entry {@code i % entries}
 * (Apache's tool picks entries at random; cycling keeps every client's sequence identical).
 */
public final class Payloads {
    public static final int POOL_SIZE = 1_000;

    private final byte[][] pool;

    private Payloads(byte[][] pool) {
        this.pool = pool;
    }

    public static Payloads generated(int recordSize, long seed) {
        if (recordSize <= 0) {
            throw new IllegalArgumentException("record size must be > 0, was " + recordSize);
        }
        SplittableRandom random = new SplittableRandom(seed);
        byte[][] pool = new byte[POOL_SIZE][recordSize];
        for (byte[] p : pool) {
            for (int j = 0; j < p.length; j++) {
                p[j] = (byte) ('A' + random.nextInt(26));
            }
        }
        return new Payloads(pool);
    }

    /**
     * @throws IOException with a message naming the file when it cannot be read or holds no payload
     */
    public static Payloads fromFile(Path file, String delimiter) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("payload file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new IOException("cannot read payload file " + file + ": " + e, e);
        }
        List<byte[]> entries = new ArrayList<>();
        int from = 0;
        while (from <= text.length()) {
            int at = text.indexOf(delimiter, from);
            int end = at < 0 ? text.length() : at;
            if (end > from) {
                entries.add(text.substring(from, end).getBytes(StandardCharsets.UTF_8));
            }
            if (at < 0) {
                break;
            }
            from = at + delimiter.length();
        }
        if (entries.isEmpty()) {
            throw new IOException("payload file " + file + " holds no payload (empty, or only delimiters)");
        }
        return new Payloads(entries.toArray(new byte[0][]));
    }

    public static Payloads of(Workload w) throws IOException {
        return w.payloadFile != null ? fromFile(Path.of(w.payloadFile), w.payloadDelimiter)
                : generated(w.recordSize, w.seed);
    }

    /** The value of record {@code i}. */
    public byte[] get(long i) {
        return pool[(int) (i % pool.length)];
    }

    public int size() {
        return pool.length;
    }

    public double averageSize() {
        long sum = 0;
        for (byte[] p : pool) {
            sum += p.length;
        }
        return (double) sum / pool.length;
    }
}

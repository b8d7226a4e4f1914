package io.samsa.accumulator;

/**
 * The 32-bit murmur2 hash exactly as Apache Kafka computes it ({@code Utils.murmur2}), which decides the
 * partition of every keyed record: a different hash would send the same key to a different partition than
 * Apache Kafka's producers do, breaking per-key ordering for any topic written by both.
 *
 * <p>Kafka's variant: seed {@code 0x9747b28c}, {@code m = 0x5bd1e995}, {@code r = 24}; the input is read in
 * little-endian 4-byte words; all arithmetic wraps modulo 2^32 and every shift is unsigned. Verified against
 * Kafka's test vectors ({@code "21"} gives -973932308) and against {@code Utils.murmur2} on random input.
 *
 * <p>Stateless and thread-safe.
 */
public final class Murmur2 {
    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    private Murmur2() {
    }

    /** The hash of all of {@code data} (an empty array hashes too: to 275646681). */
    @SuppressWarnings("fallthrough")
    public static int hash(byte[] data) {
        int length = data.length;
        int h = SEED ^ length;
        int whole = length & ~3;

        for (int i = 0; i < whole; i += 4) {
            int k = (data[i] & 0xff)
                    | (data[i + 1] & 0xff) << 8
                    | (data[i + 2] & 0xff) << 16
                    | (data[i + 3] & 0xff) << 24;
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }

        // The last 1-3 bytes (unsigned, like the words), highest first, falling through.
        switch (length & 3) {
            case 3:
                h ^= (data[whole + 2] & 0xff) << 16;
                // fall through
            case 2:
                h ^= (data[whole + 1] & 0xff) << 8;
                // fall through
            case 1:
                h ^= data[whole] & 0xff;
                h *= M;
                break;
            default:
                break;
        }

        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }

    /**
     * Clears the sign bit: a non-negative number to take a modulo of. Not {@code Math.abs}, which leaves
     * {@code Integer.MIN_VALUE} negative; Kafka uses this mask, so partition numbers must too.
     */
    public static int toPositive(int n) {
        return n & 0x7fffffff;
    }
}

package io.samsa.common.utils;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The one backoff rule of the client: {@code initial * multiplier^attempts}, randomised by +/- {@code jitter},
 * then capped at {@code max}. Retries of batches, InitProducerId and metadata, reconnects and connection set-up
 * timeouts all use it, each with its own configuration keys (KIP-580, KIP-144, KIP-601).
 *
 * <p>The cap comes after the jitter, so {@code max} is a promise: no wait is ever longer, even when the
 * randomised value would be. The jitter keeps many clients that failed together from retrying in lockstep.
 * When {@code max <= initial} there is nothing to grow into: every wait is {@code initial}, without jitter, as
 * Kafka documents for {@code retry.backoff.ms > retry.backoff.max.ms}.
 *
 * <p>Immutable and thread-safe (the randomness is {@link ThreadLocalRandom}'s).
 */
public final class ExponentialBackoff {
    /**
     * The jitter of Apache Kafka's client backoffs (retries, reconnects): 80%..120% of the nominal wait. Every
     * randomised backoff of the client uses it.
     */
    public static final double KAFKA_JITTER = 0.2;

    private final long initial;
    private final int multiplier;
    private final long max;
    private final double jitter;
    /** The exponent at which the nominal value reaches {@code max}; larger attempts counts change nothing. */
    private final double maxExponent;

    /**
     * @param initial    the first wait (attempts = 0), {@code >= 0}
     * @param multiplier growth per attempt, {@code >= 1}
     * @param max        the longest wait, whatever the attempts and the jitter
     * @param jitter     relative randomisation in [0, 1): 0.2 gives 80%..120% of the nominal wait
     */
    public ExponentialBackoff(long initial, int multiplier, long max, double jitter) {
        if (initial < 0) {
            throw new IllegalArgumentException("initial backoff " + initial + " must be >= 0");
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("backoff multiplier " + multiplier + " must be >= 1");
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("backoff jitter " + jitter + " must be in [0, 1)");
        }
        this.initial = initial;
        this.multiplier = multiplier;
        this.max = Math.max(initial, max);
        this.jitter = jitter;
        this.maxExponent = max > initial && multiplier > 1
                ? Math.log(max / (double) Math.max(initial, 1)) / Math.log(multiplier) : 0;
    }

    /**
     * The wait before the next attempt, after {@code attempts} failed ones in a row (0 for the first failure's
     * wait: {@code initial}, give or take the jitter).
     */
    public long backoff(long attempts) {
        if (maxExponent == 0) {
            return initial;
        }
        double exponent = Math.min(Math.max(attempts, 0), maxExponent);
        double nominal = initial * Math.pow(multiplier, exponent);
        if (jitter > 0) {
            nominal *= ThreadLocalRandom.current().nextDouble(1 - jitter, 1 + jitter);
        }
        return Math.min(max, (long) nominal);
    }

    /** The wait without jitter: what {@link #backoff} varies around (metrics, tests, log lines). */
    public long nominal(long attempts) {
        if (maxExponent == 0) {
            return initial;
        }
        double exponent = Math.min(Math.max(attempts, 0), maxExponent);
        return Math.min(max, (long) (initial * Math.pow(multiplier, exponent)));
    }

    public long initial() {
        return initial;
    }

    public long max() {
        return max;
    }

    @Override
    public String toString() {
        return "ExponentialBackoff(initial=" + initial + " ms, x" + multiplier + ", max=" + max + " ms, jitter="
                + jitter + ")";
    }
}

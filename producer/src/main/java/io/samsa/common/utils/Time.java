package io.samsa.common.utils;

/**
 * The clock, injected so that timeouts and backoffs can be tested without waiting (Aeron/Kafka style).
 * {@link #milliseconds()} is monotonic: use it for deadlines; {@link #wallClockMillis()} only for timestamps
 * that leave the process (record timestamps).
 */
public interface Time {
    Time SYSTEM = new Time() {
        @Override
        public long milliseconds() {
            return System.nanoTime() / 1_000_000L;
        }

        @Override
        public long nanoseconds() {
            return System.nanoTime();
        }

        @Override
        public long wallClockMillis() {
            return System.currentTimeMillis();
        }
    };

    /** Monotonic milliseconds (arbitrary origin). */
    long milliseconds();

    /** Monotonic nanoseconds (arbitrary origin). */
    long nanoseconds();

    /** Milliseconds since the epoch. */
    long wallClockMillis();
}

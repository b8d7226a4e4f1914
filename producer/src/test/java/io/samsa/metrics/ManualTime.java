package io.samsa.metrics;

import io.samsa.common.utils.Time;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to; thread-safe, so one thread can step it while others record. */
public final class ManualTime implements Time {
    private final AtomicLong nowMs;

    public ManualTime(long startMs) {
        this.nowMs = new AtomicLong(startMs);
    }

    public ManualTime() {
        this(0L);
    }

    /** Moves the clock forward (or, for a test of a stale reading, anywhere) by {@code ms}. */
    public ManualTime advance(long ms) {
        nowMs.addAndGet(ms);
        return this;
    }

    public ManualTime set(long ms) {
        nowMs.set(ms);
        return this;
    }

    @Override
    public long milliseconds() {
        return nowMs.get();
    }

    @Override
    public long nanoseconds() {
        return nowMs.get() * 1_000_000L;
    }

    @Override
    public long wallClockMillis() {
        return nowMs.get();
    }
}

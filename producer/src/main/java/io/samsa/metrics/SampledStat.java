package io.samsa.metrics;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The base of the windowed stats: a ring of {@link MetricConfig#samples()} samples, one per time window of
 * {@link MetricConfig#timeWindowMs()}, so that a value covers only the recent past and decays to nothing when
 * recording stops.
 *
 * <h2>Windows</h2>
 * Windows are aligned on the clock: window {@code w} covers {@code [w * windowMs, (w + 1) * windowMs)} and lives
 * in slot {@code w mod samples}. At time {@code now} the live windows are the current one and the
 * {@code samples - 1} before it; older samples are ignored when measuring and overwritten when their slot comes
 * round again. Apache Kafka starts a window at the first record after the previous one ended instead; aligned
 * windows need no "when did this sample start" state, which is what makes the roll-over a single
 * compare-and-set.
 *
 * <pre>
 *  samples = 2, windowMs = 30 s            now
 *  |--- window 4 (slot 0) ---|--- window 5 (slot 1) ---|
 *  ^ first live window start                 ^ current
 *  window 6 will replace the sample in slot 0 (window 4) the first time something is recorded in it.
 * </pre>
 *
 * <h2>Threads</h2>
 * Any thread records and any thread measures, concurrently, without locks. A sample is never reset: when a
 * window rolls over, the first recorder to notice allocates a fresh sample and swaps it into the slot with one
 * compare-and-set; a thread that lost the race uses the winner's sample. So an update can never be wiped by a
 * concurrent reset (the classic race of "check window, reset counter, add"). The one imprecision: a thread that
 * read the clock, then stalled for a whole cycle of windows before adding, adds to the newer sample it finds
 * in the slot; the event is then counted in a live window rather than lost.
 *
 * <p>Measuring sums the live samples one after another, not atomically: a reader may see a record in one
 * stat of a sensor and not yet in another. For monitoring that is fine.
 *
 * @param <S> the sample type of the concrete stat
 */
public abstract class SampledStat<S extends SampledStat.Sample> implements MeasurableStat {

    /** One window's accumulators; subclasses add the counters they need. Immutable apart from those counters. */
    protected abstract static class Sample {
        /** The window this sample covers: {@code floorDiv(time, windowMs)}. */
        final long window;

        protected Sample(long window) {
            this.window = window;
        }
    }

    private final int samples;
    private final long windowMs;
    private final AtomicReferenceArray<S> slots;

    protected SampledStat(MetricConfig config) {
        this.samples = config.samples();
        this.windowMs = config.timeWindowMs();
        this.slots = new AtomicReferenceArray<>(samples);
    }

    /** Adds {@code value} to the sample of the window containing {@code nowMs}. Lock-free; allocates only at roll-over. */
    @Override
    public final void record(double value, long nowMs) {
        update(sampleFor(nowMs), value);
    }

    private S sampleFor(long nowMs) {
        long window = Math.floorDiv(nowMs, windowMs);
        int slot = (int) Math.floorMod(window, (long) samples);
        S s = slots.get(slot);
        while (s == null || s.window < window) {
            S fresh = newSample(window);
            if (slots.compareAndSet(slot, s, fresh)) {
                return fresh;
            }
            // Another thread rolled the slot first (or rolled it further): use what is there now.
            s = slots.get(slot);
        }
        return s;
    }

    /** A new, empty sample for {@code window}. */
    protected abstract S newSample(long window);

    /** Adds a value to a sample; called concurrently, so only with thread-safe accumulators. */
    protected abstract void update(S sample, double value);

    /** How many samples the ring holds. */
    protected final int samples() {
        return samples;
    }

    /** The earliest live window at {@code nowMs}: the current window minus {@code samples - 1}. */
    protected final long firstLiveWindow(long nowMs) {
        return Math.floorDiv(nowMs, windowMs) - samples + 1;
    }

    /** When window {@code window} starts, in the clock's milliseconds. */
    protected final long windowStartMs(long window) {
        return window * windowMs;
    }

    /**
     * The sample in {@code slot} if it belongs to a live window ({@code >= firstLiveWindow}), else null (never
     * used, or expired).
     */
    protected final S liveSample(int slot, long firstLiveWindow) {
        S s = slots.get(slot);
        return s != null && s.window >= firstLiveWindow ? s : null;
    }
}

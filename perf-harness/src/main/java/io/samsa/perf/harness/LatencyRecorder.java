package io.samsa.perf.harness;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Send-to-completion latencies, and the count of every completion (timed or not), recorded at the cost of a few
 * plain instructions per record.
 *
 * <p>Why not HdrHistogram's {@code Recorder}: it records into a {@code ConcurrentHistogram} inside a
 * {@code WriterReaderPhaser} critical section, half a dozen atomic instructions per value, on the client's
 * completion thread: harness overhead billed to the client under test, and a large share of that thread's work
 * (BENCHMARKS.md, "The harness's own cost"). Here each writer thread records into its own plain
 * {@link Histogram}.
 *
 * <p>Threads and ownership:
 * <ul>
 *   <li>Writers: whatever thread a client completes records on (Samsa's callback thread, Apache's network thread,
 *       the sending thread for a record that fails at once). Each writer owns one {@link Slot}; only it touches
 *       the slot's histogram while the run lasts.</li>
 *   <li>The reader (the runner's sampler thread) asks for an interval with {@link #requestInterval()}: it bumps
 *       a volatile epoch. Each writer notices on its next record, hands its histogram over through a concurrent
 *       queue and starts a new one; {@link #collect()} later merges what was handed over. A writer that records
 *       nothing after the bump hands nothing over: its values move to a later interval (or to the final drain),
 *       none are lost.</li>
 *   <li>{@link #drainAll()} reads every slot's histogram directly: only once the writers have stopped for good
 *       (after the client is closed, its threads joined), which is what makes those plain reads safe.</li>
 * </ul>
 */
final class LatencyRecorder {
    private static final int SIGNIFICANT_DIGITS = 3;

    /** What a writer hands over: the latencies it timed, and how many records completed in all. */
    static final class Interval {
        final Histogram latencies;
        long completed;

        Interval() {
            this(new Histogram(SIGNIFICANT_DIGITS), 0);
        }

        private Interval(Histogram latencies, long completed) {
            this.latencies = latencies;
            this.completed = completed;
        }

        void add(Interval other) {
            latencies.add(other.latencies);
            completed += other.completed;
        }

        void reset() {
            latencies.reset();
            completed = 0;
        }
    }

    private static final class Slot {
        final Thread owner;
        Interval current = new Interval();                     // owner only, until drainAll
        long epoch;                                             // owner only

        Slot(Thread owner, long epoch) {
            this.owner = owner;
            this.epoch = epoch;
        }
    }

    private volatile long epoch;
    private final ConcurrentLinkedQueue<Interval> handedOver = new ConcurrentLinkedQueue<>();
    private final List<Slot> slots = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Slot> mine = ThreadLocal.withInitial(this::newSlot);
    /**
     * The last writer's slot, read and written by every writer without synchronisation: a stale or foreign value
     * only sends the writer to the thread-local ({@code owner} is final, so a racy read sees it set).
     */
    private Slot last;

    private Slot newSlot() {
        Slot s = new Slot(Thread.currentThread(), epoch);
        slots.add(s);
        return s;
    }

    /** Writer side: counts a completed record and records its latency in microseconds (negative counts as 0). */
    void record(long micros) {
        Interval i = slot().current;
        i.latencies.recordValue(Math.max(0, micros));
        i.completed++;
    }

    /** Writer side: counts a completed record whose latency was not timed. */
    void recordUntimed() {
        slot().current.completed++;
    }

    private Slot slot() {
        Slot s = last;
        if (s == null || s.owner != Thread.currentThread()) {
            s = mine.get();
            last = s;
        }
        long e = epoch;
        if (s.epoch != e) {
            handedOver.add(s.current);
            s.current = new Interval();
            s.epoch = e;
        }
        return s;
    }

    /** Reader side: asks every writer to hand over what it recorded so far (on its next record). */
    void requestInterval() {
        epoch = epoch + 1; // one reader thread: no lost update
    }

    /** Reader side: merges and removes what writers have handed over. */
    Interval collect() {
        Interval h = new Interval();
        for (Interval x; (x = handedOver.poll()) != null; ) {
            h.add(x);
        }
        return h;
    }

    /**
     * Everything not yet collected, including what writers still hold. Only once no writer will record again
     * (the client closed: its threads ended, which orders their last writes before these reads).
     */
    Interval drainAll() {
        Interval h = collect();
        List<Slot> all = new ArrayList<>(slots);
        for (Slot s : all) {
            h.add(s.current);
            s.current = new Interval();
        }
        return h;
    }
}

package io.samsa.perf.harness;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Send-to-completion latencies, recorded at the cost of a few plain instructions per record.
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

    private static final class Slot {
        final Thread owner;
        Histogram current = new Histogram(SIGNIFICANT_DIGITS); // owner only, until drainAll
        long epoch;                                             // owner only

        Slot(Thread owner, long epoch) {
            this.owner = owner;
            this.epoch = epoch;
        }
    }

    private volatile long epoch;
    private final ConcurrentLinkedQueue<Histogram> handedOver = new ConcurrentLinkedQueue<>();
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

    /** Writer side: records one latency in microseconds (negative values count as 0). */
    void record(long micros) {
        Slot s = last;
        if (s == null || s.owner != Thread.currentThread()) {
            s = mine.get();
            last = s;
        }
        long e = epoch;
        if (s.epoch != e) {
            handedOver.add(s.current);
            s.current = new Histogram(SIGNIFICANT_DIGITS);
            s.epoch = e;
        }
        s.current.recordValue(Math.max(0, micros));
    }

    /** Reader side: asks every writer to hand over what it recorded so far (on its next record). */
    void requestInterval() {
        epoch = epoch + 1; // one reader thread: no lost update
    }

    /** Reader side: merges and removes what writers have handed over. */
    Histogram collect() {
        Histogram h = new Histogram(SIGNIFICANT_DIGITS);
        for (Histogram x; (x = handedOver.poll()) != null; ) {
            h.add(x);
        }
        return h;
    }

    /**
     * Everything not yet collected, including what writers still hold. Only once no writer will record again
     * (the client closed: its threads ended, which orders their last writes before these reads).
     */
    Histogram drainAll() {
        Histogram h = collect();
        List<Slot> all = new ArrayList<>(slots);
        for (Slot s : all) {
            h.add(s.current);
            s.current = new Histogram(SIGNIFICANT_DIGITS);
        }
        return h;
    }
}

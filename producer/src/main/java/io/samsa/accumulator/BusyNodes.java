package io.samsa.accumulator;

import java.util.Arrays;

/**
 * The brokers whose connection cannot take another request until the network itself does something: every
 * request the connection may have in flight is out ({@code max.in.flight.requests.per.connection}), or a
 * frame waits for the socket to take the rest. Waking the I/O thread for data bound to such a broker is
 * wasted work: it would find the broker still busy and sleep again, and the event that frees the connection
 * (a response, the socket becoming writable) wakes it anyway, after which it looks at every queue afresh.
 *
 * <p>Why it matters: when the broker is the bottleneck, {@code buffer.memory} runs full and every request
 * slot stays taken. Waking the I/O thread for each batch the application fills or starts (as Apache's producer
 * does), and for every append that has to wait for memory, would cost a selector wake-up system call on the
 * application thread plus an expiry sweep, a ready check over every partition and a select on the I/O thread,
 * each time for nothing (BENCHMARKS.md counts them).
 *
 * <p>Why skipping the wake-up is safe: the set only names a broker while the I/O thread itself last found it
 * busy after sending what it could, and only the I/O thread changes that, by handling a network event. It
 * then loops and runs the sender's ready check, which sees every batch appended meanwhile, before it could
 * sleep again. A broker absent from the set (not connected, backing off, or simply not checked) is always
 * woken for, as before.
 *
 * <p><b>Threads.</b> Written by the I/O (sender) thread only, in {@link #publish}; read by application threads
 * in {@link #contains}. Each state (ids and flag) is replaced whole, never changed, through a volatile field.
 */
public final class BusyNodes {
    /** One published state: replaced, never changed, so a reader sees the ids and the flag of the same round. */
    private static final class State {
        final int[] ids;
        final boolean all;

        State(int[] ids, boolean all) {
            this.ids = ids;
            this.all = all;
        }
    }

    private static final State NONE = new State(new int[0], false);

    private volatile State state = NONE;

    /** Any thread: whether the I/O thread last found {@code nodeId}'s connection busy. */
    public boolean contains(int nodeId) {
        return contains(state.ids, nodeId);
    }

    /**
     * Any thread: whether the I/O thread last found {@code nodeId} busy and also had nothing to send, now or
     * after lingering, to any other broker. An application thread about to wait for memory needs batches to go
     * out without lingering wherever they are; it may skip the wake-up only then.
     */
    public boolean containsAndAllBusy(int nodeId) {
        State s = state;
        return s.all && contains(s.ids, nodeId);
    }

    /** Any thread: whether no broker is busy (the common case is a single volatile read). */
    public boolean isEmpty() {
        return state.ids.length == 0;
    }

    /**
     * I/O thread: the busy brokers are the first {@code count} entries of {@code nodeIds} (a scratch array the
     * caller may reuse); {@code allBusy} says no other broker had data queued. Allocates only on a change.
     */
    public void publish(int[] nodeIds, int count, boolean allBusy) {
        State current = state;
        if (current.all == allBusy && current.ids.length == count
                && Arrays.equals(current.ids, 0, count, nodeIds, 0, count)) {
            return;
        }
        state = count == 0 ? NONE : new State(Arrays.copyOf(nodeIds, count), allBusy);
    }

    /** I/O thread: no broker is known to be busy (every wake-up goes through). */
    public void clear() {
        if (state != NONE) {
            state = NONE;
        }
    }

    private static boolean contains(int[] ids, int nodeId) {
        for (int id : ids) {
            if (id == nodeId) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        State s = state;
        return "BusyNodes" + Arrays.toString(s.ids) + (s.all ? " (all)" : "");
    }
}

package io.samsa.network;

/**
 * A piece of work that lives on the I/O thread beside the {@link NetworkClient}: the metadata manager, the
 * producer's sender. Each loop iteration the {@link IoThread} polls every service, then the network.
 */
public interface IoService {
    /**
     * Does whatever is due now (on the I/O thread).
     *
     * @return how many milliseconds the I/O thread may block in the network poll before this service needs
     *         to run again ({@link Long#MAX_VALUE} when only network events or new tasks can give it work)
     */
    long poll(long nowMs);

    /** The I/O thread is stopping: fail whatever is pending with a clear error. Runs on the I/O thread. */
    void close();
}

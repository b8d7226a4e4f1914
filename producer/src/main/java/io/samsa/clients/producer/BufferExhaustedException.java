package io.samsa.clients.producer;

import io.samsa.common.errors.TimeoutException;

/**
 * A record found no room in {@code buffer.memory}: {@code send} waited {@code max.block.ms} for the records ahead
 * of it to leave, or {@code trySend} found the buffer full. The record fails with this (its future and callback),
 * as in Apache Kafka's producer; the message says how much memory there is and how much the record needed.
 * Usually the brokers are slower than the application or unreachable: the cure is fewer records, more brokers or
 * partitions, or more {@code buffer.memory} where a burst is short.
 */
public class BufferExhaustedException extends TimeoutException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public BufferExhaustedException(String message) {
        super(message);
    }
}

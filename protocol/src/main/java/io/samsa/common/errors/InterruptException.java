package io.samsa.common.errors;

import io.samsa.common.KafkaException;

/**
 * The calling thread was interrupted while the producer made it wait ({@code send} for {@code buffer.memory},
 * {@code flush}, {@code partitionsFor}, {@code close}). An unchecked stand-in for {@link InterruptedException}:
 * creating it sets the thread's interrupt flag again, so the interruption is not lost.
 */
public class InterruptException extends KafkaException {
    private static final long serialVersionUID = 1L;

    /**
     * Wraps an interruption; sets the current thread's interrupt flag again.
     *
     * @param cause the interruption caught
     */
    public InterruptException(InterruptedException cause) {
        super(cause);
        Thread.currentThread().interrupt();
    }

    /**
     * Wraps an interruption with a message; sets the current thread's interrupt flag again.
     *
     * @param message what was interrupted
     * @param cause   the interruption caught
     */
    public InterruptException(String message, InterruptedException cause) {
        super(message, cause);
        Thread.currentThread().interrupt();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public InterruptException(String message) {
        super(message, new InterruptedException());
        Thread.currentThread().interrupt();
    }
}

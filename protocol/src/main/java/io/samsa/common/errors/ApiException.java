package io.samsa.common.errors;

import io.samsa.common.KafkaException;

/**
 * A failure the Kafka protocol names: a broker's error code (one subclass per code, see {@link Errors}), or a
 * client-side failure of the same kind (a timeout, a record too large). Records that fail with one complete
 * their future and callback with it; {@code send} does not throw it.
 *
 * <p>The type says how to react: a {@link RetriableException} may go away by trying again, an
 * {@link InvalidMetadataException} means the cluster changed, an {@link InvalidConfigurationException} will not
 * change until a setting does. Broker errors arrive on the I/O thread, where a stack trace says nothing about the
 * caller: like Apache Kafka's, these exceptions skip filling one in, which keeps a burst of failed batches cheap.
 */
public class ApiException extends KafkaException {
    private static final long serialVersionUID = 1L;

    /** With neither message nor cause. */
    public ApiException() {
        super();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public ApiException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public ApiException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public ApiException(Throwable cause) {
        super(cause);
    }

    /** No stack trace: the message and the cause carry what went wrong (see the class comment). */
    @Override
    public Throwable fillInStackTrace() {
        return this;
    }
}

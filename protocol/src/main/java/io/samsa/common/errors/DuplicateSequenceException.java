package io.samsa.common.errors;

/**
 * Broker error {@link Errors#DUPLICATE_SEQUENCE_NUMBER} (46): the broker received a duplicate sequence number (the
 * batch was already written; offset unknown).
 */
public class DuplicateSequenceException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public DuplicateSequenceException(String message) {
        super(message);
    }
}

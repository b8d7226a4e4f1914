package io.samsa.common.errors;

/**
 * Broker error {@link Errors#OPERATION_NOT_ATTEMPTED} (55): the broker did not attempt to execute this operation
 * because another part of the batch failed.
 */
public class OperationNotAttemptedException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public OperationNotAttemptedException(String message) {
        super(message);
    }
}

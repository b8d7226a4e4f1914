package io.samsa.common.errors;

/**
 * Broker error {@link Errors#CONCURRENT_TRANSACTIONS} (51): the producer attempted to update a transaction while
 * another concurrent operation on the same transaction was ongoing.
 */
public class ConcurrentTransactionsException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public ConcurrentTransactionsException(String message) {
        super(message);
    }
}

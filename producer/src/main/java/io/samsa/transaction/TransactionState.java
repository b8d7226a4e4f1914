package io.samsa.transaction;

/**
 * Where a transactional producer stands. The transitions, each made on the I/O thread by
 * {@link TransactionManager}:
 *
 * <pre>
 *   UNINITIALIZED --initTransactions--> INITIALIZING --producer id--> READY
 *   INITIALIZING --not authorized--> UNINITIALIZED (initTransactions may be called again)
 *   READY --beginTransaction--> IN_TRANSACTION
 *   IN_TRANSACTION --commitTransaction--> COMMITTING_TRANSACTION --EndTxn--> READY
 *   IN_TRANSACTION | ABORTABLE_ERROR --abortTransaction--> ABORTING_TRANSACTION --EndTxn(, epoch bump)--> READY
 *   IN_TRANSACTION | COMMITTING_TRANSACTION --a record or request of the transaction failed--> ABORTABLE_ERROR
 *   any --fenced, not authorized, producer id lost--> FATAL_ERROR (final: close the producer)
 * </pre>
 */
public enum TransactionState {
    UNINITIALIZED,
    INITIALIZING,
    READY,
    IN_TRANSACTION,
    COMMITTING_TRANSACTION,
    ABORTING_TRANSACTION,
    ABORTABLE_ERROR,
    FATAL_ERROR;

    /** Whether the manager may move from this state to {@code next}. */
    boolean mayTransitionTo(TransactionState next) {
        return switch (next) {
            case UNINITIALIZED -> this == INITIALIZING; // InitProducerId not authorized: init may be retried
            case INITIALIZING -> this == UNINITIALIZED;
            case READY -> this == INITIALIZING || this == COMMITTING_TRANSACTION || this == ABORTING_TRANSACTION;
            case IN_TRANSACTION -> this == READY;
            case COMMITTING_TRANSACTION -> this == IN_TRANSACTION;
            case ABORTING_TRANSACTION -> this == IN_TRANSACTION || this == ABORTABLE_ERROR;
            case ABORTABLE_ERROR -> this == IN_TRANSACTION || this == COMMITTING_TRANSACTION
                    || this == ABORTABLE_ERROR;
            case FATAL_ERROR -> true;
        };
    }
}

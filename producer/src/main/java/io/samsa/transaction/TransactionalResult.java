package io.samsa.transaction;

import io.samsa.common.KafkaException;
import io.samsa.common.errors.InterruptException;
import io.samsa.common.errors.TimeoutException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The outcome of one transactional call ({@code initTransactions}, {@code commitTransaction}, ...): completed by
 * the I/O thread, awaited by the application thread for at most {@code max.block.ms}. A wait that times out
 * leaves the operation running; calling the same method again waits for the same result (Apache Kafka's
 * contract: a timed-out commit is retried by calling commit again, never by starting a second one).
 */
public final class TransactionalResult {
    private final String operation;
    private final CompletableFuture<Void> future = new CompletableFuture<>();

    TransactionalResult(String operation) {
        this.operation = operation;
    }

    /** The public method this is the result of, e.g. {@code commitTransaction}. */
    public String operation() {
        return operation;
    }

    void succeed() {
        future.complete(null);
    }

    void fail(RuntimeException error) {
        future.completeExceptionally(error);
    }

    public boolean isDone() {
        return future.isDone();
    }

    public boolean isSuccessful() {
        return future.isDone() && !future.isCompletedExceptionally();
    }

    /**
     * Waits for the outcome.
     *
     * @throws TimeoutException     if it did not come within {@code timeoutMs} (the operation goes on: call the
     *                              same method again to keep waiting)
     * @throws InterruptException   if interrupted (the thread stays interrupted)
     * @throws KafkaException       (or a subclass) the operation's failure, as the I/O thread raised it
     */
    public void await(long timeoutMs) {
        try {
            future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException("Timeout expired after " + timeoutMs + " ms (max.block.ms) while awaiting "
                    + operation + "; it goes on in the background: call " + operation + " again to keep waiting");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("Interrupted while awaiting " + operation, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new KafkaException(operation + " failed", cause);
        }
    }
}

package io.samsa.kafka;

import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future of a record sent without a callback and without interceptors: a view of the Samsa producer's
 * future that turns its result into Apache Kafka's types when asked.
 *
 * <p>Why a view rather than a callback: nothing needs to run when the record completes, so the Samsa producer
 * gets no callback and keeps no reference to this object. Many applications never look at the future of
 * {@code send}; then it dies young, while anything the producer held would live until the broker answers.
 *
 * <p>{@link #cancel} does nothing and returns false, as the futures of Apache's producer. Thread-safe.
 */
final class MetadataFuture implements Future<RecordMetadata> {
    private final CompletableFuture<io.samsa.clients.producer.RecordMetadata> samsa;
    private final Conversions conversions;
    /** The converted outcome once asked for: a {@link RecordMetadata} or an {@link ExecutionException}. */
    private volatile Object outcome;

    MetadataFuture(CompletableFuture<io.samsa.clients.producer.RecordMetadata> samsa, Conversions conversions) {
        this.samsa = samsa;
        this.conversions = conversions;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return false;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public boolean isDone() {
        return samsa.isDone();
    }

    @Override
    public RecordMetadata get() throws InterruptedException, ExecutionException {
        Object o = outcome;
        if (o == null) {
            try {
                o = convert(samsa.get());
            } catch (ExecutionException e) {
                o = convert(e);
            }
        }
        return result(o);
    }

    @Override
    public RecordMetadata get(long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        Object o = outcome;
        if (o == null) {
            try {
                o = convert(samsa.get(timeout, unit));
            } catch (ExecutionException e) {
                o = convert(e);
            }
        }
        return result(o);
    }

    private Object convert(io.samsa.clients.producer.RecordMetadata md) {
        Object o = conversions.recordMetadata(md, null);
        outcome = o;
        return o;
    }

    private Object convert(ExecutionException e) {
        Object o = new ExecutionException(ApacheExceptions.toApache(e.getCause()));
        outcome = o;
        return o;
    }

    private static RecordMetadata result(Object o) throws ExecutionException {
        if (o instanceof ExecutionException) {
            throw (ExecutionException) o;
        }
        return (RecordMetadata) o;
    }
}

package io.samsa.kafka;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future of a record sent without interceptors, and the Samsa callback that runs the record's Apache
 * {@link Callback} if it has one: a view of the Samsa producer's future that turns its result into Apache Kafka's
 * types when asked.
 *
 * <p>Why a view: the record's Apache metadata is made when someone asks for it (the callback, {@link #get}),
 * not stored here at completion. This object lives until the broker answers (the Samsa producer holds it when
 * there is a callback), so by then it is old; storing a new object into an old one on every completion costs the
 * collector a remembered-set entry per record, which measurably slowed the adapter. Without a callback the Samsa
 * producer does not even hold it, and a future nobody looks at dies young.
 *
 * <p>Ordering is Apache's: the Samsa producer runs the callback before it completes its own future, which
 * {@link #get} waits on. {@link #cancel} does nothing and returns false, as the futures of Apache's producer.
 * Thread-safe.
 */
final class MetadataFuture implements Future<RecordMetadata>, io.samsa.clients.producer.Callback {
    private static final Logger log = LoggerFactory.getLogger(MetadataFuture.class);

    private final Callback callback;
    private final Conversions conversions;
    /** Set by the sending thread right after the Samsa producer took the record, before this object is returned. */
    private CompletableFuture<io.samsa.clients.producer.RecordMetadata> samsa;
    /** The converted outcome once asked for: a {@link RecordMetadata} or an {@link ExecutionException}. */
    private volatile Object outcome;

    /** @param callback the record's Apache callback, or null (then pass this object to Samsa as no callback) */
    MetadataFuture(Callback callback, Conversions conversions) {
        this.callback = callback;
        this.conversions = conversions;
    }

    /** The Samsa callback to give the producer for this record: this object, or null when there is nothing to run. */
    io.samsa.clients.producer.Callback samsaCallback() {
        return callback == null ? null : this;
    }

    /** Attaches the Samsa producer's future; returns this, to be handed to the application. */
    MetadataFuture of(CompletableFuture<io.samsa.clients.producer.RecordMetadata> future) {
        this.samsa = future;
        return this;
    }

    /** Runs the Apache callback, once, on the Samsa producer's callback thread (or the sending thread). */
    @Override
    public void onCompletion(io.samsa.clients.producer.RecordMetadata metadata, Exception exception) {
        Exception error = exception == null ? null : ApacheExceptions.toApache(exception);
        RecordMetadata md = conversions.recordMetadata(metadata, error);
        try {
            callback.onCompletion(md, error);
        } catch (Exception e) {
            log.error("Error executing user-provided callback on message for topic-partition '{}-{}'",
                    md.topic(), md.partition(), e);
        }
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

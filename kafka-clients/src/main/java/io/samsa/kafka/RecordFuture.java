package io.samsa.kafka;

import io.samsa.clients.producer.internals.RecordDelivery;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One record sent through the adapter: the future {@code send} returns <em>and</em> the Samsa producer's in-flight
 * hook for the record ({@link RecordDelivery}), so a record costs the adapter one object, the only one alive from
 * {@code send} until the broker answers besides what the caller made.
 *
 * <p>Why numbers and no metadata object: this object is old by the time the broker answers (it waited in
 * {@code buffer.memory}, then on the wire); storing a young object into it on every completion would cost the
 * collector a remembered-set entry per record. So completion writes numbers only, and Apache's
 * {@link RecordMetadata} is made when someone asks: for the callback, and at each {@link #get}, as Apache's own
 * futures make it. An error is stored as an object, but only on failure.
 *
 * <p>Order is Apache's: interceptors' {@code onAcknowledgement} (see {@link Intercepted}), then the callback, then
 * the future completes, so a returned {@code get()} means the callback has run. {@link #cancel} does nothing and
 * returns false, as the futures of Apache's producer: a record handed to the producer is sent.
 *
 * <p>Threads: {@link #deliver} runs once, on the Samsa producer's callback thread, and writes the outcome fields
 * before the volatile {@code done}; any thread may read them after reading {@code done} true. A waiting
 * {@code get} sets {@code waiting} under this object's monitor before it sleeps there; {@code deliver} wakes it
 * only when it sees that flag, so a record nobody waits on never takes the monitor.
 */
class RecordFuture extends RecordDelivery implements Future<RecordMetadata> {
    private static final Logger log = LoggerFactory.getLogger(RecordFuture.class);

    private String topic;
    private final Callback callback;
    private final Conversions conversions;
    private int partition;
    private long offset;
    private long timestamp;
    private int keySize;
    private int valueSize;
    /** Apache's form of why the record failed; null when it was acknowledged. */
    private Exception error;
    private volatile boolean done;
    private volatile boolean waiting;

    /** @param callback the record's Apache callback, or null */
    RecordFuture(String topic, Callback callback, Conversions conversions) {
        this.topic = topic;
        this.callback = callback;
        this.conversions = conversions;
    }

    /** The record's fate, once, on the Samsa producer's callback thread. */
    @Override
    public final void deliver(io.samsa.common.TopicPartition tp, long offset, long timestamp, int keySize,
                              int valueSize, RuntimeException exception) {
        if (!topic.equals(tp.topic())) {
            this.topic = tp.topic(); // a Samsa interceptor inside the producer sent the record elsewhere
        }
        this.partition = tp.partition();
        this.offset = offset;
        this.timestamp = timestamp;
        this.keySize = keySize;
        this.valueSize = valueSize;
        Exception apacheError = exception == null ? null : ApacheExceptions.toApache(exception);
        this.error = apacheError;
        RecordMetadata metadata = null;
        if (callback != null || intercepted()) {
            metadata = metadata();
            acknowledge(metadata, apacheError);
        }
        if (callback != null) {
            try {
                callback.onCompletion(metadata, apacheError);
            } catch (Exception e) {
                log.error("Error executing user-provided callback on message for topic-partition '{}-{}'",
                        metadata.topic(), metadata.partition(), e);
            }
        }
        done = true;
        if (waiting) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Whether {@link #acknowledge} does anything. */
    boolean intercepted() {
        return false;
    }

    /** Tells the interceptors, before the callback; nothing here (see {@link Intercepted}). */
    void acknowledge(RecordMetadata metadata, Exception error) {
    }

    /** Apache's metadata for the outcome: for a failed record, topic and partition with every other field -1. */
    private RecordMetadata metadata() {
        org.apache.kafka.common.TopicPartition tp = conversions.topicPartition(topic, partition);
        return error != null ? Conversions.failedMetadata(tp)
                : new RecordMetadata(tp, offset, 0, timestamp, keySize, valueSize);
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
        return done;
    }

    @Override
    public RecordMetadata get() throws InterruptedException, ExecutionException {
        if (!done) {
            synchronized (this) {
                waiting = true;
                while (!done) {
                    wait();
                }
            }
        }
        return result();
    }

    @Override
    public RecordMetadata get(long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (!done) {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            synchronized (this) {
                waiting = true;
                while (!done) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException("Timeout after waiting for " + unit.toMillis(timeout) + " ms.");
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
        }
        return result();
    }

    private RecordMetadata result() throws ExecutionException {
        if (error != null) {
            throw new ExecutionException(error);
        }
        return metadata();
    }

    /** A record sent through interceptors: keeps its headers for their {@code onAcknowledgement}. */
    static final class Intercepted extends RecordFuture {
        private final Interceptors<?, ?> interceptors;
        private final Headers headers;

        Intercepted(String topic, Callback callback, Conversions conversions, Interceptors<?, ?> interceptors,
                    Headers headers) {
            super(topic, callback, conversions);
            this.interceptors = interceptors;
            this.headers = headers;
        }

        @Override
        boolean intercepted() {
            return true;
        }

        @Override
        void acknowledge(RecordMetadata metadata, Exception error) {
            interceptors.onAcknowledgement(metadata, error, headers);
        }
    }
}

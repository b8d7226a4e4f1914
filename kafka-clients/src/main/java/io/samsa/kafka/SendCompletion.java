package io.samsa.kafka;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * One record's outcome in Apache Kafka's terms, for a record sent with a callback or through interceptors: the
 * Samsa producer's callback for the record, and the future {@code send} returns. Once per record, in Apache's
 * order: the interceptors' {@code onAcknowledgement}, then the user's callback, then the future completes (so a
 * returned {@code get()} means the callback has run).
 *
 * <p>Why one object for both roles: it lives from {@code send} until the broker answers, so it is the adapter's
 * whole per-record cost; records sent without either get a lighter {@link MetadataFuture} instead.
 *
 * <p>{@link #cancel} does nothing and returns false, as the futures of Apache's producer: a record handed to the
 * producer is sent.
 */
final class SendCompletion extends CompletableFuture<RecordMetadata> implements io.samsa.clients.producer.Callback {
    private static final Logger log = LoggerFactory.getLogger(SendCompletion.class);

    private final Callback callback;
    private final Interceptors<?, ?> interceptors;
    /** The record's headers for the interceptors; null without interceptors. */
    private final Headers headers;
    private final Conversions conversions;

    SendCompletion(Callback callback, Interceptors<?, ?> interceptors, Headers headers, Conversions conversions) {
        this.callback = callback;
        this.interceptors = interceptors.isEmpty() ? null : interceptors;
        this.headers = this.interceptors == null ? null : headers;
        this.conversions = conversions;
    }

    /** Called by the Samsa producer once, on its callback thread (or the sending thread, see its Callback). */
    @Override
    public void onCompletion(io.samsa.clients.producer.RecordMetadata metadata, Exception exception) {
        Exception error = exception == null ? null : ApacheExceptions.toApache(exception);
        deliver(conversions.recordMetadata(metadata, error), error);
    }

    /** Completes with Apache's metadata and error: interceptors, callback, future. */
    private void deliver(RecordMetadata metadata, Exception error) {
        if (interceptors != null) {
            interceptors.onAcknowledgement(metadata, error, headers);
        }
        if (callback != null) {
            try {
                callback.onCompletion(metadata, error);
            } catch (Exception e) {
                log.error("Error executing user-provided callback on message for topic-partition '{}-{}'",
                        metadata.topic(), metadata.partition(), e);
            }
        }
        if (error == null) {
            complete(metadata);
        } else {
            completeExceptionally(error);
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return false;
    }
}

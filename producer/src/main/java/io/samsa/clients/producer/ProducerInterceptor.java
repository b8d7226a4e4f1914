package io.samsa.clients.producer;

import io.samsa.common.header.Headers;

import java.util.Map;

/**
 * A plug-in that sees, and may replace, every record before it is sent, and sees every record's outcome.
 * Configured with {@code interceptor.classes}; typical uses are tracing headers, auditing and counting. The
 * shape of Apache Kafka's {@code org.apache.kafka.clients.producer.ProducerInterceptor}, so an existing
 * interceptor moves over by changing its imports.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #configure} is called once, before anything else, with the producer's configuration as the user
 *       gave it (unknown keys included, so an interceptor can have settings of its own) plus the effective
 *       {@code client.id}. Interceptors, serializers and the partitioner share that namespace: prefix your
 *       own keys.</li>
 *   <li>Interceptors run in the order of {@code interceptor.classes}. The first gets the user's record, each
 *       next one the record the previous one returned.</li>
 *   <li>Nothing an interceptor throws reaches the application or stops the producer: the producer catches it,
 *       logs it (at WARN the first time for each interceptor and method, then it only counts), and carries on
 *       as if that interceptor had returned its input unchanged. So a bug in an interceptor can make records go
 *       out unintercepted, never make them fail.</li>
 *   <li>{@link #close} is called once, when the producer closes.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * {@link #onSend} runs on every application thread that calls {@code send()}, concurrently;
 * {@link #onAcknowledgement} runs just before the record's {@link Callback}, on the same thread: the producer's
 * callback thread, or, in the rare cases {@code Callback} describes, the thread calling {@code send()}.
 * Implementations must be thread-safe, and {@code onAcknowledgement} must be fast: while it runs, no other
 * record's callback runs and no other future completes.
 *
 * @param <K> the key type of the records
 * @param <V> the value type of the records
 */
public interface ProducerInterceptor<K, V> extends AutoCloseable {

    /**
     * Called by {@code send()} before the key and value are serialized and before the partition is chosen
     * (unless the record names one).
     *
     * <p>May return the record unchanged or a new one. A changed key or value is what gets partitioned and
     * serialized, so a change must be deterministic (the same key must always become the same new key), or
     * keyed ordering and log compaction break. Keep the topic and partition unless you mean to redirect the
     * record.
     *
     * @param record the user's record, or the one returned by the previous interceptor
     * @return the record to send (or pass to the next interceptor); not null
     */
    ProducerRecord<K, V> onSend(ProducerRecord<K, V> record);

    /**
     * Called when a record was acknowledged, or failed, just before its {@link Callback}; also when
     * {@code send()} fails before the record is accepted. Does nothing unless overridden.
     *
     * @param metadata  the record's metadata; on error, only the topic and (if chosen) the partition are
     *                  meaningful, the partition being {@link RecordMetadata#UNKNOWN_PARTITION} otherwise. Null
     *                  only when {@code send()} was given a null record.
     * @param exception null on success; otherwise why the record failed
     */
    default void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    /**
     * As {@link #onAcknowledgement(RecordMetadata, Exception)}, with the record's headers (read-only), so that
     * e.g. a tracing interceptor can find the span it started in {@link #onSend}. By default calls the two-argument
     * method; this is the one the producer calls.
     *
     * @param metadata  the record's metadata, as for {@link #onAcknowledgement(RecordMetadata, Exception)}
     * @param exception null on success; otherwise why the record failed
     * @param headers   the record's headers, read-only; may be null when the record itself is unknown
     */
    default void onAcknowledgement(RecordMetadata metadata, Exception exception, Headers headers) {
        onAcknowledgement(metadata, exception);
    }

    /**
     * Called once, before any other method, with the producer's configuration plus the effective
     * {@code client.id}.
     *
     * @param configs the producer's original configuration, plus the effective {@code client.id}
     */
    void configure(Map<String, ?> configs);

    /** Called once when the producer closes; release what the interceptor holds. */
    @Override
    void close();
}

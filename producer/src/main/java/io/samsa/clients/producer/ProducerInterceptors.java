package io.samsa.clients.producer;

import io.samsa.common.TopicPartition;
import io.samsa.common.header.Header;
import io.samsa.common.header.Headers;
import io.samsa.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chain of the producer's {@link ProducerInterceptor}s ({@code interceptor.classes}), called in order, with
 * every exception an interceptor throws caught so that it never reaches the application or the I/O thread.
 *
 * <h2>Semantics (Apache Kafka's)</h2>
 * <ul>
 *   <li>{@link #onSend}: each interceptor gets the record the previous one returned; one that throws is
 *       skipped, the next getting the last good record.</li>
 *   <li>{@link #onAcknowledgement}: every interceptor is called, whatever the others throw.</li>
 *   <li>{@link #onSendError}: for a record that failed inside {@code send()}, before the accumulator took it:
 *       interceptors get metadata carrying the topic and the partition (the given one, else the record's, else
 *       {@link RecordMetadata#UNKNOWN_PARTITION}) and a read-only copy of the headers.</li>
 * </ul>
 * One difference: an {@code onSend} that returns null counts as a failure of that interceptor (the chain goes
 * on with its input) instead of handing null to the producer, which could only fail the send.
 *
 * <h2>Why failures are logged once</h2>
 * Apache Kafka logs every exception, so a broken interceptor on a busy producer writes a stack trace per
 * record: the log floods, the disk fills, and logging itself becomes the bottleneck. Here the first failure of
 * each interceptor in each method is logged at WARN with its stack trace; later ones are counted
 * ({@link #failures}) and logged at DEBUG only; {@link #close()} logs the totals.
 *
 * <h2>Threads</h2>
 * {@link #onSend} and {@link #onSendError} run on application threads (inside {@code send()}),
 * {@link #onAcknowledgement} on the producer's callback thread (or, for a record that fails inside
 * {@code send()}, on the sending thread), all concurrently. The chain is immutable and the
 * failure counters are atomic; the interceptors themselves must be thread-safe (their contract says so).
 * {@link #close()} is for the thread closing the producer, after sending has stopped.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class ProducerInterceptors<K, V> implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(ProducerInterceptors.class);

    /** The interceptor methods whose failures are counted. */
    public enum Method {
        ON_SEND("onSend"),
        ON_ACKNOWLEDGEMENT("onAcknowledgement");

        private final String javaName;

        Method(String javaName) {
            this.javaName = javaName;
        }

        /** {@return the method's name in {@link ProducerInterceptor}} */
        public String javaName() {
            return javaName;
        }
    }

    private final List<ProducerInterceptor<K, V>> interceptors;
    /** {@code failures[i][method.ordinal()]}: exceptions thrown by interceptor i. */
    private final AtomicLong[][] failures;

    /** @param interceptors the configured interceptors, in {@code interceptor.classes} order; copied */
    public ProducerInterceptors(List<? extends ProducerInterceptor<K, V>> interceptors) {
        this.interceptors = List.copyOf(interceptors);
        this.failures = new AtomicLong[this.interceptors.size()][Method.values().length];
        for (AtomicLong[] row : failures) {
            for (int m = 0; m < row.length; m++) {
                row[m] = new AtomicLong();
            }
        }
    }

    /** {@return an empty chain, for a producer without interceptors: every call is a no-op} */
    public static <K, V> ProducerInterceptors<K, V> none() {
        return new ProducerInterceptors<>(List.of());
    }

    /** True without interceptors; lets {@code send()} skip the calls altogether. */
    public boolean isEmpty() {
        return interceptors.isEmpty();
    }

    /** {@return the interceptors, in order; unmodifiable} */
    public List<ProducerInterceptor<K, V>> interceptors() {
        return interceptors;
    }

    /**
     * Passes the record through every interceptor's {@link ProducerInterceptor#onSend}, in order. Never throws
     * (see the class comment).
     *
     * @return the last interceptor's result; {@code record} itself without interceptors or if all of them failed
     */
    public ProducerRecord<K, V> onSend(ProducerRecord<K, V> record) {
        ProducerRecord<K, V> current = record;
        for (int i = 0; i < interceptors.size(); i++) {
            ProducerInterceptor<K, V> interceptor = interceptors.get(i);
            try {
                ProducerRecord<K, V> next = interceptor.onSend(current);
                if (next == null && current != null) {
                    failed(i, Method.ON_SEND, current, new NullPointerException(
                            interceptor.getClass().getName() + ".onSend returned null"));
                } else {
                    current = next;
                }
            } catch (Exception e) {
                failed(i, Method.ON_SEND, current, e);
            }
        }
        return current;
    }

    /**
     * Tells every interceptor a record's outcome. Never throws.
     *
     * @param metadata  the record's metadata (on error: topic and partition, offset -1)
     * @param exception null on success
     * @param headers   the record's headers, read-only
     */
    public void onAcknowledgement(RecordMetadata metadata, Exception exception, Headers headers) {
        for (int i = 0; i < interceptors.size(); i++) {
            try {
                interceptors.get(i).onAcknowledgement(metadata, exception, headers);
            } catch (Exception e) {
                failed(i, Method.ON_ACKNOWLEDGEMENT, null, e);
            }
        }
    }

    /**
     * Tells every interceptor that {@code send()} failed for a record before the producer accepted it. Never
     * throws.
     *
     * @param record      the record as the user gave it (may be null if the user gave null)
     * @param partition   the partition chosen before the failure, or null to take the record's (or
     *                    {@link RecordMetadata#UNKNOWN_PARTITION})
     * @param exception   why the send failed
     */
    public void onSendError(ProducerRecord<K, V> record, TopicPartition partition, Exception exception) {
        if (interceptors.isEmpty()) {
            return;
        }
        RecordMetadata metadata;
        if (record == null && partition == null) {
            metadata = null;
        } else {
            TopicPartition tp = partition != null ? partition : extractTopicPartition(record);
            metadata = new RecordMetadata(tp, -1L, -1, -1L, -1, -1);
        }
        Headers headers = record != null ? record.headers() : new RecordHeaders();
        if (headers instanceof RecordHeaders && !((RecordHeaders) headers).isReadOnly()) {
            // The record was never accepted, so its headers are still the user's, writable, perhaps to fix and
            // resend the record: interceptors get a read-only copy and cannot change them behind the user's back.
            RecordHeaders copy = new RecordHeaders((Iterable<Header>) headers);
            copy.setReadOnly();
            headers = copy;
        }
        onAcknowledgement(metadata, exception, headers);
    }

    /**
     * {@return the record's topic and partition, the partition being {@link RecordMetadata#UNKNOWN_PARTITION} if not
     * set}
     */
    public static <K, V> TopicPartition extractTopicPartition(ProducerRecord<K, V> record) {
        Integer p = record.partition();
        return new TopicPartition(record.topic(), p == null ? RecordMetadata.UNKNOWN_PARTITION : p);
    }

    /**
     * {@return how many exceptions interceptor number {@code index} (in configuration order) has thrown from {@code
     * method}}
     */
    public long failures(int index, Method method) {
        return failures[index][method.ordinal()].get();
    }

    private void failed(int index, Method method, ProducerRecord<K, V> record, Exception e) {
        long before = failures[index][method.ordinal()].getAndIncrement();
        String interceptor = interceptors.get(index).getClass().getName();
        String where = record == null ? "" : " for topic " + record.topic() + ", partition " + record.partition();
        if (before == 0) {
            log.warn("Interceptor {} threw from {}{}; ignored, the producer carries on{}. Further exceptions from "
                    + "{}.{} are counted and logged at DEBUG only.", interceptor, method.javaName(), where,
                    method == Method.ON_SEND ? " with the record as it was before this interceptor" : "",
                    interceptor, method.javaName(), e);
        } else if (log.isDebugEnabled()) {
            log.debug("Interceptor {} threw from {}{} (failure {} of this method)", interceptor, method.javaName(),
                    where, before + 1, e);
        }
    }

    /**
     * Closes every interceptor, in order, each even if an earlier one throws; logs how often each failed, if
     * it failed more than the once already logged. Call once, after the last send and acknowledgement.
     */
    @Override
    public void close() {
        for (int i = 0; i < interceptors.size(); i++) {
            ProducerInterceptor<K, V> interceptor = interceptors.get(i);
            for (Method m : Method.values()) {
                long n = failures(i, m);
                if (n > 1) {
                    log.warn("Interceptor {} threw {} times from {} during this producer's life",
                            interceptor.getClass().getName(), n, m.javaName());
                }
            }
            try {
                interceptor.close();
            } catch (Exception e) {
                log.warn("Failed to close interceptor {}", interceptor.getClass().getName(), e);
            }
        }
    }
}

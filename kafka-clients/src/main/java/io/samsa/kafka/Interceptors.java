package io.samsa.kafka;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The Apache Kafka interceptors of {@code interceptor.classes}, run by {@link SamsaKafkaProducer} as Apache's
 * producer runs them: {@code onSend} in order, each on the record the previous one returned; every record's outcome
 * to each {@code onAcknowledgement} once, failures in {@code send} included ({@link #onSendError}); what an
 * interceptor throws is logged and swallowed, never reaching the application; {@code close} once, when the
 * producer closes.
 *
 * <p>Thread-safe if the interceptors are: {@code onSend} runs on every sending thread, {@code onAcknowledgement}
 * on the Samsa producer's callback thread (or the sending thread, for failures in {@code send}).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class Interceptors<K, V> {
    private static final Logger log = LoggerFactory.getLogger(Interceptors.class);

    private final List<ProducerInterceptor<K, V>> interceptors;

    Interceptors(List<ProducerInterceptor<K, V>> interceptors) {
        this.interceptors = List.copyOf(interceptors);
    }

    boolean isEmpty() {
        return interceptors.isEmpty();
    }

    /** The record after every interceptor; an interceptor that throws is skipped (its input goes on). */
    ProducerRecord<K, V> onSend(ProducerRecord<K, V> record) {
        ProducerRecord<K, V> out = record;
        for (ProducerInterceptor<K, V> interceptor : interceptors) {
            try {
                out = interceptor.onSend(out);
            } catch (Exception e) {
                if (record != null) {
                    log.warn("Error executing interceptor onSend callback for topic: {}, partition: {}",
                            record.topic(), record.partition(), e);
                } else {
                    log.warn("Error executing interceptor onSend callback", e);
                }
            }
        }
        return out;
    }

    /** A record's outcome, acknowledged or failed. */
    void onAcknowledgement(RecordMetadata metadata, Exception exception, Headers headers) {
        for (ProducerInterceptor<K, V> interceptor : interceptors) {
            try {
                interceptor.onAcknowledgement(metadata, exception, headers);
            } catch (Exception e) {
                log.warn("Error executing interceptor onAcknowledgement callback", e);
            }
        }
    }

    /**
     * A record that failed in {@code send} (thrown, or failed before it was accepted): as Apache's producer, each
     * interceptor hears of it with metadata carrying only the topic and partition (null without a record), and
     * with read-only headers that are a copy if the record's are still writable (its sender may want to change
     * them and send again).
     */
    void onSendError(ProducerRecord<K, V> record, TopicPartition tp, Exception exception) {
        for (ProducerInterceptor<K, V> interceptor : interceptors) {
            try {
                Headers headers = record != null ? record.headers() : new RecordHeaders();
                if (headers instanceof RecordHeaders && !((RecordHeaders) headers).isReadOnly()) {
                    headers = new RecordHeaders(headers);
                    ((RecordHeaders) headers).setReadOnly();
                }
                if (record == null && tp == null) {
                    interceptor.onAcknowledgement(null, exception, headers);
                } else {
                    TopicPartition where = tp != null ? tp : new TopicPartition(record.topic(),
                            record.partition() == null ? RecordMetadata.UNKNOWN_PARTITION : record.partition());
                    interceptor.onAcknowledgement(Conversions.failedMetadata(where), exception, headers);
                }
            } catch (Exception e) {
                log.warn("Error executing interceptor onAcknowledgement callback", e);
            }
        }
    }

    /** Closes every interceptor; a failure is logged and the others are still closed. */
    void close() {
        for (ProducerInterceptor<K, V> interceptor : interceptors) {
            try {
                interceptor.close();
            } catch (Exception e) {
                log.error("Failed to close producer interceptor ", e);
            }
        }
    }
}

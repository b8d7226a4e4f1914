package io.samsa.clients.producer;

import io.samsa.common.header.Header;
import io.samsa.common.header.Headers;
import io.samsa.common.header.internals.RecordHeaders;

import java.util.Objects;

/**
 * A record to send: the topic, optionally the partition, optionally a timestamp, the key and value (either may
 * be null), and headers.
 *
 * <p>The shape of Apache Kafka's {@code org.apache.kafka.clients.producer.ProducerRecord}: the same
 * constructors, accessors, validation messages, {@code equals}, {@code hashCode} and {@code toString}, so code
 * that builds records moves over with an import change.
 *
 * <ul>
 *   <li><b>Partition</b>: null lets the producer choose: the partitioner (by default, murmur2 of the serialized
 *       key for keyed records, batch-sized sticky runs for the others). A number sends the record to exactly
 *       that partition, which must exist.</li>
 *   <li><b>Timestamp</b>: null means "now", stamped by the producer when {@code send()} is called. Whether the
 *       broker keeps it depends on the topic's {@code message.timestamp.type}: with {@code CreateTime} it does,
 *       with {@code LogAppendTime} the broker replaces it with its own clock. The timestamp that was stored comes
 *       back in {@link RecordMetadata#timestamp()}.</li>
 *   <li><b>Headers</b>: copied into a new {@link RecordHeaders} here, so the caller's collection is not shared;
 *       a record made without headers gets its (empty) headers object only when {@link #headers()} asks.
 *       The producer makes them read-only when it accepts the record, because from then on the record may be
 *       serialized at any moment on another thread.</li>
 * </ul>
 *
 * <p>Immutable apart from the headers (mutable until {@code send()}); key and value are the caller's objects,
 * which must not change until the record has been serialized.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ProducerRecord<K, V> {
    /** What a record that was sent without headers answers from {@link #headers()}: empty and read-only. */
    private static final RecordHeaders SENT_WITHOUT_HEADERS = readOnlyEmpty();
    /** Stands for "no headers" in {@code equals} and {@code hashCode} (equal to any empty headers). */
    private static final RecordHeaders NONE = readOnlyEmpty();

    private final String topic;
    private final Integer partition;
    /**
     * The headers given to the constructor (copied; taken as they are by {@link #adoptingHeaders}), or null when
     * none were. Final, so that a record handed to another thread without synchronisation still shows them.
     */
    private final Headers given;
    /**
     * Headers made on demand when none were given: by the first {@link #headers()} call, or by {@code send()}
     * ({@link #sealWithoutHeaders}). Why lazily: most records have no headers, and an empty headers object per
     * record would be a sizeable share of all a producer allocates per record (BENCHMARKS.md, "Measured costs
     * behind the code") - every such object brings the next young collection closer, and each collection copies
     * every record still in flight.
     * Written by the thread that builds or sends the record; a record is not shared while it is built.
     */
    private Headers created;
    private final K key;
    private final V value;
    private final Long timestamp;

    /**
     * A record with every field given.
     *
     * @param topic     the topic; not null
     * @param partition the partition, or null to let the partitioner choose
     * @param timestamp milliseconds since the epoch, or null for the time of {@code send()}
     * @param key       the key, may be null
     * @param value     the value, may be null (a tombstone on a compacted topic)
     * @param headers   the headers, copied; null for none
     * @throws IllegalArgumentException if the topic is null, or the timestamp or partition is negative
     * @throws NullPointerException     if {@code headers} holds a null element
     */
    public ProducerRecord(String topic, Integer partition, Long timestamp, K key, V value,
                          Iterable<Header> headers) {
        this(topic, partition, timestamp, key, value, headers, true);
    }

    /**
     * A record whose headers object is {@code headers} itself, not a copy as with the constructors: what a
     * serializer adds to it is what the producer writes. For bridges that hand the producer another client's
     * headers behind Samsa's {@link Headers} (samsa-kafka-clients wraps Apache Kafka's), so that a record costs
     * no copy of its headers. The producer reads them with {@link Headers#toArray()} once, after serializing the
     * record; it freezes a {@link RecordHeaders} there, and a wrapper freezes what it wraps at that call.
     *
     * @param <K> key type
     * @param <V> value type
     * @param topic the topic the record goes to
     * @param partition the partition, or null to let the partitioner choose
     * @param timestamp milliseconds since the epoch, or null for the time of {@code send()}
     * @param key the key, may be null
     * @param value the value, may be null
     * @param headers the record's headers, used as they are; null for none
     * @return the record
     * @throws IllegalArgumentException as the constructors
     */
    public static <K, V> ProducerRecord<K, V> adoptingHeaders(String topic, Integer partition, Long timestamp, K key,
                                                              V value, Headers headers) {
        return new ProducerRecord<>(topic, partition, timestamp, key, value, headers, false);
    }

    private ProducerRecord(String topic, Integer partition, Long timestamp, K key, V value, Iterable<Header> headers,
                           boolean copyHeaders) {
        validate(topic, partition, timestamp);
        this.topic = topic;
        this.partition = partition;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
        this.given = headers == null ? null : copyHeaders ? new RecordHeaders(headers) : (Headers) headers;
    }

    /** The constructors' checks, with Apache's messages; also for records sent by their parts. */
    static void validate(String topic, Integer partition, Long timestamp) {
        if (topic == null) {
            throw new IllegalArgumentException("Topic cannot be null.");
        }
        if (timestamp != null && timestamp < 0) {
            throw new IllegalArgumentException(String.format(
                    "Invalid timestamp: %d. Timestamp should always be non-negative or null.", timestamp));
        }
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException(String.format(
                    "Invalid partition: %d. Partition number should always be non-negative or null.", partition));
        }
    }

    private static RecordHeaders readOnlyEmpty() {
        RecordHeaders h = new RecordHeaders();
        h.setReadOnly();
        return h;
    }

    /**
     * A record for a partition (or null) with a timestamp (or null), without headers.
     *
     * @param topic the topic the record goes to
     * @param partition the partition the record goes to, or null to let the partitioner choose
     * @param timestamp milliseconds since the epoch, or null to stamp the record at {@code send()}
     * @param key the key, or null
     * @param value the value, or null
     */
    public ProducerRecord(String topic, Integer partition, Long timestamp, K key, V value) {
        this(topic, partition, timestamp, key, value, null);
    }

    /**
     * A record for a partition (or null), stamped at {@code send()}, with headers.
     *
     * @param topic the topic the record goes to
     * @param partition the partition the record goes to, or null to let the partitioner choose
     * @param key the key, or null
     * @param value the value, or null
     * @param headers the headers, copied; null for none
     */
    public ProducerRecord(String topic, Integer partition, K key, V value, Iterable<Header> headers) {
        this(topic, partition, null, key, value, headers);
    }

    /**
     * A record for a partition (or null), stamped at {@code send()}, without headers.
     *
     * @param topic the topic the record goes to
     * @param partition the partition the record goes to, or null to let the partitioner choose
     * @param key the key, or null
     * @param value the value, or null
     */
    public ProducerRecord(String topic, Integer partition, K key, V value) {
        this(topic, partition, null, key, value, null);
    }

    /**
     * A keyed record; the partitioner chooses the partition (by the key's hash, by default).
     *
     * @param topic the topic the record goes to
     * @param key the key, or null
     * @param value the value, or null
     */
    public ProducerRecord(String topic, K key, V value) {
        this(topic, null, null, key, value, null);
    }

    /**
     * A record without a key; the partitioner chooses the partition.
     *
     * @param topic the topic the record goes to
     * @param value the value, or null
     */
    public ProducerRecord(String topic, V value) {
        this(topic, null, null, null, value, null);
    }

    /** {@return the topic the record goes to} */
    public String topic() {
        return topic;
    }

    /** {@return the headers; mutable until the record is sent, read-only afterwards} */
    public Headers headers() {
        Headers h = given;
        if (h == null) {
            h = created;
            if (h == null) {
                h = new RecordHeaders();
                created = h;
            }
        }
        return h;
    }

    /** The headers if there are any objects for them yet (given, or made by {@link #headers()}), else null. */
    Headers headersIfAny() {
        return given != null ? given : created;
    }

    /**
     * {@code send()} of a record that has no headers object: from now on {@link #headers()} answers empty,
     * read-only headers, as for a record whose headers were frozen by the send.
     */
    void sealWithoutHeaders() {
        if (given == null && created == null) {
            created = SENT_WITHOUT_HEADERS;
        }
    }

    private Headers headersOrNone() {
        Headers h = headersIfAny();
        return h == null ? NONE : h;
    }

    /** {@return the key, or null} */
    public K key() {
        return key;
    }

    /** {@return the value, or null} */
    public V value() {
        return value;
    }

    /** {@return the timestamp in milliseconds since the epoch, or null for "when sent"} */
    public Long timestamp() {
        return timestamp;
    }

    /** {@return the partition the record must go to, or null to let the partitioner choose} */
    public Integer partition() {
        return partition;
    }

    /** As Apache Kafka prints a record: {@code ProducerRecord(topic=t, partition=null, headers=..., key=k, value=v, timestamp=null)}. */
    @Override
    public String toString() {
        Headers h = headersIfAny();
        return "ProducerRecord(topic=" + topic + ", partition=" + partition + ", headers="
                + (h != null ? h : new RecordHeaders()) + ", key="
                + key + ", value=" + value + ", timestamp=" + timestamp + ")";
    }

    /** Equal when topic, partition, headers, key, value and timestamp are all equal (null equals null). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ProducerRecord)) {
            return false;
        }
        ProducerRecord<?, ?> that = (ProducerRecord<?, ?>) o;
        return topic.equals(that.topic) && Objects.equals(partition, that.partition)
                && headersOrNone().equals(that.headersOrNone()) && Objects.equals(key, that.key)
                && Objects.equals(value, that.value) && Objects.equals(timestamp, that.timestamp);
    }

    /** {@return the same hash as Apache Kafka's record with the same fields} */
    @Override
    public int hashCode() {
        int h = topic.hashCode();
        h = 31 * h + Objects.hashCode(partition);
        h = 31 * h + headersOrNone().hashCode();
        h = 31 * h + Objects.hashCode(key);
        h = 31 * h + Objects.hashCode(value);
        h = 31 * h + Objects.hashCode(timestamp);
        return h;
    }
}

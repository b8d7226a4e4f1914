package io.samsa.kafka;

import io.samsa.common.header.Header;
import io.samsa.common.header.Headers;
import io.samsa.common.header.internals.RecordHeader;

import java.util.Iterator;

/**
 * An Apache Kafka record's headers seen through Samsa's {@link Headers}: the one headers object of a record sent
 * through {@link SamsaKafkaProducer}. The Samsa producer gets this wrapper as the record's headers
 * ({@code ProducerRecord.adoptingHeaders}), a header-aware Apache serializer gets the Apache object inside
 * ({@link #apache()}), and what it adds there is what the producer writes.
 *
 * <p>Why a wrapper rather than a copy: a copy would cost a headers object, a list and a header per header per
 * record, and would not see what a serializer adds. The wrapper costs one small object; Samsa {@link Header}s
 * are made only by {@link #toArray()}, which the producer calls once per record to write them, and by the
 * lookups.
 *
 * <p><b>Read-only after send.</b> Apache's producer freezes a record's headers once the record is serialized; the
 * Samsa producer calls {@link #toArray()} at exactly that point, so that is where the Apache headers are frozen
 * (an Apache {@code RecordHeaders}; other implementations have no such switch).
 *
 * <p>Not thread-safe, as the headers it wraps: used by the thread that sends the record, then read-only.
 */
final class ApacheHeaders implements Headers {
    private static final Header[] NONE = new Header[0];

    private final org.apache.kafka.common.header.Headers apache;

    ApacheHeaders(org.apache.kafka.common.header.Headers apache) {
        this.apache = apache;
    }

    /** The Apache Kafka headers this wraps. */
    org.apache.kafka.common.header.Headers apache() {
        return apache;
    }

    @Override
    public Headers add(Header header) throws IllegalStateException {
        apache.add(new org.apache.kafka.common.header.internals.RecordHeader(header.key(), header.value()));
        return this;
    }

    @Override
    public Headers add(String key, byte[] value) throws IllegalStateException {
        apache.add(key, value);
        return this;
    }

    @Override
    public Headers remove(String key) throws IllegalStateException {
        apache.remove(key);
        return this;
    }

    @Override
    public Header lastHeader(String key) {
        return samsa(apache.lastHeader(key));
    }

    @Override
    public Iterable<Header> headers(String key) {
        return () -> samsa(apache.headers(key).iterator());
    }

    /** Freezes the Apache headers (see the class comment), then returns them as Samsa headers. */
    @Override
    public Header[] toArray() {
        if (apache instanceof org.apache.kafka.common.header.internals.RecordHeaders) {
            ((org.apache.kafka.common.header.internals.RecordHeaders) apache).setReadOnly();
        }
        org.apache.kafka.common.header.Header[] in = apache.toArray();
        if (in.length == 0) {
            return NONE;
        }
        Header[] out = new Header[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = samsa(in[i]);
        }
        return out;
    }

    @Override
    public Iterator<Header> iterator() {
        return samsa(apache.iterator());
    }

    @Override
    public String toString() {
        return apache.toString();
    }

    private static Header samsa(org.apache.kafka.common.header.Header h) {
        return h == null ? null : new RecordHeader(h.key(), h.value());
    }

    private static Iterator<Header> samsa(Iterator<org.apache.kafka.common.header.Header> it) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Header next() {
                return samsa(it.next());
            }

            @Override
            public void remove() {
                it.remove();
            }
        };
    }
}

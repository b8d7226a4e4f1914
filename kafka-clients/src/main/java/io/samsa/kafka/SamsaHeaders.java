package io.samsa.kafka;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.util.Iterator;

/**
 * Samsa headers seen through Apache Kafka's {@link Headers}, for a header-aware Apache serializer given a record
 * whose headers are not an {@link ApacheHeaders}: one that a Samsa interceptor ({@code interceptor.classes} naming
 * a Samsa class) replaced. What the serializer adds goes into the Samsa headers, which the producer writes.
 *
 * <p>Not thread-safe, as the headers it wraps.
 */
final class SamsaHeaders implements Headers {
    private final io.samsa.common.header.Headers samsa;

    SamsaHeaders(io.samsa.common.header.Headers samsa) {
        this.samsa = samsa;
    }

    @Override
    public Headers add(Header header) throws IllegalStateException {
        samsa.add(new io.samsa.common.header.internals.RecordHeader(header.key(), header.value()));
        return this;
    }

    @Override
    public Headers add(String key, byte[] value) throws IllegalStateException {
        samsa.add(key, value);
        return this;
    }

    @Override
    public Headers remove(String key) throws IllegalStateException {
        samsa.remove(key);
        return this;
    }

    @Override
    public Header lastHeader(String key) {
        return apache(samsa.lastHeader(key));
    }

    @Override
    public Iterable<Header> headers(String key) {
        return () -> apache(samsa.headers(key).iterator());
    }

    @Override
    public Header[] toArray() {
        io.samsa.common.header.Header[] in = samsa.toArray();
        Header[] out = new Header[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = apache(in[i]);
        }
        return out;
    }

    @Override
    public Iterator<Header> iterator() {
        return apache(samsa.iterator());
    }

    @Override
    public String toString() {
        return samsa.toString();
    }

    private static Header apache(io.samsa.common.header.Header h) {
        return h == null ? null : new RecordHeader(h.key(), h.value());
    }

    private static Iterator<Header> apache(Iterator<io.samsa.common.header.Header> it) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Header next() {
                return apache(it.next());
            }

            @Override
            public void remove() {
                it.remove();
            }
        };
    }
}

package io.samsa.common.header.internals;

import io.samsa.common.header.Header;
import io.samsa.common.header.Headers;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The standard {@link Headers}: an ordered list that allows repeated keys.
 *
 * <p>{@link #setReadOnly()} freezes the headers. The producer calls it when it accepts a record, because from
 * then on the record may be serialised at any moment on another thread; a later {@code add} or {@code remove}
 * (also through an iterator) throws {@link IllegalStateException} instead of silently changing nothing or,
 * worse, changing a record that is half-way onto the wire.
 *
 * <p><b>No list until the first header.</b> Most records carry no headers, and every {@code ProducerRecord} has a
 * {@code RecordHeaders}: the list is created by the first {@code add}, so a header-less record costs one small
 * object here instead of three (this object, an {@code ArrayList} and its array), which matters because the
 * producer keeps records' completions alive until the broker answers.
 *
 * <p>Not thread-safe: build the headers on one thread, then hand them to {@code send()}. {@code readOnly} is a
 * plain field for the same reason (a volatile write per {@code send()} would buy nothing: a record handed to
 * another thread needs a safe hand-over anyway).
 */
public class RecordHeaders implements Headers {
    private static final Header[] EMPTY = new Header[0];

    /** Null while there are no headers. */
    private List<Header> headers;
    private boolean readOnly;

    /** Empty headers. */
    public RecordHeaders() {
    }

    /**
     * Headers holding a copy of {@code headers}; null elements are rejected.
     *
     * @param headers the headers to copy; null means none
     */
    public RecordHeaders(Header[] headers) {
        if (headers != null && headers.length > 0) {
            this.headers = new ArrayList<>(headers.length);
            for (Header h : headers) {
                this.headers.add(Objects.requireNonNull(h, "header must not be null"));
            }
        }
    }

    /**
     * Headers holding a copy of {@code headers}; null elements are rejected.
     *
     * @param headers the headers to copy; null means none
     */
    public RecordHeaders(Iterable<Header> headers) {
        if (headers != null) {
            for (Header h : headers) {
                list().add(Objects.requireNonNull(h, "header must not be null"));
            }
        }
    }

    private List<Header> list() {
        if (headers == null) {
            headers = new ArrayList<>(4);
        }
        return headers;
    }

    @Override
    public Headers add(Header header) throws IllegalStateException {
        Objects.requireNonNull(header, "header must not be null");
        checkWritable("add a header");
        list().add(header);
        return this;
    }

    @Override
    public Headers add(String key, byte[] value) throws IllegalStateException {
        return add(new RecordHeader(key, value));
    }

    @Override
    public Headers remove(String key) throws IllegalStateException {
        checkWritable("remove headers");
        if (headers != null) {
            headers.removeIf(h -> h.key().equals(key));
        }
        return this;
    }

    @Override
    public Header lastHeader(String key) {
        if (headers == null) {
            return null;
        }
        for (int i = headers.size() - 1; i >= 0; i--) {
            Header h = headers.get(i);
            if (h.key().equals(key)) {
                return h;
            }
        }
        return null;
    }

    @Override
    public Iterable<Header> headers(String key) {
        return () -> new FilterIterator(iterator(), key);
    }

    @Override
    public Header[] toArray() {
        return headers == null || headers.isEmpty() ? EMPTY : headers.toArray(EMPTY);
    }

    /** Iterates in insertion order; {@code Iterator.remove()} is refused once read-only. */
    @Override
    public Iterator<Header> iterator() {
        Iterator<Header> it = headers == null ? java.util.Collections.emptyIterator() : headers.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Header next() {
                return it.next();
            }

            @Override
            public void remove() {
                checkWritable("remove a header");
                it.remove();
            }
        };
    }

    /**
     * Freezes these headers: from now on {@code add}/{@code remove} throw {@link IllegalStateException}.
     * Idempotent; there is no way back.
     */
    public void setReadOnly() {
        readOnly = true;
    }

    /**
     * Whether {@link #setReadOnly()} has been called.
     *
     * @return {@code true} if these headers are read-only
     */
    public boolean isReadOnly() {
        return readOnly;
    }

    private void checkWritable(String what) {
        if (readOnly) {
            throw new IllegalStateException("cannot " + what + ": these headers are read-only because the record"
                    + " they belong to was already handed to the producer; build a new RecordHeaders instead");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RecordHeaders)) {
            return false;
        }
        return view().equals(((RecordHeaders) o).view());
    }

    @Override
    public int hashCode() {
        return view().hashCode();
    }

    @Override
    public String toString() {
        return "RecordHeaders(headers = " + view() + ", isReadOnly = " + readOnly + ")";
    }

    private List<Header> view() {
        return headers == null ? List.of() : headers;
    }

    /**
     * Yields only the headers with one key. No remove(): hasNext() runs ahead of next(), so a delegated
     * remove() could delete the wrong header. Use {@link Headers#remove(String)} instead.
     */
    private static final class FilterIterator implements Iterator<Header> {
        private final Iterator<Header> it;
        private final String key;
        private Header next;

        FilterIterator(Iterator<Header> it, String key) {
            this.it = it;
            this.key = key;
        }

        @Override
        public boolean hasNext() {
            while (next == null && it.hasNext()) {
                Header h = it.next();
                if (h.key().equals(key)) {
                    next = h;
                }
            }
            return next != null;
        }

        @Override
        public Header next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Header h = next;
            next = null;
            return h;
        }

        @Override
        public void remove() {
            throw new UnsupportedOperationException("use Headers.remove(key) to remove headers by key");
        }
    }
}

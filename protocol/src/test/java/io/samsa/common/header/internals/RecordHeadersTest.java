package io.samsa.common.header.internals;

import io.samsa.common.header.Header;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordHeadersTest {

    private static byte[] b(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Header> list(Iterable<Header> it) {
        List<Header> out = new ArrayList<>();
        it.forEach(out::add);
        return out;
    }

    @Test
    void recordHeaderEqualityIsByKeyAndValueContent() {
        assertThat(new RecordHeader("k", b("v"))).isEqualTo(new RecordHeader("k", b("v")))
                .hasSameHashCodeAs(new RecordHeader("k", b("v")));
        assertThat(new RecordHeader("k", null)).isEqualTo(new RecordHeader("k", null))
                .isNotEqualTo(new RecordHeader("k", new byte[0]));
        assertThat(new RecordHeader("k", b("v"))).isNotEqualTo(new RecordHeader("K", b("v")));
        assertThat(new RecordHeader("k", b("v")).toString()).contains("key = k");
        assertThatThrownBy(() -> new RecordHeader(null, b("v")))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("null");
    }

    @Test
    void addLookupRemoveKeepOrderAndRepeats() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("a", b("1")).add(new RecordHeader("b", null)).add("a", b("2"));

        assertThat(headers.lastHeader("a").value()).isEqualTo(b("2"));
        assertThat(headers.lastHeader("b").value()).isNull();
        assertThat(headers.lastHeader("missing")).isNull();
        assertThat(list(headers.headers("a"))).extracting(Header::value).containsExactly(b("1"), b("2"));
        assertThat(list(headers.headers("missing"))).isEmpty();
        assertThat(headers.toArray()).extracting(Header::key).containsExactly("a", "b", "a");
        assertThat(list(headers)).hasSize(3);

        headers.remove("a");
        assertThat(headers.toArray()).extracting(Header::key).containsExactly("b");
        headers.remove("missing");
        assertThat(headers.toArray()).hasSize(1);

        Iterator<Header> it = headers.iterator();
        it.next();
        it.remove();
        assertThat(headers.toArray()).isEmpty();
    }

    @Test
    void constructorsCopyAndAcceptNull() {
        Header[] source = {new RecordHeader("x", b("1"))};
        RecordHeaders fromArray = new RecordHeaders(source);
        source[0] = new RecordHeader("y", null);
        assertThat(fromArray.toArray()).extracting(Header::key).containsExactly("x");

        assertThat(new RecordHeaders((Header[]) null).toArray()).isEmpty();
        assertThat(new RecordHeaders((Iterable<Header>) null).toArray()).isEmpty();
        assertThat(new RecordHeaders(List.of(new RecordHeader("z", null)))).isEqualTo(
                new RecordHeaders(new Header[] {new RecordHeader("z", null)}));
        assertThatThrownBy(() -> new RecordHeaders(new Header[] {null})).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new RecordHeaders().add((Header) null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toArrayIsAFreshArray() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("a", null);
        Header[] first = headers.toArray();
        first[0] = null;
        assertThat(headers.toArray()[0]).isNotNull();
    }

    @Test
    void readOnlyRefusesEveryMutationWithAClearMessage() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("a", b("1"));
        assertThat(headers.isReadOnly()).isFalse();
        headers.setReadOnly();
        headers.setReadOnly(); // idempotent
        assertThat(headers.isReadOnly()).isTrue();

        assertThatThrownBy(() -> headers.add("b", null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("read-only")
                .hasMessageContaining("already handed to the producer");
        assertThatThrownBy(() -> headers.add(new RecordHeader("b", null))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> headers.remove("a")).isInstanceOf(IllegalStateException.class);
        Iterator<Header> it = headers.iterator();
        it.next();
        assertThatThrownBy(it::remove).isInstanceOf(IllegalStateException.class);

        // Reading still works, and nothing changed.
        assertThat(headers.lastHeader("a").value()).isEqualTo(b("1"));
        assertThat(headers.toArray()).hasSize(1);
        assertThat(headers.toString()).contains("isReadOnly = true");
    }

    @Test
    void filteredIteratorsDoNotRemove() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("a", null);
        Iterator<Header> it = headers.headers("a").iterator();
        it.next();
        assertThatThrownBy(it::remove).isInstanceOf(UnsupportedOperationException.class);
    }

    /** Apache Kafka's buffer constructor: both read from position to limit, copied, positions untouched. */
    @Test
    void headerFromBuffersCopiesTheRemainingBytes() {
        java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap("xtrace-id".getBytes(StandardCharsets.UTF_8));
        key.position(1);
        java.nio.ByteBuffer value = java.nio.ByteBuffer.allocateDirect(4).put(new byte[] {9, 1, 2, 3});
        value.flip().position(1);
        RecordHeader h = new RecordHeader(key, value);
        org.apache.kafka.common.header.internals.RecordHeader apache =
                new org.apache.kafka.common.header.internals.RecordHeader(key.duplicate(), value.duplicate());
        assertThat(h.key()).isEqualTo("trace-id").isEqualTo(apache.key());
        assertThat(h.value()).containsExactly(1, 2, 3).isEqualTo(apache.value());
        assertThat(key.position()).isEqualTo(1);
        assertThat(value.position()).isEqualTo(1);
        assertThat(new RecordHeader(key, null).value()).isNull();
        assertThatThrownBy(() -> new RecordHeader((java.nio.ByteBuffer) null, value))
                .isInstanceOf(NullPointerException.class);
    }
}

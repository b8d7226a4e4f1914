package io.samsa.clients.producer;

import io.samsa.common.header.Header;
import io.samsa.common.header.internals.RecordHeader;
import io.samsa.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** ProducerRecord against Apache Kafka's: constructors, validation messages, equals, hashCode, toString. */
class ProducerRecordTest {

    private static org.apache.kafka.common.header.Header apache(Header h) {
        return new org.apache.kafka.common.header.internals.RecordHeader(h.key(), h.value());
    }

    private static List<org.apache.kafka.common.header.Header> apache(List<Header> headers) {
        List<org.apache.kafka.common.header.Header> out = new ArrayList<>();
        headers.forEach(h -> out.add(apache(h)));
        return out;
    }

    @Test
    void everyConstructorFillsTheSameFieldsAsApacheKafkas() {
        List<Header> headers = List.of(new RecordHeader("trace", new byte[] {1, 2}), new RecordHeader("n", null));
        check(new ProducerRecord<>("t", 3, 17L, "k", "v", headers),
                new org.apache.kafka.clients.producer.ProducerRecord<>("t", 3, 17L, "k", "v", apache(headers)));
        check(new ProducerRecord<>("t", 3, 17L, "k", "v"),
                new org.apache.kafka.clients.producer.ProducerRecord<>("t", 3, 17L, "k", "v"));
        check(new ProducerRecord<>("t", 3, "k", "v", headers),
                new org.apache.kafka.clients.producer.ProducerRecord<>("t", 3, "k", "v", apache(headers)));
        check(new ProducerRecord<>("t", 3, "k", "v"),
                new org.apache.kafka.clients.producer.ProducerRecord<>("t", 3, "k", "v"));
        check(new ProducerRecord<>("t", "k", "v"), new org.apache.kafka.clients.producer.ProducerRecord<>("t", "k", "v"));
        check(new ProducerRecord<String, String>("t", "v"),
                new org.apache.kafka.clients.producer.ProducerRecord<String, String>("t", "v"));
        check(new ProducerRecord<String, String>("t", null, null, null, null, null),
                new org.apache.kafka.clients.producer.ProducerRecord<String, String>("t", null, null, null, null, null));
    }

    private static void check(ProducerRecord<String, String> ours,
                              org.apache.kafka.clients.producer.ProducerRecord<String, String> theirs) {
        assertThat(ours.topic()).isEqualTo(theirs.topic());
        assertThat(ours.partition()).isEqualTo(theirs.partition());
        assertThat(ours.timestamp()).isEqualTo(theirs.timestamp());
        assertThat(ours.key()).isEqualTo(theirs.key());
        assertThat(ours.value()).isEqualTo(theirs.value());
        assertThat(ours.headers().toArray()).hasSameSizeAs(theirs.headers().toArray());
        assertThat(ours).hasToString(theirs.toString());
        assertThat(ours.hashCode()).as("hashCode of %s", ours).isEqualTo(theirs.hashCode());
    }

    @Test
    void validationMessagesAreApacheKafkas() {
        assertSameFailure(() -> new ProducerRecord<String, String>(null, "v"),
                () -> new org.apache.kafka.clients.producer.ProducerRecord<String, String>(null, "v"));
        assertSameFailure(() -> new ProducerRecord<>("t", null, -5L, "k", "v"),
                () -> new org.apache.kafka.clients.producer.ProducerRecord<>("t", null, -5L, "k", "v"));
        assertSameFailure(() -> new ProducerRecord<>("t", -3, "k", "v"),
                () -> new org.apache.kafka.clients.producer.ProducerRecord<>("t", -3, "k", "v"));
        // Both wrong: the same one is reported first.
        assertSameFailure(() -> new ProducerRecord<>("t", -3, -5L, "k", "v"),
                () -> new org.apache.kafka.clients.producer.ProducerRecord<>("t", -3, -5L, "k", "v"));
        assertThatThrownBy(() -> new ProducerRecord<String, String>(null, "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Topic cannot be null.");
        assertThatThrownBy(() -> new ProducerRecord<>("t", -3, "k", "v")).hasMessageContaining("-3");
        assertThatThrownBy(() -> new ProducerRecord<>("t", null, -5L, "k", "v")).hasMessageContaining("-5");
        // Zero is fine for both.
        assertThat(new ProducerRecord<>("t", 0, 0L, "k", "v").partition()).isZero();
    }

    private static void assertSameFailure(Supplier<?> ours, Supplier<?> theirs) {
        Throwable a = catchThrowable(ours::get);
        Throwable b = catchThrowable(theirs::get);
        assertThat(a).isNotNull();
        assertThat(a.getClass()).isEqualTo(b.getClass());
        assertThat(a.getMessage()).isEqualTo(b.getMessage());
    }

    @Test
    void equalsComparesEveryFieldIncludingHeaders() {
        ProducerRecord<String, String> r = new ProducerRecord<>("t", 1, 2L, "k", "v",
                List.of(new RecordHeader("h", new byte[] {1})));
        assertThat(r).isEqualTo(new ProducerRecord<>("t", 1, 2L, "k", "v", List.of(new RecordHeader("h", new byte[] {1}))))
                .hasSameHashCodeAs(new ProducerRecord<>("t", 1, 2L, "k", "v",
                        List.of(new RecordHeader("h", new byte[] {1}))));
        assertThat(r).isNotEqualTo(new ProducerRecord<>("t", 1, 2L, "k", "v", List.of(new RecordHeader("h", new byte[] {2}))));
        assertThat(r).isNotEqualTo(new ProducerRecord<>("u", 1, 2L, "k", "v", List.of(new RecordHeader("h", new byte[] {1}))));
        assertThat(r).isNotEqualTo(new ProducerRecord<>("t", null, 2L, "k", "v", List.of(new RecordHeader("h", new byte[] {1}))));
        assertThat(r).isNotEqualTo(new ProducerRecord<>("t", 1, null, "k", "v", List.of(new RecordHeader("h", new byte[] {1}))));
        assertThat(r).isNotEqualTo(new ProducerRecord<>("t", 1, 2L, null, "v", List.of(new RecordHeader("h", new byte[] {1}))));
        assertThat(r).isNotEqualTo(new ProducerRecord<>("t", 1, 2L, "k", null, List.of(new RecordHeader("h", new byte[] {1}))));
        assertThat(new ProducerRecord<String, String>("t", null)).isEqualTo(new ProducerRecord<String, String>("t", null));
    }

    @Test
    void headersAreCopiedAndStayMutableUntilSent() {
        List<Header> given = new ArrayList<>(List.of(new RecordHeader("a", null)));
        ProducerRecord<String, String> r = new ProducerRecord<>("t", null, "k", "v", given);
        given.add(new RecordHeader("b", null));
        assertThat(r.headers().toArray()).extracting(Header::key).containsExactly("a");
        r.headers().add("c", new byte[] {3});
        assertThat(r.headers().lastHeader("c").value()).containsExactly(3);
        assertThat(r.headers()).isInstanceOf(RecordHeaders.class);
        assertThat(new ProducerRecord<String, String>("t", "v").headers().toArray()).isEmpty();
    }

    @Test
    void aRecordWithoutHeadersMakesThemOnDemandAndSealsThemAtSend() {
        ProducerRecord<String, String> r = new ProducerRecord<>("t", "k", "v");
        // Before anything asked: no headers object, yet equal (and hashed, and printed) as Apache's empty ones.
        assertThat(r.headersIfAny()).isNull();
        org.apache.kafka.clients.producer.ProducerRecord<String, String> theirs =
                new org.apache.kafka.clients.producer.ProducerRecord<>("t", "k", "v");
        assertThat(r).hasToString(theirs.toString());
        assertThat(r.hashCode()).isEqualTo(theirs.hashCode());
        assertThat(r).isEqualTo(new ProducerRecord<>("t", null, null, "k", "v", List.of()))
                .hasSameHashCodeAs(new ProducerRecord<>("t", null, null, "k", "v", List.of()));
        assertThat(r.headersIfAny()).as("equals, hashCode and toString made none").isNull();

        // Asked for: one mutable object, the same on every call.
        ProducerRecord<String, String> asked = new ProducerRecord<>("t", "k", "v");
        assertThat(asked.headers()).isSameAs(asked.headers());
        asked.headers().add("a", new byte[] {1});
        asked.sealWithoutHeaders(); // headers exist: nothing to seal here (send makes them read-only itself)
        assertThat(asked.headers().lastHeader("a").value()).containsExactly(1);

        // Sent without ever having headers: empty and read-only from then on, as a record whose headers were frozen.
        r.sealWithoutHeaders();
        assertThat(r.headers().toArray()).isEmpty();
        assertThat(((RecordHeaders) r.headers()).isReadOnly()).isTrue();
        assertThatThrownBy(() -> r.headers().add("late", null)).isInstanceOf(IllegalStateException.class);
        assertThat(r).isEqualTo(new ProducerRecord<>("t", "k", "v"));
        r.sealWithoutHeaders(); // a record may be sent again
        assertThat(r.headers().toArray()).isEmpty();
    }
}

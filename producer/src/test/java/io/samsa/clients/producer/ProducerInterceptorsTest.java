package io.samsa.clients.producer;

import io.samsa.common.TopicPartition;
import io.samsa.common.header.Headers;
import io.samsa.common.header.internals.RecordHeader;
import io.samsa.common.header.internals.RecordHeaders;
import io.samsa.common.config.LogCapture;
import io.samsa.clients.producer.ProducerInterceptors.Method;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The interceptor chain: order, isolation from exceptions, one WARN per interceptor and method, send errors. */
class ProducerInterceptorsTest {

    /** Records what it was called with; {@code onSend} applies a function that may throw. */
    static final class Probe implements ProducerInterceptor<String, String> {
        final List<String> calls = new ArrayList<>();
        final List<RecordMetadata> acks = new ArrayList<>();
        final List<Exception> ackErrors = new ArrayList<>();
        final List<Headers> ackHeaders = new ArrayList<>();
        private final UnaryOperator<ProducerRecord<String, String>> onSend;
        private final RuntimeException onAck;
        private final RuntimeException onClose;

        Probe(UnaryOperator<ProducerRecord<String, String>> onSend, RuntimeException onAck, RuntimeException onClose) {
            this.onSend = onSend;
            this.onAck = onAck;
            this.onClose = onClose;
        }

        Probe(UnaryOperator<ProducerRecord<String, String>> onSend) {
            this(onSend, null, null);
        }

        @Override
        public ProducerRecord<String, String> onSend(ProducerRecord<String, String> record) {
            calls.add("onSend " + record.value());
            return onSend.apply(record);
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception, Headers headers) {
            calls.add("onAck");
            acks.add(metadata);
            ackErrors.add(exception);
            ackHeaders.add(headers);
            if (onAck != null) {
                throw onAck;
            }
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }

        @Override
        public void close() {
            calls.add("close");
            if (onClose != null) {
                throw onClose;
            }
        }
    }

    private static UnaryOperator<ProducerRecord<String, String>> append(String suffix) {
        return r -> new ProducerRecord<>(r.topic(), r.partition(), r.key(), r.value() + suffix);
    }

    private static UnaryOperator<ProducerRecord<String, String>> failWith(RuntimeException e) {
        return r -> {
            throw e;
        };
    }

    @Test
    void eachOnSendGetsThePreviousResult() {
        Probe a = new Probe(append("+a"));
        Probe b = new Probe(append("+b"));
        ProducerInterceptors<String, String> chain = new ProducerInterceptors<>(List.of(a, b));
        ProducerRecord<String, String> out = chain.onSend(new ProducerRecord<>("t", "k", "v"));
        assertThat(out.value()).isEqualTo("v+a+b");
        assertThat(a.calls).containsExactly("onSend v");
        assertThat(b.calls).containsExactly("onSend v+a");
    }

    @Test
    void aFailingOnSendIsSkippedAndTheNextGetsTheLastGoodRecord() {
        Probe a = new Probe(append("+a"));
        Probe broken = new Probe(failWith(new IllegalStateException("boom")));
        Probe c = new Probe(append("+c"));
        ProducerInterceptors<String, String> chain = new ProducerInterceptors<>(List.of(a, broken, c));
        String log = LogCapture.during(() ->
                assertThat(chain.onSend(new ProducerRecord<>("t", "k", "v")).value()).isEqualTo("v+a+c"));
        assertThat(log).contains("WARN").contains("java.lang.IllegalStateException: boom");
        assertThat(c.calls).containsExactly("onSend v+a");
        assertThat(chain.failures(1, Method.ON_SEND)).isEqualTo(1);
        assertThat(chain.failures(0, Method.ON_SEND)).isZero();
    }

    @Test
    void aNullFromOnSendCountsAsAFailure() {
        Probe nulls = new Probe(r -> null);
        Probe next = new Probe(append("+n"));
        ProducerInterceptors<String, String> chain = new ProducerInterceptors<>(List.of(nulls, next));
        String log = LogCapture.during(() ->
                assertThat(chain.onSend(new ProducerRecord<>("t", "k", "v")).value()).isEqualTo("v+n"));
        assertThat(log).contains("WARN").contains("onSend returned null");
        assertThat(chain.failures(0, Method.ON_SEND)).isEqualTo(1);
    }

    @Test
    void failuresAreLoggedOncePerInterceptorAndMethodThenCounted() {
        Probe broken = new Probe(failWith(new IllegalStateException("boom")), new IllegalArgumentException("ack boom"),
                null);
        Probe alsoBroken = new Probe(failWith(new UnsupportedOperationException("other")));
        ProducerInterceptors<String, String> chain = new ProducerInterceptors<>(List.of(broken, alsoBroken));
        String log = LogCapture.during(() -> {
            for (int i = 0; i < 1000; i++) {
                chain.onSend(new ProducerRecord<>("orders", 4, "k", "v" + i));
                chain.onAcknowledgement(new RecordMetadata(new TopicPartition("orders", 4), i, 0, 0, 1, 1), null,
                        new RecordHeaders());
            }
        });
        assertThat(LogCapture.count(log, "WARN")).isEqualTo(3);
        assertThat(LogCapture.count(log, "java.lang.IllegalStateException: boom")).isEqualTo(1);
        assertThat(LogCapture.count(log, "java.lang.IllegalArgumentException: ack boom")).isEqualTo(1);
        assertThat(LogCapture.count(log, "java.lang.UnsupportedOperationException: other")).isEqualTo(1);
        assertThat(log).contains("Interceptor " + Probe.class.getName() + " threw from onSend for topic orders, "
                + "partition 4").contains("counted");
        assertThat(chain.failures(0, Method.ON_SEND)).isEqualTo(1000);
        assertThat(chain.failures(0, Method.ON_ACKNOWLEDGEMENT)).isEqualTo(1000);
        assertThat(chain.failures(1, Method.ON_SEND)).isEqualTo(1000);
        assertThat(chain.failures(1, Method.ON_ACKNOWLEDGEMENT)).isZero();

        String closing = LogCapture.during(chain::close);
        assertThat(closing).contains("threw 1000 times from onSend").contains("threw 1000 times from onAcknowledgement");
        assertThat(LogCapture.count(closing, "WARN")).isEqualTo(3);
    }

    @Test
    void everyInterceptorHearsOfEveryAcknowledgementWhateverTheOthersThrow() {
        Probe broken = new Probe(UnaryOperator.identity(), new IllegalStateException("ack boom"), null);
        Probe ok = new Probe(UnaryOperator.identity());
        ProducerInterceptors<String, String> chain = new ProducerInterceptors<>(List.of(broken, ok));
        RecordMetadata md = new RecordMetadata(new TopicPartition("t", 0), 10, 0, 5, 1, 1);
        RuntimeException failure = new RuntimeException("send failed");
        RecordHeaders headers = new RecordHeaders();
        LogCapture.during(() -> chain.onAcknowledgement(md, failure, headers));
        assertThat(ok.acks).containsExactly(md);
        assertThat(ok.ackErrors).containsExactly(failure);
        assertThat(ok.ackHeaders).containsExactly(headers);
    }

    @Test
    void aSendErrorGivesTopicPartitionAndAReadOnlyCopyOfTheHeaders() {
        Probe probe = new Probe(UnaryOperator.identity());
        ProducerInterceptors<String, String> chain = new ProducerInterceptors<>(List.of(probe));
        ProducerRecord<String, String> record = new ProducerRecord<>("t", null, "k", "v",
                List.of(new RecordHeader("trace", new byte[] {1})));
        RuntimeException error = new RuntimeException("serializer failed");

        chain.onSendError(record, null, error);
        RecordMetadata md = probe.acks.get(0);
        assertThat(md.topic()).isEqualTo("t");
        assertThat(md.partition()).isEqualTo(RecordMetadata.UNKNOWN_PARTITION);
        assertThat(md.offset()).isEqualTo(-1);
        assertThat(md.hasTimestamp()).isFalse();
        assertThat(probe.ackErrors.get(0)).isSameAs(error);
        Headers seen = probe.ackHeaders.get(0);
        assertThat(seen.lastHeader("trace").value()).containsExactly(1);
        assertThat(((RecordHeaders) seen).isReadOnly()).isTrue();
        // The user's headers stay writable, to fix the record and send it again.
        assertThat(((RecordHeaders) record.headers()).isReadOnly()).isFalse();
        record.headers().add("retry", null);

        // A partition chosen before the failure wins over the record's.
        chain.onSendError(record, new TopicPartition("t", 7), error);
        assertThat(probe.acks.get(1).partition()).isEqualTo(7);
        // An explicit partition on the record is used when none was chosen.
        chain.onSendError(new ProducerRecord<>("t", 3, "k", "v"), null, error);
        assertThat(probe.acks.get(2).partition()).isEqualTo(3);
        // A null record: null metadata, empty read-only headers (as Apache Kafka).
        chain.onSendError(null, null, error);
        assertThat(probe.acks.get(3)).isNull();
        assertThat(probe.ackHeaders.get(3).toArray()).isEmpty();
    }

    @Test
    void alreadyReadOnlyHeadersArePassedAsTheyAre() {
        Probe probe = new Probe(UnaryOperator.identity());
        ProducerInterceptors<String, String> chain = new ProducerInterceptors<>(List.of(probe));
        ProducerRecord<String, String> record = new ProducerRecord<>("t", "v");
        ((RecordHeaders) record.headers()).setReadOnly();
        chain.onSendError(record, null, new RuntimeException());
        assertThat(probe.ackHeaders.get(0)).isSameAs(record.headers());
    }

    @Test
    void closeClosesEveryInterceptorEvenWhenOneThrows() {
        Probe first = new Probe(UnaryOperator.identity(), null, new IllegalStateException("close boom"));
        Probe second = new Probe(UnaryOperator.identity());
        ProducerInterceptors<String, String> chain = new ProducerInterceptors<>(List.of(first, second));
        String log = LogCapture.during(chain::close);
        assertThat(first.calls).containsExactly("close");
        assertThat(second.calls).containsExactly("close");
        assertThat(log).contains("Failed to close interceptor " + Probe.class.getName())
                .contains("close boom");
    }

    @Test
    void anEmptyChainIsANoOp() {
        ProducerInterceptors<String, String> chain = ProducerInterceptors.none();
        ProducerRecord<String, String> r = new ProducerRecord<>("t", "v");
        assertThat(chain.isEmpty()).isTrue();
        assertThat(chain.onSend(r)).isSameAs(r);
        chain.onSendError(r, null, new RuntimeException());
        chain.onAcknowledgement(null, null, null);
        chain.close();
    }

    @Test
    void theTwoArgumentAcknowledgementIsTheDefaultTarget() {
        List<String> seen = new ArrayList<>();
        ProducerInterceptor<String, String> legacy = new ProducerInterceptor<>() {
            @Override
            public ProducerRecord<String, String> onSend(ProducerRecord<String, String> record) {
                return record;
            }

            @Override
            public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
                seen.add(metadata + " " + exception);
            }

            @Override
            public void configure(Map<String, ?> configs) {
            }

            @Override
            public void close() {
            }
        };
        new ProducerInterceptors<>(List.of(legacy))
                .onAcknowledgement(new RecordMetadata(new TopicPartition("t", 1), 5, 0, 0, 0, 0), null, null);
        assertThat(seen).containsExactly("t-1@5 null");
    }
}

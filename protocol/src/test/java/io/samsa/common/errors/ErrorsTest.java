package io.samsa.common.errors;

import io.samsa.common.KafkaException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErrorsTest {

    /**
     * Each code has Apache's name and maps to the exception Apache's client maps it to, by the import rule
     * ({@code org.apache.kafka.} to {@code io.samsa.}), with the same superclasses up to the root; retriability
     * follows from the type as in Apache's client.
     */
    @ParameterizedTest
    @EnumSource(value = Errors.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
    void matchesKafka(Errors e) {
        org.apache.kafka.common.protocol.Errors kafka = org.apache.kafka.common.protocol.Errors.forCode(e.code());
        assertThat(kafka.name()).isEqualTo(e.kafkaName());
        assertThat(Errors.forCode(e.code())).isSameAs(e);
        assertThat(e.description()).isNotBlank();
        if (e == Errors.NONE) {
            assertThat(kafka.exception()).isNull();
            assertThat(e.exceptionType()).isNull();
            return;
        }
        ApiException ours = Errors.exception("context", null, e, e.code(), "broker words");
        assertThat(ours.getClass()).isSameAs(e.exceptionType());
        assertThat(ancestry(ours.getClass())).as("%s maps as Apache's does", e)
                .isEqualTo(ancestry(kafka.exception().getClass()));
        assertThat(e.retriable()).isEqualTo(kafka.exception() instanceof org.apache.kafka.common.errors.RetriableException);
        assertThat(e.invalidMetadata())
                .isEqualTo(kafka.exception() instanceof org.apache.kafka.common.errors.InvalidMetadataException);
        assertThat(ours).hasMessage("context: " + e.name() + " (" + e.code() + "): " + e.description()
                + " Broker says: broker words");
        assertThat(Errors.forException(ours)).isSameAs(firstWithType(e.exceptionType()));
    }

    /** Every error code a producer meets on the APIs it uses (Produce, Metadata, SASL, InitProducerId, ...). */
    @Test
    void theProducersCodesAreListed() {
        int[] codes = {-1, 0, 2, 3, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 24, 25, 27, 28, 29,
            30, 31, 32, 33, 34, 35, 40, 42, 43, 45, 46, 47, 48, 49, 50, 51, 52, 53, 55, 56, 58, 59, 72, 74, 75, 76, 82,
            87, 89, 90, 100, 103, 117, 118, 120, 129};
        for (int c : codes) {
            assertThat(Errors.forCode((short) c)).as("code %d", c).isNotEqualTo(Errors.UNKNOWN);
        }
        assertThat(Errors.values()).hasSize(codes.length + 1);
    }

    @Test
    void unknownCodesAreNotMappedToAnotherError() {
        assertThat(Errors.forCode((short) 1)).isEqualTo(Errors.UNKNOWN);
        assertThat(Errors.forCode((short) 9999)).isEqualTo(Errors.UNKNOWN);
        assertThat(Errors.forCode(Short.MIN_VALUE)).isEqualTo(Errors.UNKNOWN);
        assertThat(Errors.describe((short) 9999)).isEqualTo("UNKNOWN (9999)");
        assertThat(Errors.describe((short) 6)).isEqualTo("NOT_LEADER_OR_FOLLOWER (6)");

        // As Apache's client: an unknown code is an UnknownServerException; the raw code stays in the message.
        ApiException ex = Errors.exceptionFor((short) 9999, "from the future");
        assertThat(ex).isExactlyInstanceOf(UnknownServerException.class).isNotInstanceOf(RetriableException.class)
                .hasMessageContaining("UNKNOWN (9999)").hasMessageContaining("from the future");
    }

    @Test
    void topicErrorsNameTheirTopic() {
        ApiException denied = Errors.exception("Produce to t-0", "t", Errors.TOPIC_AUTHORIZATION_FAILED, (short) 29,
                null);
        assertThat(denied).isInstanceOf(TopicAuthorizationException.class).isInstanceOf(AuthorizationException.class);
        assertThat(((TopicAuthorizationException) denied).unauthorizedTopics()).isEqualTo(Set.of("t"));
        ApiException invalid = Errors.exception(null, "bad name", Errors.INVALID_TOPIC_EXCEPTION, (short) 17, null);
        assertThat(((InvalidTopicException) invalid).invalidTopics()).isEqualTo(Set.of("bad name"));
        assertThat(Errors.TOPIC_AUTHORIZATION_FAILED.exception(null))
                .isInstanceOfSatisfying(TopicAuthorizationException.class,
                        t -> assertThat(t.unauthorizedTopics()).isEmpty());
    }

    @Test
    void messagesSayWhatFailedAndTheBrokersWords() {
        ApiException ex = Errors.NOT_LEADER_OR_FOLLOWER.exception("leader moved");
        assertThat(ex).isInstanceOf(KafkaException.class).isInstanceOf(NotLeaderOrFollowerException.class)
                .isInstanceOf(InvalidMetadataException.class).isInstanceOf(RetriableException.class);
        assertThat(ex).hasMessage("NOT_LEADER_OR_FOLLOWER (6): " + Errors.NOT_LEADER_OR_FOLLOWER.description()
                + " Broker says: leader moved");
        assertThat(Errors.MESSAGE_TOO_LARGE.exception(null)).isExactlyInstanceOf(RecordTooLargeException.class)
                .hasMessage("MESSAGE_TOO_LARGE (10): " + Errors.MESSAGE_TOO_LARGE.description());
        assertThatThrownBy(() -> Errors.NONE.exception(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void brokerErrorsCarryNoStackTrace() {
        // Made on the I/O thread, a stack trace would describe that thread, not the caller's code.
        assertThat(Errors.REQUEST_TIMED_OUT.exception(null).getStackTrace()).isEmpty();
    }

    /** Simple names of a class and its superclasses up to (excluding) RuntimeException. */
    private static List<String> ancestry(Class<?> c) {
        List<String> names = new ArrayList<>();
        for (Class<?> k = c; k != RuntimeException.class; k = k.getSuperclass()) {
            names.add(k.getName().replace("org.apache.kafka.", "").replace("io.samsa.", ""));
        }
        return names;
    }

    private static Errors firstWithType(Class<?> type) {
        for (Errors e : Errors.values()) {
            if (e != Errors.UNKNOWN && e.exceptionType() == type) {
                return e;
            }
        }
        throw new AssertionError("no error maps to " + type);
    }
}

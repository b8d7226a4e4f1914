package io.samsa.common.errors;

import io.samsa.common.KafkaException;

import org.apache.kafka.common.errors.InvalidMetadataException;
import org.apache.kafka.common.errors.RetriableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorsTest {

    /** Our names and flags agree with Kafka's own table (exception types extending Retriable/InvalidMetadata). */
    @ParameterizedTest
    @EnumSource(value = Errors.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
    void matchesKafka(Errors e) {
        org.apache.kafka.common.protocol.Errors kafka = org.apache.kafka.common.protocol.Errors.forCode(e.code());
        assertThat(kafka.name()).isEqualTo(e.kafkaName());
        assertThat(Errors.forCode(e.code())).isSameAs(e);
        if (e != Errors.NONE) {
            assertThat(e.retriable()).as("%s retriable", e).isEqualTo(kafka.exception() instanceof RetriableException);
            assertThat(e.invalidMetadata()).as("%s invalidMetadata", e)
                    .isEqualTo(kafka.exception() instanceof InvalidMetadataException);
        }
        assertThat(e.description()).isNotBlank();
    }

    @Test
    void tableOfTheNotesIsComplete() {
        int[] codes = {-1, 0, 2, 3, 5, 6, 7, 8, 10, 13, 14, 15, 16, 17, 18, 19, 20, 21, 29, 31, 32, 33, 34, 35, 42,
            43, 45, 46, 47, 48, 50, 51, 53, 55, 56, 58, 59, 72, 74, 75, 76, 87, 89, 90, 100, 120, 129};
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

        ApiException ex = Errors.exceptionFor((short) 9999, "from the future");
        assertThat(ex.error()).isEqualTo(Errors.UNKNOWN);
        assertThat(ex.code()).isEqualTo((short) 9999);
        assertThat(ex.brokerMessage()).isEqualTo("from the future");
        assertThat(ex.isRetriable()).isFalse();
        assertThat(ex).hasMessageContaining("9999").hasMessageContaining("from the future");
    }

    @Test
    void exceptionCarriesErrorCodeMessageAndRetriability() {
        ApiException ex = Errors.NOT_LEADER_OR_FOLLOWER.exception("leader moved");
        assertThat(ex).isInstanceOf(KafkaException.class);
        assertThat(ex.error()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(ex.code()).isEqualTo((short) 6);
        assertThat(ex.isRetriable()).isTrue();
        assertThat(ex.isInvalidMetadata()).isTrue();
        assertThat(ex).hasMessage("NOT_LEADER_OR_FOLLOWER (6): " + Errors.NOT_LEADER_OR_FOLLOWER.description()
                + " Broker says: leader moved");

        ApiException plain = Errors.MESSAGE_TOO_LARGE.exception(null);
        assertThat(plain.isRetriable()).isFalse();
        assertThat(plain.brokerMessage()).isNull();
        assertThat(new ApiException("Produce to orders-3", Errors.REQUEST_TIMED_OUT, (short) 7, null))
                .hasMessageStartingWith("Produce to orders-3: REQUEST_TIMED_OUT (7)");
    }
}

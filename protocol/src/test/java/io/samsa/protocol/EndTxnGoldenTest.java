package io.samsa.protocol;

import io.samsa.common.errors.Errors;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class EndTxnGoldenTest {

    static Stream<Short> versions() {
        return Samples.versions(ApiKey.END_TXN);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestsMatchKafka(short v) {
        for (EndTxnRequest request : Samples.endTxnRequests()) {
            byte[] ours = Bytes.ours(w -> request.write(w, v));
            byte[] kafka = Bytes.kafka(Kafka.of(request), v);
            assertThat(Bytes.hex(ours)).as("v%d %s", v, request).isEqualTo(Bytes.hex(kafka));
            assertThat(EndTxnRequest.read(Bytes.reader(kafka), v)).isEqualTo(request);
        }
    }

    /** The version that tells a transaction-version-2 client from an older one is Apache's. */
    @Test
    void lastVersionBeforeTransactionV2IsApaches() {
        assertThat(EndTxnRequest.LAST_VERSION_BEFORE_TRANSACTION_V2)
                .isEqualTo(org.apache.kafka.common.requests.EndTxnRequest.LAST_STABLE_VERSION_BEFORE_TRANSACTION_V2);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseDecodesWhatKafkaEncodesAndEncodesTheSame(short v) {
        EndTxnResponse expected = Samples.endTxnResponse(v);
        byte[] kafka = Bytes.kafka(Kafka.of(expected), v);
        EndTxnResponse read = Samples.endTxnRequests().get(0).readResponse(Bytes.reader(kafka), v);
        assertThat(read).isEqualTo(expected);
        assertThat(read.error()).isEqualTo(Errors.NONE);
        assertThat(read.hasProducerIdAndEpoch()).isEqualTo(v >= 5);
        assertThat(read.producerId()).isEqualTo(v >= 5 ? 4243L : -1L);
        assertThat(read.producerEpoch()).isEqualTo(v >= 5 ? (short) 0 : (short) -1);
        assertThat(Bytes.hex(Bytes.ours(w -> expected.write(w, v)))).isEqualTo(Bytes.hex(kafka));

        for (Errors error : List.of(Errors.PRODUCER_FENCED, Errors.INVALID_TXN_STATE, Errors.CONCURRENT_TRANSACTIONS,
                Errors.NOT_COORDINATOR, Errors.TRANSACTION_ABORTABLE)) {
            byte[] bytes = Bytes.kafka(new EndTxnResponseData().setErrorCode(error.code()), v);
            EndTxnResponse errorRead = EndTxnResponse.read(Bytes.reader(bytes), v);
            assertThat(errorRead.error()).isEqualTo(error);
            assertThat(errorRead.hasProducerIdAndEpoch()).isFalse(); // Kafka's default for an absent id is -1
        }
    }

    /** Before v5 the id and epoch are dropped on writing, as Kafka's generated class drops ignorable fields. */
    @Test
    void producerIdAndEpochAreDroppedBeforeV5LikeKafka() {
        EndTxnResponse withId = new EndTxnResponse(1, (short) 0, 99L, (short) 3);
        for (short v = 0; v < 5; v++) {
            short version = v;
            byte[] ours = Bytes.ours(w -> withId.write(w, version));
            assertThat(Bytes.hex(ours)).isEqualTo(Bytes.hex(Bytes.kafka(Kafka.of(withId), v)));
            assertThat(EndTxnResponse.read(Bytes.reader(ours), v)).isEqualTo(EndTxnResponse.of(1, (short) 0));
        }
    }

    @Test
    void unknownTaggedFieldsAreSkipped() {
        for (short v = 3; v <= 5; v++) {
            EndTxnResponseData data = Kafka.of(Samples.endTxnResponse(v));
            data.unknownTaggedFields().add(new RawTaggedField(0, new byte[] {1, 2, 3}));
            data.unknownTaggedFields().add(new RawTaggedField(1000, new byte[300]));
            assertThat(EndTxnResponse.read(Bytes.reader(Bytes.kafka(data, v)), v)).isEqualTo(Samples.endTxnResponse(v));
            EndTxnRequest request = Samples.endTxnRequests().get(1);
            EndTxnRequestData requestData = Kafka.of(request);
            requestData.unknownTaggedFields().add(new RawTaggedField(7, new byte[] {7}));
            assertThat(EndTxnRequest.read(Bytes.reader(Bytes.kafka(requestData, v)), v)).isEqualTo(request);
        }
    }

    @Test
    void toStringIsUsefulForLogs() {
        assertThat(Samples.endTxnRequests().get(0).toString()).startsWith("EndTxnRequest(commit, ");
        assertThat(Samples.endTxnRequests().get(1).toString()).startsWith("EndTxnRequest(abort, ");
        assertThat(Samples.endTxnResponse((short) 5).toString()).contains("producerId=4243, producerEpoch=0");
        assertThat(EndTxnResponse.of(0, Errors.PRODUCER_FENCED.code()).toString()).contains("PRODUCER_FENCED (90)")
                .doesNotContain("producerId");
    }
}

package io.samsa.protocol;

import io.samsa.common.errors.Errors;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class AddOffsetsToTxnGoldenTest {

    static Stream<Short> versions() {
        return Samples.versions(ApiKey.ADD_OFFSETS_TO_TXN);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestsMatchKafka(short v) {
        for (AddOffsetsToTxnRequest request : Samples.addOffsetsToTxnRequests()) {
            byte[] ours = Bytes.ours(w -> request.write(w, v));
            byte[] kafka = Bytes.kafka(Kafka.of(request), v);
            assertThat(Bytes.hex(ours)).as("v%d %s", v, request).isEqualTo(Bytes.hex(kafka));
            assertThat(AddOffsetsToTxnRequest.read(Bytes.reader(kafka), v)).isEqualTo(request);
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseDecodesWhatKafkaEncodesAndEncodesTheSame(short v) {
        AddOffsetsToTxnResponse expected = Samples.addOffsetsToTxnResponse();
        byte[] kafka = Bytes.kafka(Kafka.of(expected), v);
        AddOffsetsToTxnResponse read = Samples.addOffsetsToTxnRequests().get(0).readResponse(Bytes.reader(kafka), v);
        assertThat(read).isEqualTo(expected);
        assertThat(read.error()).isEqualTo(Errors.GROUP_AUTHORIZATION_FAILED);
        assertThat(read.throttleTimeMs()).isEqualTo(40);
        assertThat(Bytes.hex(Bytes.ours(w -> expected.write(w, v)))).isEqualTo(Bytes.hex(kafka));

        for (Errors error : List.of(Errors.NONE, Errors.CONCURRENT_TRANSACTIONS, Errors.PRODUCER_FENCED,
                Errors.TRANSACTION_ABORTABLE)) {
            byte[] bytes = Bytes.kafka(new AddOffsetsToTxnResponseData().setErrorCode(error.code()), v);
            assertThat(AddOffsetsToTxnResponse.read(Bytes.reader(bytes), v).error()).isEqualTo(error);
        }
    }

    @Test
    void unknownTaggedFieldsAreSkipped() {
        for (short v = 3; v <= 4; v++) {
            AddOffsetsToTxnResponseData data = Kafka.of(Samples.addOffsetsToTxnResponse());
            data.unknownTaggedFields().add(new RawTaggedField(0, new byte[] {1, 2, 3}));
            data.unknownTaggedFields().add(new RawTaggedField(200, new byte[130]));
            assertThat(AddOffsetsToTxnResponse.read(Bytes.reader(Bytes.kafka(data, v)), v))
                    .isEqualTo(Samples.addOffsetsToTxnResponse());
            AddOffsetsToTxnRequest request = Samples.addOffsetsToTxnRequests().get(0);
            AddOffsetsToTxnRequestData requestData = Kafka.of(request);
            requestData.unknownTaggedFields().add(new RawTaggedField(3, new byte[] {7}));
            assertThat(AddOffsetsToTxnRequest.read(Bytes.reader(Bytes.kafka(requestData, v)), v)).isEqualTo(request);
        }
    }

    @Test
    void toStringNamesTheError() {
        assertThat(Samples.addOffsetsToTxnResponse().toString()).contains("GROUP_AUTHORIZATION_FAILED (30)");
    }
}

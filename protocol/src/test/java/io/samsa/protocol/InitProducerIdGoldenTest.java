package io.samsa.protocol;

import io.samsa.common.errors.Errors;
import io.samsa.common.errors.UnsupportedVersionException;
import io.samsa.protocol.types.ProtocolWriter;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InitProducerIdGoldenTest {

    static Stream<Short> versions() {
        return Samples.versions(ApiKey.INIT_PRODUCER_ID);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestsMatchKafka(short v) {
        for (InitProducerIdRequest request : Samples.initProducerIdRequests(v)) {
            byte[] ours = Bytes.ours(w -> request.write(w, v));
            byte[] kafka = Bytes.kafka(Kafka.of(request), v);
            assertThat(Bytes.hex(ours)).as("v%d %s", v, request).isEqualTo(Bytes.hex(kafka));
            assertThat(InitProducerIdRequest.read(Bytes.reader(kafka), v)).isEqualTo(request);
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseDecodesWhatKafkaEncodesAndEncodesTheSame(short v) {
        InitProducerIdResponse expected = Samples.initProducerIdResponse(v);
        byte[] kafka = Bytes.kafka(Kafka.of(expected), v);
        assertThat(InitProducerIdRequest.idempotent().readResponse(Bytes.reader(kafka), v)).isEqualTo(expected);
        assertThat(Bytes.hex(Bytes.ours(w -> expected.write(w, v)))).isEqualTo(Bytes.hex(kafka));

        InitProducerIdResponse fenced = new InitProducerIdResponse(0, Errors.PRODUCER_FENCED.code(), -1L, (short) -1);
        assertThat(InitProducerIdResponse.read(Bytes.reader(Bytes.kafka(Kafka.of(fenced), v)), v).error())
                .isEqualTo(Errors.PRODUCER_FENCED);
    }

    @Test
    void epochBumpCannotBeExpressedBeforeV3() {
        InitProducerIdRequest bump = new InitProducerIdRequest("t", 1000, 5L, (short) 1);
        assertThatThrownBy(() -> bump.write(new ProtocolWriter(8), (short) 2))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("v3+");
    }

    @Test
    void idempotentDefaults() {
        InitProducerIdRequest r = InitProducerIdRequest.idempotent();
        assertThat(r.transactionalId()).isNull();
        assertThat(r.transactionTimeoutMs()).isEqualTo(Integer.MAX_VALUE);
        assertThat(r.producerId()).isEqualTo(-1L);
        assertThat(r.producerEpoch()).isEqualTo((short) -1);
        assertThat(Bytes.hex(Bytes.ours(w -> r.write(w, (short) 5))))
                .isEqualTo("00" + "7fffffff" + "ffffffffffffffff" + "ffff" + "00");
    }

    @Test
    void unknownTaggedFieldsAreSkipped() {
        InitProducerIdResponseData data = Kafka.of(Samples.initProducerIdResponse((short) 4));
        data.unknownTaggedFields().add(new RawTaggedField(0, new byte[] {1, 2, 3, 4}));
        data.unknownTaggedFields().add(new RawTaggedField(77, new byte[] {5}));
        byte[] kafka = Bytes.kafka(data, (short) 4);
        assertThat(InitProducerIdResponse.read(Bytes.reader(kafka), (short) 4))
                .isEqualTo(Samples.initProducerIdResponse((short) 4));
    }
}

package io.samsa.protocol;

import io.samsa.common.TopicPartition;
import io.samsa.common.errors.Errors;
import io.samsa.common.errors.UnsupportedVersionException;
import io.samsa.protocol.types.ProtocolWriter;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class AddPartitionsToTxnGoldenTest {

    static Stream<Short> versions() {
        return Samples.versions(ApiKey.ADD_PARTITIONS_TO_TXN);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestsMatchKafka(short v) {
        for (AddPartitionsToTxnRequest request : Samples.addPartitionsToTxnRequests()) {
            byte[] ours = Bytes.ours(w -> request.write(w, v));
            byte[] kafka = Bytes.kafka(Kafka.of(request), v);
            assertThat(Bytes.hex(ours)).as("v%d %s", v, request).isEqualTo(Bytes.hex(kafka));
            assertThat(AddPartitionsToTxnRequest.read(Bytes.reader(kafka), v)).isEqualTo(request);
        }
    }

    /** Apache's client-side builder (one topic, so its hash-map grouping has only one order) writes the same. */
    @ParameterizedTest
    @MethodSource("versions")
    void apacheClientBuilderWritesTheSameBytes(short v) {
        AddPartitionsToTxnRequest ours = AddPartitionsToTxnRequest.of("txn", 42L, (short) 3,
                List.of(new TopicPartition("orders", 0), new TopicPartition("orders", 5)));
        byte[] apache = Bytes.kafka(org.apache.kafka.common.requests.AddPartitionsToTxnRequest.Builder.forClient(
                "txn", 42L, (short) 3, List.of(new org.apache.kafka.common.TopicPartition("orders", 0),
                        new org.apache.kafka.common.TopicPartition("orders", 5))).build(v).data(), v);
        assertThat(Bytes.hex(Bytes.ours(w -> ours.write(w, v)))).isEqualTo(Bytes.hex(apache));
    }

    @Test
    void ofGroupsPartitionsByTopicInFirstSeenOrder() {
        AddPartitionsToTxnRequest r = AddPartitionsToTxnRequest.of("t", 1L, (short) 0, List.of(
                new TopicPartition("b", 1), new TopicPartition("a", 0), new TopicPartition("b", 0)));
        assertThat(r.topics()).containsExactly(new AddPartitionsToTxnRequest.Topic("b", List.of(1, 0)),
                new AddPartitionsToTxnRequest.Topic("a", List.of(0)));
    }

    /** v4+ is the brokers' batched verification message: not ours to write. */
    @Test
    void brokerVersionsAreRefused() {
        AddPartitionsToTxnRequest r = Samples.addPartitionsToTxnRequests().get(0);
        assertThatThrownBy(() -> r.write(new ProtocolWriter(8), (short) 4))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("AddPartitionsToTxn(24) v4").hasMessageContaining("v0..3");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseDecodesWhatKafkaEncodesAndEncodesTheSame(short v) {
        AddPartitionsToTxnResponse expected = Samples.addPartitionsToTxnResponse();
        byte[] kafka = Bytes.kafka(Kafka.of(expected), v);

        AddPartitionsToTxnResponse read = Samples.addPartitionsToTxnRequests().get(0)
                .readResponse(Bytes.reader(kafka), v);
        assertThat(read).isEqualTo(expected);
        assertThat(read.throttleTimeMs()).isEqualTo(30);
        Map<TopicPartition, Errors> errors = read.errors();
        assertThat(errors).containsExactly(
                entry(new TopicPartition("orders", 0), Errors.NONE),
                entry(new TopicPartition("orders", 3), Errors.TOPIC_AUTHORIZATION_FAILED),
                entry(new TopicPartition("orders", 7), Errors.OPERATION_NOT_ATTEMPTED),
                entry(new TopicPartition("ünïcødé-topic", 2), Errors.CONCURRENT_TRANSACTIONS));
        assertThat(errors.get(new TopicPartition("ünïcødé-topic", 2)).retriable()).isTrue();

        assertThat(Bytes.hex(Bytes.ours(w -> expected.write(w, v)))).isEqualTo(Bytes.hex(kafka));
    }

    @Test
    void unknownTaggedFieldsAreSkipped() {
        short v = 3;
        AddPartitionsToTxnResponse expected = Samples.addPartitionsToTxnResponse();
        AddPartitionsToTxnResponseData data = Kafka.of(expected);
        data.unknownTaggedFields().add(new RawTaggedField(0, new byte[] {1, 2, 3}));
        AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult topic =
                data.resultsByTopicV3AndBelow().iterator().next();
        topic.unknownTaggedFields().add(new RawTaggedField(2, new byte[150]));
        topic.resultsByPartition().iterator().next().unknownTaggedFields().add(new RawTaggedField(9, new byte[0]));
        assertThat(AddPartitionsToTxnResponse.read(Bytes.reader(Bytes.kafka(data, v)), v)).isEqualTo(expected);

        AddPartitionsToTxnRequest request = Samples.addPartitionsToTxnRequests().get(0);
        AddPartitionsToTxnRequestData requestData = Kafka.of(request);
        requestData.unknownTaggedFields().add(new RawTaggedField(4, new byte[] {4}));
        requestData.v3AndBelowTopics().iterator().next().unknownTaggedFields().add(new RawTaggedField(1, new byte[2]));
        assertThat(AddPartitionsToTxnRequest.read(Bytes.reader(Bytes.kafka(requestData, v)), v)).isEqualTo(request);
    }

    @Test
    void toStringIsUsefulForLogs() {
        assertThat(Samples.addPartitionsToTxnRequests().get(0).toString())
                .contains("producerId=123456789012", "orders[0, 3, 7]");
        assertThat(Samples.addPartitionsToTxnResponse().toString())
                .contains("orders[0=NONE (0), 3=TOPIC_AUTHORIZATION_FAILED (29), 7=OPERATION_NOT_ATTEMPTED (55)]");
    }
}

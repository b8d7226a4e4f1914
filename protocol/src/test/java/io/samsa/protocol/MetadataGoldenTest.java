package io.samsa.protocol;

import io.samsa.common.errors.Errors;
import io.samsa.common.errors.UnsupportedVersionException;
import io.samsa.protocol.types.ProtocolWriter;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataGoldenTest {

    static Stream<Short> versions() {
        return Samples.versions(ApiKey.METADATA);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestsMatchKafka(short v) {
        for (MetadataRequest request : Samples.metadataRequests(v)) {
            byte[] ours = Bytes.ours(w -> request.write(w, v));
            byte[] kafka = Bytes.kafka(Kafka.of(request), v);
            assertThat(Bytes.hex(ours)).as("v%d %s", v, request).isEqualTo(Bytes.hex(kafka));
            assertThat(MetadataRequest.read(Bytes.reader(kafka), v)).as("v%d %s", v, request)
                    .isEqualTo(Samples.metadataRequestAsRead(request, v));
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseDecodesWhatKafkaEncodesAndEncodesTheSame(short v) {
        MetadataResponse expected = Samples.metadataResponse(v);
        byte[] kafka = Bytes.kafka(Kafka.of(expected), v);

        MetadataResponse read = MetadataRequest.allTopics(true).readResponse(Bytes.reader(kafka), v);
        assertThat(read).isEqualTo(expected);
        MetadataResponse.Partition p0 = read.topic("orders").partitions().get(0);
        assertThat(p0.leaderEpoch()).isEqualTo(v >= 7 ? 5 : -1);
        assertThat(p0.offlineReplicas()).isEqualTo(v >= 5 ? List.of(3) : List.of());
        assertThat(read.topic("orders").topicId()).isEqualTo(v >= 10 ? Samples.ORDERS_ID : MessageCodec.ZERO_UUID);
        assertThat(read.error()).isEqualTo(v >= 13 ? Errors.REBOOTSTRAP_REQUIRED : Errors.NONE);
        assertThat(read.throttleTimeMs()).isEqualTo(100);

        assertThat(Bytes.hex(Bytes.ours(w -> expected.write(w, v)))).isEqualTo(Bytes.hex(kafka));
    }

    @Test
    void nullClusterIdAndRack() {
        for (short v = 4; v <= 13; v++) {
            MetadataResponse r = new MetadataResponse(0, List.of(new MetadataResponse.Broker(0, "h", 1, null)),
                    null, -1, List.of(), v >= 8 && v <= 10 ? 0 : MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED,
                    (short) 0);
            byte[] kafka = Bytes.kafka(Kafka.of(r), v);
            assertThat(MetadataResponse.read(Bytes.reader(kafka), v)).isEqualTo(r);
        }
    }

    @Test
    void unknownTaggedFieldsAreSkipped() {
        short v = 12;
        MetadataResponse expected = Samples.metadataResponse(v);
        MetadataResponseData data = Kafka.of(expected);
        data.unknownTaggedFields().add(new RawTaggedField(0, new byte[] {1, 2}));
        data.brokers().iterator().next().unknownTaggedFields().add(new RawTaggedField(3, new byte[300]));
        MetadataResponseData.MetadataResponseTopic topic = data.topics().iterator().next();
        topic.unknownTaggedFields().add(new RawTaggedField(1, new byte[] {7}));
        topic.partitions().get(0).unknownTaggedFields().add(new RawTaggedField(2, new byte[] {8, 8}));
        byte[] kafka = Bytes.kafka(data, v);
        assertThat(MetadataResponse.read(Bytes.reader(kafka), v)).isEqualTo(expected);
    }

    @Test
    void fieldsAVersionCannotCarryAreRefusedNotDropped() {
        MetadataRequest cluster = new MetadataRequest(null, true, true, false);
        assertThatThrownBy(() -> cluster.write(new ProtocolWriter(8), (short) 11))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("v8-10");
        assertThatThrownBy(() -> cluster.write(new ProtocolWriter(8), (short) 7))
                .isInstanceOf(UnsupportedVersionException.class);
        MetadataRequest topicOps = new MetadataRequest(null, true, false, true);
        assertThatThrownBy(() -> topicOps.write(new ProtocolWriter(8), (short) 7))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("v8+");
        MetadataRequest byId = new MetadataRequest(List.of(new MetadataRequest.Topic(Samples.ORDERS_ID, null)),
                true, false, false);
        assertThatThrownBy(() -> byId.write(new ProtocolWriter(8), (short) 9))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("v10+");
    }

    @Test
    void nullTopicsMeansAllAndEmptyMeansNone() {
        assertThat(Bytes.hex(Bytes.ours(w -> MetadataRequest.allTopics(true).write(w, (short) 4))))
                .isEqualTo("ffffffff01");
        assertThat(Bytes.hex(Bytes.ours(w -> MetadataRequest.allTopics(true).write(w, (short) 12))))
                .isEqualTo("00" + "01" + "00" + "00");
        assertThat(Bytes.hex(Bytes.ours(w -> MetadataRequest.forTopics(List.of(), false).write(w, (short) 12))))
                .isEqualTo("01" + "00" + "00" + "00");
        assertThat(MetadataRequest.allTopics(true).toString()).contains("ALL");
    }
}

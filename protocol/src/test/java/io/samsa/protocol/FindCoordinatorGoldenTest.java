package io.samsa.protocol;

import io.samsa.common.Node;
import io.samsa.common.errors.Errors;
import io.samsa.common.errors.UnsupportedVersionException;
import io.samsa.protocol.types.ProtocolWriter;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FindCoordinatorGoldenTest {

    static Stream<Short> versions() {
        return Samples.versions(ApiKey.FIND_COORDINATOR);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestsMatchKafka(short v) {
        for (FindCoordinatorRequest request : Samples.findCoordinatorRequests(v)) {
            byte[] ours = Bytes.ours(w -> request.write(w, v));
            byte[] kafka = Bytes.kafka(Kafka.of(request, v), v);
            assertThat(Bytes.hex(ours)).as("v%d %s", v, request).isEqualTo(Bytes.hex(kafka));
            assertThat(FindCoordinatorRequest.read(Bytes.reader(kafka), v)).isEqualTo(request);
        }
    }

    /** Apache's request builder moves a single key between the v0-3 and v4+ fields the way we write it. */
    @ParameterizedTest
    @MethodSource("versions")
    void apacheBuilderWritesTheSameBytesForOneKey(short v) {
        for (FindCoordinatorRequest request : Samples.findCoordinatorRequests(v)) {
            if (request.keys().size() != 1) {
                continue;
            }
            FindCoordinatorRequestData data = new FindCoordinatorRequestData().setKeyType(request.keyType())
                    .setCoordinatorKeys(List.of(request.keys().get(0)));
            byte[] apache = Bytes.kafka(new org.apache.kafka.common.requests.FindCoordinatorRequest.Builder(data)
                    .build(v).data(), v);
            assertThat(Bytes.hex(Bytes.ours(w -> request.write(w, v)))).as("v%d %s", v, request)
                    .isEqualTo(Bytes.hex(apache));
        }
    }

    @Test
    void batchedKeysNeedV4() {
        FindCoordinatorRequest two = new FindCoordinatorRequest(FindCoordinatorRequest.KEY_TYPE_TRANSACTION,
                List.of("a", "b"));
        for (short v = 0; v < 4; v++) {
            short version = v;
            assertThatThrownBy(() -> two.write(new ProtocolWriter(8), version))
                    .isInstanceOf(UnsupportedVersionException.class)
                    .hasMessageContaining("FindCoordinator v" + v + " looks up exactly one key")
                    .hasMessageContaining("has 2").hasMessageContaining("v4+ (KIP-699)");
            FindCoordinatorRequestData data = new FindCoordinatorRequestData().setKeyType((byte) 1)
                    .setCoordinatorKeys(List.of("a", "b"));
            assertThatThrownBy(() -> new org.apache.kafka.common.requests.FindCoordinatorRequest.Builder(data)
                    .build(version)).isInstanceOf(org.apache.kafka.common.errors.UnsupportedVersionException.class);
        }
        FindCoordinatorRequest none = new FindCoordinatorRequest(FindCoordinatorRequest.KEY_TYPE_GROUP, List.of());
        assertThatThrownBy(() -> none.write(new ProtocolWriter(8), (short) 3))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("has 0");
        two.write(new ProtocolWriter(8), (short) 4); // no error
        none.write(new ProtocolWriter(8), (short) 4);
    }

    /** v0 has no key type: written as v0, a transactional id would be looked up as a group id. */
    @Test
    void transactionKeysNeedV1LikeKafka() {
        FindCoordinatorRequest txn = FindCoordinatorRequest.transaction("t");
        assertThatThrownBy(() -> txn.write(new ProtocolWriter(8), (short) 0))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("key type transaction (1) needs v1+");
        assertThatThrownBy(() -> Bytes.kafka(Kafka.of(txn, (short) 0), (short) 0))
                .isInstanceOf(org.apache.kafka.common.errors.UnsupportedVersionException.class);
        assertThat(Bytes.hex(Bytes.ours(w -> txn.write(w, (short) 1)))).isEqualTo("0001" + "74" + "01");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseDecodesWhatKafkaEncodesAndEncodesTheSame(short v) {
        boolean batched = v >= FindCoordinatorRequest.MIN_BATCHED_VERSION;
        FindCoordinatorRequest request = batched
                ? new FindCoordinatorRequest((byte) 1, List.of("txn-a", Samples.UNICODE, ""))
                : FindCoordinatorRequest.group("group-1");
        FindCoordinatorResponse expected = Samples.findCoordinatorResponse(v, batched ? null : "group-1");
        byte[] kafka = Bytes.kafka(Kafka.of(expected, v), v);

        FindCoordinatorResponse read = request.readResponse(Bytes.reader(kafka), v);
        assertThat(read).isEqualTo(expected);
        assertThat(read.throttleTimeMs()).isEqualTo(v >= 1 ? 25 : 0);
        if (batched) {
            assertThat(read.coordinators()).hasSize(3);
            assertThat(read.coordinator("txn-a").node()).isEqualTo(new Node(2, "broker-2.example", 9092));
            assertThat(read.coordinator("txn-a").error()).isEqualTo(Errors.NONE);
            assertThat(read.coordinator(Samples.UNICODE).error()).isEqualTo(Errors.NOT_COORDINATOR);
            assertThat(read.coordinator(Samples.UNICODE).errorMessage()).endsWith("ü");
            assertThat(read.coordinator("").error()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
            assertThat(read.coordinator("txn-b")).isNull();
        } else {
            // One key, top-level fields: the same list of one result, keyed by the request's key.
            assertThat(read.coordinators()).hasSize(1);
            assertThat(read.coordinator("group-1").node()).isEqualTo(new Node(2, "broker-2.example", 9092));
            assertThat(read.coordinator("group-1").errorMessage()).isEqualTo(v >= 1 ? "" : null);
            FindCoordinatorResponse keyless = FindCoordinatorResponse.read(Bytes.reader(kafka), v);
            assertThat(keyless.coordinators().get(0).key()).isNull();
            assertThat(keyless.coordinator("whatever")).isSameAs(keyless.coordinators().get(0));
        }

        assertThat(Bytes.hex(Bytes.ours(w -> expected.write(w, v)))).isEqualTo(Bytes.hex(kafka));
    }

    @ParameterizedTest
    @MethodSource("versions")
    void errorCodesMapThroughErrors(short v) {
        FindCoordinatorResponse error = Samples.findCoordinatorErrorResponse(v, "t");
        byte[] kafka = Bytes.kafka(Kafka.of(error, v), v);
        FindCoordinatorResponse read = FindCoordinatorRequest.group("t").readResponse(Bytes.reader(kafka), v);
        assertThat(read).isEqualTo(error);
        FindCoordinatorResponse.Coordinator c = read.coordinator("t");
        assertThat(c.error()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(c.error().retriable()).isTrue();
        assertThat(c.nodeId()).isEqualTo(-1);
    }

    /** v0 has no throttle time or error message: dropped on writing, as Kafka's generated class does. */
    @Test
    void v0DropsThrottleAndMessageLikeKafka() {
        FindCoordinatorResponse rich = new FindCoordinatorResponse(7, List.of(
                new FindCoordinatorResponse.Coordinator("g", 1, "h", 2, (short) 15, "msg")));
        byte[] ours = Bytes.ours(w -> rich.write(w, (short) 0));
        assertThat(Bytes.hex(ours)).isEqualTo(Bytes.hex(Bytes.kafka(Kafka.of(rich, (short) 0), (short) 0)));
        assertThat(Bytes.hex(ours)).isEqualTo("000f" + "00000001" + "0001" + "68" + "00000002");
        assertThat(FindCoordinatorRequest.group("g").readResponse(Bytes.reader(ours), (short) 0)).isEqualTo(
                new FindCoordinatorResponse(0, List.of(
                        new FindCoordinatorResponse.Coordinator("g", 1, "h", 2, (short) 15, null))));
    }

    @Test
    void aV3ResponseHoldsExactlyOneResult() {
        FindCoordinatorResponse two = Samples.findCoordinatorResponse((short) 4, null);
        assertThatThrownBy(() -> two.write(new ProtocolWriter(8), (short) 3))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("exactly one key");
    }

    @Test
    void unknownTaggedFieldsAreSkipped() {
        for (short v : new short[] {3, 6}) {
            String key = v == 3 ? "group-1" : null;
            FindCoordinatorResponse expected = Samples.findCoordinatorResponse(v, key);
            FindCoordinatorResponseData data = Kafka.of(expected, v);
            data.unknownTaggedFields().add(new RawTaggedField(0, new byte[] {1, 2, 3}));
            data.unknownTaggedFields().add(new RawTaggedField(300, new byte[200]));
            for (FindCoordinatorResponseData.Coordinator c : data.coordinators()) {
                c.unknownTaggedFields().add(new RawTaggedField(5, new byte[] {9}));
            }
            byte[] kafka = Bytes.kafka(data, v);
            assertThat(FindCoordinatorResponse.read(Bytes.reader(kafka), v, key)).as("v%d", v).isEqualTo(expected);
        }
        FindCoordinatorRequestData request = Kafka.of(FindCoordinatorRequest.transaction("t"), (short) 6);
        request.unknownTaggedFields().add(new RawTaggedField(1, new byte[] {4}));
        assertThat(FindCoordinatorRequest.read(Bytes.reader(Bytes.kafka(request, (short) 6)), (short) 6))
                .isEqualTo(FindCoordinatorRequest.transaction("t"));
    }

    @Test
    void toStringIsUsefulForLogs() {
        assertThat(FindCoordinatorRequest.transaction("tx").toString())
                .isEqualTo("FindCoordinatorRequest(keyType=transaction (1), keys=[tx])");
        assertThat(Samples.findCoordinatorResponse((short) 4, null).toString())
                .contains("txn-a -> 2@broker-2.example:9092", "NOT_COORDINATOR (16)", "COORDINATOR_NOT_AVAILABLE (15)");
    }
}

package io.samsa.protocol;

import io.samsa.common.TopicPartition;
import io.samsa.common.errors.Errors;
import io.samsa.common.errors.UnsupportedVersionException;
import io.samsa.protocol.types.ProtocolWriter;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.apache.kafka.common.requests.TxnOffsetCommitRequest.CommittedOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class TxnOffsetCommitGoldenTest {

    static Stream<Short> versions() {
        return Samples.versions(ApiKey.TXN_OFFSET_COMMIT);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestsMatchKafka(short v) {
        for (TxnOffsetCommitRequest request : Samples.txnOffsetCommitRequests(v)) {
            byte[] ours = Bytes.ours(w -> request.write(w, v));
            byte[] kafka = Bytes.kafka(Kafka.of(request), v);
            assertThat(Bytes.hex(ours)).as("v%d %s", v, request).isEqualTo(Bytes.hex(kafka));
            assertThat(TxnOffsetCommitRequest.read(Bytes.reader(kafka), v))
                    .isEqualTo(Samples.txnOffsetCommitRequestAsRead(request, v));
        }
    }

    /** Apache's builder (one partition, so its hash-map grouping has only one order) writes the same bytes. */
    @ParameterizedTest
    @MethodSource("versions")
    void apacheBuilderWritesTheSameBytes(short v) {
        Map<org.apache.kafka.common.TopicPartition, CommittedOffset> offsets = Map.of(
                new org.apache.kafka.common.TopicPartition("orders", 4), new CommittedOffset(77L, "m", Optional.of(3)));
        TxnOffsetCommitRequest plain = TxnOffsetCommitRequest.builder("txn", "group", 5L, (short) 1)
                .add("orders", 4, 77L, 3, "m").build();
        byte[] apache = Bytes.kafka(new org.apache.kafka.common.requests.TxnOffsetCommitRequest.Builder("txn", "group",
                5L, (short) 1, offsets, true).build(v).data(), v);
        assertThat(Bytes.hex(Bytes.ours(w -> plain.write(w, v)))).isEqualTo(Bytes.hex(apache));

        TxnOffsetCommitRequest fenced = TxnOffsetCommitRequest.builder("txn", "group", 5L, (short) 1)
                .groupMetadata(9, "member", "instance").add("orders", 4, 77L, 3, "m").build();
        org.apache.kafka.common.requests.TxnOffsetCommitRequest.Builder apacheFenced =
                new org.apache.kafka.common.requests.TxnOffsetCommitRequest.Builder("txn", "group", 5L, (short) 1,
                        offsets, "member", 9, Optional.of("instance"), true);
        if (v >= 3) {
            assertThat(Bytes.hex(Bytes.ours(w -> fenced.write(w, v))))
                    .isEqualTo(Bytes.hex(Bytes.kafka(apacheFenced.build(v).data(), v)));
        } else {
            // Both refuse rather than drop the fencing fields.
            assertThatThrownBy(() -> fenced.write(new ProtocolWriter(8), v))
                    .isInstanceOf(UnsupportedVersionException.class);
            assertThatThrownBy(() -> apacheFenced.build(v))
                    .isInstanceOf(org.apache.kafka.common.errors.UnsupportedVersionException.class);
        }
    }

    /** Each KIP-447 field alone makes a request unwritable below v3, as in Kafka's generated class. */
    @Test
    void groupMetadataBelowV3IsRefusedNotDropped() {
        List<TxnOffsetCommitRequest> withMetadata = List.of(
                TxnOffsetCommitRequest.builder("t", "g", 1L, (short) 0).groupMetadata(0, "", null).build(),
                TxnOffsetCommitRequest.builder("t", "g", 1L, (short) 0).groupMetadata(-1, "m", null).build(),
                TxnOffsetCommitRequest.builder("t", "g", 1L, (short) 0).groupMetadata(-1, "", "").build());
        for (TxnOffsetCommitRequest r : withMetadata) {
            assertThat(r.hasGroupMetadata()).isTrue();
            for (short v = 0; v < 3; v++) {
                short version = v;
                assertThatThrownBy(() -> r.write(new ProtocolWriter(8), version))
                        .isInstanceOf(UnsupportedVersionException.class)
                        .hasMessageContaining("TxnOffsetCommit v" + v + " cannot carry the consumer's group metadata")
                        .hasMessageContaining("v3+ (KIP-447");
                assertThatThrownBy(() -> Bytes.kafka(Kafka.of(r), version))
                        .isInstanceOf(org.apache.kafka.common.errors.UnsupportedVersionException.class);
            }
        }
        assertThat(TxnOffsetCommitRequest.builder("t", "g", 1L, (short) 0).build().hasGroupMetadata()).isFalse();
    }

    /** The leader epoch is ignorable: below v2 it is dropped, as Kafka's generated class drops it. */
    @Test
    void leaderEpochIsDroppedBelowV2() {
        TxnOffsetCommitRequest r = TxnOffsetCommitRequest.builder("t", "g", 1L, (short) 0)
                .add("orders", 0, 5L, 12, null).build();
        for (short v = 0; v < 2; v++) {
            short version = v;
            byte[] ours = Bytes.ours(w -> r.write(w, version));
            assertThat(Bytes.hex(ours)).isEqualTo(Bytes.hex(Bytes.kafka(Kafka.of(r), v)));
            assertThat(TxnOffsetCommitRequest.read(Bytes.reader(ours), v).topics().get(0).partitions().get(0)
                    .committedLeaderEpoch()).isEqualTo(-1);
        }
    }

    @Test
    void lastVersionBeforeTransactionV2IsApaches() {
        assertThat(TxnOffsetCommitRequest.LAST_VERSION_BEFORE_TRANSACTION_V2).isEqualTo(
                org.apache.kafka.common.requests.TxnOffsetCommitRequest.LAST_STABLE_VERSION_BEFORE_TRANSACTION_V2);
    }

    @Test
    void builderGroupsOffsetsByTopicInFirstSeenOrder() {
        TxnOffsetCommitRequest r = Samples.txnOffsetCommitRequests((short) 5).get(0);
        assertThat(r.topics()).extracting(TxnOffsetCommitRequest.Topic::name).containsExactly("orders", "clicks");
        assertThat(r.topics().get(0).partitions()).extracting(TxnOffsetCommitRequest.Partition::partitionIndex)
                .containsExactly(0, 3, 7);
        assertThat(r.generationId()).isEqualTo(-1);
        assertThat(r.memberId()).isEmpty();
        assertThat(r.groupInstanceId()).isNull();
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseDecodesWhatKafkaEncodesAndEncodesTheSame(short v) {
        TxnOffsetCommitResponse expected = Samples.txnOffsetCommitResponse(v);
        byte[] kafka = Bytes.kafka(Kafka.of(expected), v);
        TxnOffsetCommitResponse read = Samples.txnOffsetCommitRequests(v).get(0).readResponse(Bytes.reader(kafka), v);
        assertThat(read).isEqualTo(expected);
        assertThat(read.throttleTimeMs()).isEqualTo(60);
        assertThat(read.errors()).containsExactly(
                entry(new TopicPartition("orders", 0), Errors.NONE),
                entry(new TopicPartition("orders", 3), v >= 3 ? Errors.ILLEGAL_GENERATION : Errors.NOT_COORDINATOR),
                entry(new TopicPartition("orders", 7), v >= 3 ? Errors.FENCED_INSTANCE_ID
                        : Errors.CONCURRENT_TRANSACTIONS),
                entry(new TopicPartition("ünïcødé-topic", 1), Errors.GROUP_AUTHORIZATION_FAILED));
        assertThat(Bytes.hex(Bytes.ours(w -> expected.write(w, v)))).isEqualTo(Bytes.hex(kafka));
    }

    @Test
    void unknownTaggedFieldsAreSkipped() {
        for (short v = 3; v <= 5; v++) {
            TxnOffsetCommitResponse expected = Samples.txnOffsetCommitResponse(v);
            TxnOffsetCommitResponseData data = Kafka.of(expected);
            data.unknownTaggedFields().add(new RawTaggedField(0, new byte[] {1, 2, 3}));
            data.topics().get(0).unknownTaggedFields().add(new RawTaggedField(4, new byte[140]));
            data.topics().get(0).partitions().get(1).unknownTaggedFields().add(new RawTaggedField(1, new byte[0]));
            assertThat(TxnOffsetCommitResponse.read(Bytes.reader(Bytes.kafka(data, v)), v)).isEqualTo(expected);

            TxnOffsetCommitRequest request = Samples.txnOffsetCommitRequests(v).get(2);
            TxnOffsetCommitRequestData requestData = Kafka.of(request);
            requestData.unknownTaggedFields().add(new RawTaggedField(2, new byte[] {2}));
            requestData.topics().get(0).unknownTaggedFields().add(new RawTaggedField(3, new byte[] {3}));
            requestData.topics().get(0).partitions().get(0).unknownTaggedFields()
                    .add(new RawTaggedField(5, new byte[] {5, 5}));
            assertThat(TxnOffsetCommitRequest.read(Bytes.reader(Bytes.kafka(requestData, v)), v)).isEqualTo(request);
        }
    }

    @Test
    void toStringIsUsefulForLogs() {
        assertThat(Samples.txnOffsetCommitRequests((short) 5).get(2).toString())
                .contains("generationId=17", "memberId=member-1-ü", "orders[2@9 epoch=1 metadata=\"x\"]");
        assertThat(Samples.txnOffsetCommitRequests((short) 5).get(0).toString()).doesNotContain("generationId");
        assertThat(Samples.txnOffsetCommitResponse((short) 5).toString()).contains("3=ILLEGAL_GENERATION (22)");
    }
}

package io.samsa.protocol;

import io.samsa.common.errors.Errors;
import io.samsa.common.errors.UnsupportedVersionException;
import io.samsa.protocol.types.ProtocolWriter;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.apache.kafka.common.record.MemoryRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProduceGoldenTest {

    static Stream<Short> versions() {
        return Samples.versions(ApiKey.PRODUCE);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestMatchesKafka(short v) {
        for (boolean transactional : new boolean[] {false, true}) {
            ProduceRequest request = Samples.produceRequest(transactional);
            byte[] ours = Bytes.ours(w -> request.write(w, v));
            byte[] kafka = Bytes.kafka(Kafka.of(Samples.produceRequestAsRead(request, v)), v);
            assertThat(Bytes.hex(ours)).as("v%d transactional=%s", v, transactional).isEqualTo(Bytes.hex(kafka));

            ProduceRequest read = ProduceRequest.read(Bytes.reader(kafka), v);
            assertThat(read).isEqualTo(Samples.produceRequestAsRead(request, v));
            assertThat(read.topicData().get(0).partitions().get(1).records().remaining()).isEqualTo(5000);
            assertThat(read.topicData().get(0).partitions().get(2).records()).isNull();
        }
    }

    /** Kafka's parser reads back our records unchanged: the batch bytes go out verbatim. */
    @Test
    void kafkaReadsOurRecordsBack() {
        ProduceRequest request = Samples.produceRequest(true);
        for (short v = 3; v <= 13; v++) {
            short version = v;
            byte[] ours = Bytes.ours(w -> request.write(w, version));
            ProduceRequestData kafka = new ProduceRequestData(Bytes.kafkaReader(ours), v);
            assertThat(kafka.transactionalId()).isEqualTo(Samples.UNICODE);
            List<byte[]> records = new ArrayList<>();
            kafka.topicData().forEach(t -> t.partitionData().forEach(p -> records.add(
                    p.records() == null ? null : Bytes.toArray(((MemoryRecords) p.records()).buffer()))));
            assertThat(records).hasSize(5);
            assertThat(records.get(0)).isEqualTo(Samples.BATCH_69);
            assertThat(records.get(1)).isEqualTo(Bytes.toArray(Bytes.pattern(5100, 7).position(50).limit(5050)));
            assertThat(records.get(2)).isNull();
            assertThat(records.get(3)).isEmpty();
        }
    }

    /** The records buffer is written zero-copy and without consuming it, so a retry writes the same bytes. */
    @Test
    void writingDoesNotConsumeTheRecordsBuffers() {
        ByteBuffer big = Bytes.pattern(8000, 1);
        big.position(100);
        ProduceRequest request = ProduceRequest.builder((short) 1, 1000).add("t", null, 0, big).build();
        ProtocolWriter w1 = new ProtocolWriter(64);
        request.write(w1, (short) 9);
        ProtocolWriter w2 = new ProtocolWriter(64);
        request.write(w2, (short) 9);
        assertThat(big.position()).isEqualTo(100);
        assertThat(big.limit()).isEqualTo(8000);
        assertThat(request.topicData().get(0).partitions().get(0).records().position()).isEqualTo(100);
        assertThat(w1.toByteArray()).isEqualTo(w2.toByteArray());
        // Referenced, not copied: the writer's output has a segment that shares the batch's backing array.
        boolean shared = false;
        for (ByteBuffer b : w1.toBuffers()) {
            shared |= b.hasArray() && b.array() == big.array();
        }
        assertThat(shared).isTrue();
    }

    @Test
    void acksZeroExpectsNoResponse() {
        assertThat(ProduceRequest.builder((short) 0, 1).build().expectsResponse()).isFalse();
        assertThat(ProduceRequest.builder((short) 1, 1).build().expectsResponse()).isTrue();
        assertThat(ProduceRequest.builder((short) -1, 1).build().expectsResponse()).isTrue();
    }

    /** zstd batches need Produce v7+: older versions fail before sending, naming the setting. */
    @Test
    void zstdBatchesNeedVersion7() {
        ByteBuffer plain = io.samsa.protocol.record.RecordBatchBuilderAccess.oneRecordBatch();
        ByteBuffer zstd;
        ByteBuffer lz4;
        try (var c = io.samsa.protocol.record.compression.Compressor.create(
                io.samsa.protocol.record.compression.CompressionType.ZSTD, 3)) {
            zstd = io.samsa.protocol.record.RecordBatchBuilder.compress(plain, c);
        }
        try (var c = io.samsa.protocol.record.compression.Compressor.create(
                io.samsa.protocol.record.compression.CompressionType.LZ4, 9)) {
            lz4 = io.samsa.protocol.record.RecordBatchBuilder.compress(plain, c);
        }
        ProduceRequest withZstd = ProduceRequest.builder((short) -1, 1).add("orders", null, 0, lz4)
                .add("orders", null, 1, zstd).build();
        for (short v = 3; v < 7; v++) {
            short version = v;
            assertThatThrownBy(() -> withZstd.write(new ProtocolWriter(64), version))
                    .isInstanceOf(UnsupportedVersionException.class)
                    .hasMessageContaining("compression.type=zstd needs Produce v7+")
                    .hasMessageContaining("orders-1");
        }
        for (short v = 7; v <= 12; v++) {
            withZstd.write(new ProtocolWriter(64), v); // no error
        }
        ProduceRequest lz4Only = ProduceRequest.builder((short) -1, 1).add("orders", null, 0, lz4).build();
        lz4Only.write(new ProtocolWriter(64), (short) 3); // other codecs are fine at any version
    }

    @Test
    void topicAddressingMustSuitTheVersion() {
        ProduceRequest nameOnly = ProduceRequest.builder((short) 1, 1).add("t", null, 0, null).build();
        assertThatThrownBy(() -> nameOnly.write(new ProtocolWriter(8), (short) 13))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("by id");
        ProduceRequest idOnly = ProduceRequest.builder((short) 1, 1).add(null, Samples.ORDERS_ID, 0, null).build();
        assertThatThrownBy(() -> idOnly.write(new ProtocolWriter(8), (short) 12))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("by name");
        assertThatThrownBy(() -> nameOnly.write(new ProtocolWriter(8), (short) 2))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("v3..13");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseDecodesWhatKafkaEncodesAndEncodesTheSame(short v) {
        ProduceResponse expected = Samples.produceResponse(v);
        byte[] kafka = Bytes.kafka(Kafka.of(expected), v);

        ProduceResponse read = Samples.produceRequest(false).readResponse(Bytes.reader(kafka), v);
        assertThat(read).isEqualTo(expected);
        ProduceResponse.PartitionResponse notLeader = read.responses().get(0).partitions().get(1);
        assertThat(notLeader.error()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(notLeader.currentLeader()).isEqualTo(v >= 10 ? new ProduceResponse.LeaderIdAndEpoch(2, 17)
                : ProduceResponse.LeaderIdAndEpoch.UNKNOWN);
        assertThat(read.nodeEndpoints()).hasSize(v >= 10 ? 2 : 0);
        assertThat(read.throttleTimeMs()).isEqualTo(250);
        assertThat(read.responses().get(0).partitions().get(0).logStartOffset()).isEqualTo(v >= 5 ? 17L : -1L);

        assertThat(Bytes.hex(Bytes.ours(w -> expected.write(w, v)))).isEqualTo(Bytes.hex(kafka));
    }

    @Test
    void unknownTaggedFieldsAreSkipped() {
        short v = 11;
        ProduceResponse expected = Samples.produceResponse(v);
        ProduceResponseData data = Kafka.of(expected);
        data.unknownTaggedFields().add(new RawTaggedField(1, new byte[] {1, 2, 3}));
        ProduceResponseData.TopicProduceResponse topic = data.responses().iterator().next();
        topic.unknownTaggedFields().add(new RawTaggedField(0, new byte[] {4}));
        topic.partitionResponses().get(1).unknownTaggedFields().add(new RawTaggedField(6, new byte[129]));
        topic.partitionResponses().get(2).recordErrors().get(0).unknownTaggedFields()
                .add(new RawTaggedField(2, new byte[0]));
        byte[] kafka = Bytes.kafka(data, v);
        assertThat(ProduceResponse.read(Bytes.reader(kafka), v)).isEqualTo(expected);
    }

    /** A tag we know for newer versions is unknown (skipped) in an older flexible version. */
    @Test
    void currentLeaderTagIsIgnoredBeforeV10() {
        ProduceResponse v10 = Samples.produceResponse((short) 10);
        byte[] bytes = Bytes.ours(w -> v10.write(w, (short) 10));
        ProduceResponse asV9 = ProduceResponse.read(Bytes.reader(bytes), (short) 9);
        assertThat(asV9.nodeEndpoints()).isEmpty();
        assertThat(asV9.responses().get(0).partitions().get(1).currentLeader())
                .isEqualTo(ProduceResponse.LeaderIdAndEpoch.UNKNOWN);
    }

    @Test
    void toStringIsUsefulForLogs() {
        String s = Samples.produceRequest(true).toString();
        assertThat(s).contains("acks=-1", "orders", "5000 bytes", "69 bytes", "7=null");
        assertThat(Samples.produceResponse((short) 10).toString())
                .contains("NOT_LEADER_OR_FOLLOWER (6)", "currentLeader=2@epoch17", "broker-2.example:9092");
    }
}

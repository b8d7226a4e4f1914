package io.samsa.protocol;

import io.samsa.common.errors.Errors;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.GetTelemetrySubscriptionsRequestData;
import org.apache.kafka.common.message.GetTelemetrySubscriptionsResponseData;
import org.apache.kafka.common.message.PushTelemetryRequestData;
import org.apache.kafka.common.message.PushTelemetryResponseData;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** GetTelemetrySubscriptions and PushTelemetry (KIP-714), version 0, byte for byte against Apache Kafka's classes. */
class TelemetryGoldenTest {
    private static final short V0 = 0;
    private static final UUID INSTANCE = UUID.fromString("4a8b3c2d-1e0f-4a5b-9c8d-7e6f5a4b3c2d");

    static List<GetTelemetrySubscriptionsRequest> subscriptionRequests() {
        return List.of(new GetTelemetrySubscriptionsRequest(null), new GetTelemetrySubscriptionsRequest(INSTANCE));
    }

    static GetTelemetrySubscriptionsResponse subscriptionResponse() {
        return new GetTelemetrySubscriptionsResponse(12, (short) 0, INSTANCE, 987_654, List.of((byte) 4, (byte) 3,
                (byte) 0), 30_000, 1 << 20, true, List.of("org.apache.kafka.producer.", "ü-metric"));
    }

    static List<PushTelemetryRequest> pushRequests() {
        byte[] large = new byte[5_000];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31);
        }
        return List.of(new PushTelemetryRequest(INSTANCE, 987_654, false, (byte) 4,
                        ByteBuffer.wrap(new byte[] {10, 20, 30})),
                new PushTelemetryRequest(INSTANCE, -1, true, (byte) 0, ByteBuffer.allocate(0)),
                new PushTelemetryRequest(INSTANCE, 1, false, (byte) 1, ByteBuffer.wrap(large)));
    }

    private static Uuid apache(UUID id) {
        return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    @Test
    void subscriptionRequestsMatchKafka() {
        for (GetTelemetrySubscriptionsRequest r : subscriptionRequests()) {
            byte[] kafka = Bytes.kafka(new GetTelemetrySubscriptionsRequestData()
                    .setClientInstanceId(apache(r.clientInstanceId())), V0);
            assertThat(Bytes.hex(Bytes.ours(w -> r.write(w, V0)))).as("%s", r).isEqualTo(Bytes.hex(kafka));
            assertThat(GetTelemetrySubscriptionsRequest.read(Bytes.reader(kafka), V0)).isEqualTo(r);
        }
        // The first request carries the zero UUID: the broker assigns the instance id.
        assertThat(subscriptionRequests().get(0).clientInstanceId()).isEqualTo(new UUID(0, 0));
    }

    @Test
    void subscriptionResponseDecodesWhatKafkaEncodesAndEncodesTheSame() {
        GetTelemetrySubscriptionsResponse expected = subscriptionResponse();
        GetTelemetrySubscriptionsResponseData data = new GetTelemetrySubscriptionsResponseData()
                .setThrottleTimeMs(12).setErrorCode((short) 0).setClientInstanceId(apache(INSTANCE))
                .setSubscriptionId(987_654).setAcceptedCompressionTypes(List.of((byte) 4, (byte) 3, (byte) 0))
                .setPushIntervalMs(30_000).setTelemetryMaxBytes(1 << 20).setDeltaTemporality(true)
                .setRequestedMetrics(List.of("org.apache.kafka.producer.", "ü-metric"));
        byte[] kafka = Bytes.kafka(data, V0);
        assertThat(new GetTelemetrySubscriptionsRequest(INSTANCE).readResponse(Bytes.reader(kafka), V0))
                .isEqualTo(expected);
        assertThat(Bytes.hex(Bytes.ours(w -> expected.write(w, V0)))).isEqualTo(Bytes.hex(kafka));

        data.setErrorCode(Errors.UNKNOWN_SUBSCRIPTION_ID.code());
        data.unknownTaggedFields().add(new RawTaggedField(3, new byte[] {1, 2}));
        GetTelemetrySubscriptionsResponse withError = GetTelemetrySubscriptionsResponse.read(
                Bytes.reader(Bytes.kafka(data, V0)), V0);
        assertThat(withError.error()).isEqualTo(Errors.UNKNOWN_SUBSCRIPTION_ID);
        assertThat(withError.requestedMetrics()).isEqualTo(expected.requestedMetrics());
    }

    @Test
    void pushRequestsMatchKafka() {
        for (PushTelemetryRequest r : pushRequests()) {
            ByteBuffer payload = r.metrics().duplicate();
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            byte[] kafka = Bytes.kafka(new PushTelemetryRequestData().setClientInstanceId(apache(INSTANCE))
                    .setSubscriptionId(r.subscriptionId()).setTerminating(r.terminating())
                    .setCompressionType(r.compressionType()).setMetrics(ByteBuffer.wrap(bytes)), V0);
            assertThat(Bytes.hex(Bytes.ours(w -> r.write(w, V0)))).as("%s", r).isEqualTo(Bytes.hex(kafka));
            PushTelemetryRequest read = PushTelemetryRequest.read(Bytes.reader(kafka), V0);
            assertThat(read.subscriptionId()).isEqualTo(r.subscriptionId());
            assertThat(read.terminating()).isEqualTo(r.terminating());
            assertThat(read.compressionType()).isEqualTo(r.compressionType());
            assertThat(read.metrics()).isEqualTo(ByteBuffer.wrap(bytes));
        }
    }

    @Test
    void pushResponseDecodesWhatKafkaEncodes() {
        List<Errors> errors = new ArrayList<>(List.of(Errors.NONE, Errors.UNKNOWN_SUBSCRIPTION_ID,
                Errors.TELEMETRY_TOO_LARGE, Errors.INVALID_REQUEST, Errors.UNSUPPORTED_COMPRESSION_TYPE));
        for (Errors e : errors) {
            byte[] kafka = Bytes.kafka(new PushTelemetryResponseData().setThrottleTimeMs(7).setErrorCode(e.code()), V0);
            PushTelemetryResponse read = PushTelemetryResponse.read(Bytes.reader(kafka), V0);
            assertThat(read.error()).isEqualTo(e);
            assertThat(read.throttleTimeMs()).isEqualTo(7);
            assertThat(Bytes.hex(Bytes.ours(w -> read.write(w, V0)))).isEqualTo(Bytes.hex(kafka));
        }
    }
}

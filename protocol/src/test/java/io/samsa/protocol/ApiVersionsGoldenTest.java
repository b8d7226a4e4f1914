package io.samsa.protocol;

import io.samsa.common.errors.Errors;
import io.samsa.common.errors.UnsupportedVersionException;
import io.samsa.protocol.types.ProtocolException;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiVersionsGoldenTest {

    static Stream<Short> versions() {
        return Samples.versions(ApiKey.API_VERSIONS);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestMatchesKafka(short v) {
        ApiVersionsRequest request = new ApiVersionsRequest("samsa", "0.1.0-SNAPSHOT");
        byte[] ours = Bytes.ours(w -> request.write(w, v));
        byte[] kafka = Bytes.kafka(Kafka.of(request), v);
        assertThat(Bytes.hex(ours)).isEqualTo(Bytes.hex(kafka));
        assertThat(ours.length == 0).isEqualTo(v < 3);

        ApiVersionsRequest read = ApiVersionsRequest.read(Bytes.reader(kafka), v);
        if (v >= 3) {
            assertThat(read).isEqualTo(request);
        } else {
            assertThat(read.clientSoftwareName()).isNull();
            assertThat(read.clientSoftwareVersion()).isNull();
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseDecodesWhatKafkaEncodesAndEncodesTheSame(short v) {
        ApiVersionsResponse expected = Samples.apiVersionsResponse(v);
        byte[] kafka = Bytes.kafka(Kafka.of(expected), v);

        ApiVersionsResponse read = new ApiVersionsRequest("samsa", "1").readResponse(Bytes.reader(kafka), v);
        assertThat(read).isEqualTo(expected);
        assertThat(read.error()).isEqualTo(Errors.NONE);
        assertThat(read.find(ApiKey.PRODUCE)).isEqualTo(new ApiVersionsResponse.ApiVersion((short) 0, (short) 0,
                (short) 13));
        if (v >= 3) {
            assertThat(read.supportedFeatures()).hasSize(2);
            assertThat(read.finalizedFeaturesEpoch()).isEqualTo(42L);
            assertThat(read.finalizedFeatures()).extracting(ApiVersionsResponse.FinalizedFeature::name)
                    .containsExactly("transaction.version", "metadata.version");
            assertThat(read.zkMigrationReady()).isTrue();
        } else {
            assertThat(read.finalizedFeaturesEpoch()).isEqualTo(-1L);
        }
        assertThat(read.throttleTimeMs()).isEqualTo(v >= 1 ? 10 : 0);

        assertThat(Bytes.hex(Bytes.ours(w -> expected.write(w, v)))).isEqualTo(Bytes.hex(kafka));
    }

    /** Protocol notes, section 2: the complete frame of an ApiVersions v3 request. */
    @Test
    void workedExampleFromTheNotes() {
        ProtocolWriter w = ProtocolWriter.forFrame(64);
        RequestHeader.write(w, ApiKey.API_VERSIONS, (short) 3, 1, "cli");
        new ApiVersionsRequest("kafka-java", "1.0").write(w, (short) 3);
        w.finishFrame();
        assertThat(Bytes.hex(w.toByteArray())).isEqualTo(
                "0000001e" + "0012" + "0003" + "00000001" + "0003" + "636c69" + "00"
                        + "0b" + "6b61666b612d6a617661" + "04" + "312e30" + "00");
    }

    /**
     * Protocol notes, section 2: a broker that does not know v4 answers UNSUPPORTED_VERSION in the v0 layout
     * (int32 array count, no per-entry tags, no throttle, no tagged fields), listing its own ApiVersions range.
     */
    @Test
    void unsupportedVersionAnsweredInV0LayoutFallsBack() {
        ApiVersionsResponse brokerAnswer = ApiVersionsResponse.builder()
                .errorCode(Errors.UNSUPPORTED_VERSION.code())
                .addApiKey((short) 18, (short) 0, (short) 2)
                .build();
        byte[] v0Body = Bytes.kafka(Kafka.of(brokerAnswer), (short) 0);
        assertThat(Bytes.hex(v0Body)).isEqualTo("0023" + "00000001" + "0012" + "0000" + "0002");

        for (short sent = 1; sent <= 4; sent++) {
            ProtocolReader r = Bytes.reader(v0Body);
            ApiVersionsResponse read = new ApiVersionsRequest("samsa", "1").readResponse(r, sent);
            assertThat(read.error()).as("sent v%d", sent).isEqualTo(Errors.UNSUPPORTED_VERSION);
            assertThat(read.find(ApiKey.API_VERSIONS))
                    .isEqualTo(new ApiVersionsResponse.ApiVersion((short) 18, (short) 0, (short) 2));
            assertThat(read.fallbackRequestVersion()).isEqualTo((short) 2);
            assertThat(r.remaining()).isZero();
        }
    }

    @Test
    void fallbackWithoutApiVersionsEntryResendsAtV0() {
        byte[] v0Body = Bytes.unhex("0023 00000000");
        ApiVersionsResponse read = ApiVersionsResponse.parse(Bytes.reader(v0Body), (short) 3);
        assertThat(read.error()).isEqualTo(Errors.UNSUPPORTED_VERSION);
        assertThat(read.fallbackRequestVersion()).isZero();
    }

    @Test
    void fallbackCapsTheResendVersionAtOurs() {
        byte[] v0Body = Bytes.unhex("0023 00000001 0012 0000 0009");
        assertThat(ApiVersionsResponse.parse(Bytes.reader(v0Body), (short) 4).fallbackRequestVersion())
                .isEqualTo((short) 4);
    }

    @Test
    void errorInTheVersionSentIsReadWithoutFallback() {
        ApiVersionsResponse invalid = ApiVersionsResponse.builder().errorCode(Errors.INVALID_REQUEST.code())
                .throttleTimeMs(3).build();
        byte[] v3 = Bytes.kafka(Kafka.of(invalid), (short) 3);
        ApiVersionsResponse read = ApiVersionsResponse.parse(Bytes.reader(v3), (short) 3);
        assertThat(read).isEqualTo(invalid);
    }

    @Test
    void bodyThatFitsNeitherLayoutIsAProtocolErrorWithBothCauses() {
        byte[] garbage = Bytes.unhex("0000 05 0001");
        assertThatThrownBy(() -> ApiVersionsResponse.parse(Bytes.reader(garbage), (short) 3))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    }

    /** A v0 layout without an error is not a fallback: brokers only use it to report UNSUPPORTED_VERSION. */
    @Test
    void v0LayoutWithoutErrorIsNotAcceptedForAnotherVersion() {
        byte[] v0Ok = Bytes.kafka(Kafka.of(Samples.apiVersionsResponse((short) 0)), (short) 0);
        assertThatThrownBy(() -> ApiVersionsResponse.parse(Bytes.reader(v0Ok), (short) 3))
                .isInstanceOf(ProtocolException.class);
        assertThat(ApiVersionsResponse.parse(Bytes.reader(v0Ok), (short) 0))
                .isEqualTo(Samples.apiVersionsResponse((short) 0));
    }

    @Test
    void unknownTaggedFieldsAreSkippedAtEveryLevel() {
        short v = 3;
        ApiVersionsResponse expected = Samples.apiVersionsResponse(v);
        ApiVersionsResponseData data = Kafka.of(expected);
        data.unknownTaggedFields().add(new RawTaggedField(9, new byte[] {9, 9, 9}));      // after the known 0..3
        data.unknownTaggedFields().add(new RawTaggedField(1000, new byte[200]));           // two-byte tag and size
        data.apiKeys().iterator().next().unknownTaggedFields().add(new RawTaggedField(0, new byte[] {1}));
        data.supportedFeatures().iterator().next().unknownTaggedFields().add(new RawTaggedField(4, new byte[5]));
        data.finalizedFeatures().iterator().next().unknownTaggedFields().add(new RawTaggedField(7, new byte[0]));
        byte[] kafka = Bytes.kafka(data, v);
        assertThat(kafka.length).isGreaterThan(Bytes.kafka(Kafka.of(expected), v).length + 200);

        assertThat(ApiVersionsResponse.parse(Bytes.reader(kafka), v)).isEqualTo(expected);
    }

    @Test
    void unknownTagBetweenKnownTagsIsSkipped() {
        // v3 body: no error, no api keys, throttle 0, tags: 1 -> epoch 7, 2 (sic, known) omitted, 5 -> junk
        byte[] body = Bytes.unhex("0000 01 00000000 02 01 08 0000000000000007 05 02 abcd");
        ApiVersionsResponse read = ApiVersionsResponse.parse(Bytes.reader(body), (short) 3);
        assertThat(read.finalizedFeaturesEpoch()).isEqualTo(7L);
        assertThat(read.apiKeys()).isEmpty();
    }

    @Test
    void clientSoftwareNamesAreValidated() {
        assertThat(ApiVersionsRequest.isValidName("samsa")).isTrue();
        assertThat(ApiVersionsRequest.isValidName("0.1.0-SNAPSHOT")).isTrue();
        assertThat(ApiVersionsRequest.isValidName("a")).isTrue();
        for (String bad : new String[] {"", "-x", "x-", ".x", "x.", "sam sa", "sämsa", "x_y", "x/y"}) {
            assertThat(ApiVersionsRequest.isValidName(bad)).as(bad).isFalse();
            assertThatThrownBy(() -> new ApiVersionsRequest(bad, "1.0"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("clientSoftwareName")
                    .hasMessageContaining("\"" + bad + "\"")
                    .hasMessageContaining("INVALID_REQUEST");
        }
        assertThatThrownBy(() -> new ApiVersionsRequest("samsa", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clientSoftwareVersion");
    }

    @Test
    void versionsOutsideOurRangeAreRefused() {
        ApiVersionsRequest request = new ApiVersionsRequest("samsa", "1");
        assertThatThrownBy(() -> request.write(new ProtocolWriter(8), (short) 5))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("ApiVersions(18) v5")
                .hasMessageContaining("v0..4");
    }

    @Test
    void requestDataRoundTripsThroughKafka() {
        byte[] ours = Bytes.ours(w -> new ApiVersionsRequest("samsa", "9.9").write(w, (short) 4));
        ApiVersionsRequestData kafka = new ApiVersionsRequestData(Bytes.kafkaReader(ours), (short) 4);
        assertThat(kafka.clientSoftwareName()).isEqualTo("samsa");
        assertThat(kafka.clientSoftwareVersion()).isEqualTo("9.9");
    }
}

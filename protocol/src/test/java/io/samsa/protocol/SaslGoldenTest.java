package io.samsa.protocol;

import io.samsa.common.errors.Errors;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** SaslHandshake (17) and SaslAuthenticate (36), byte for byte against Kafka's generated classes. */
class SaslGoldenTest {

    static Stream<Short> handshakeVersions() {
        return Samples.versions(ApiKey.SASL_HANDSHAKE);
    }

    static Stream<Short> authenticateVersions() {
        return Samples.versions(ApiKey.SASL_AUTHENTICATE);
    }

    private static final byte[] PLAIN_TOKEN = "\0alice\0s3cr\u00e9t".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @MethodSource("handshakeVersions")
    void handshakeRequestMatchesKafka(short v) {
        for (String mechanism : List.of("PLAIN", "SCRAM-SHA-512", "")) {
            SaslHandshakeRequest request = new SaslHandshakeRequest(mechanism);
            byte[] ours = Bytes.ours(w -> request.write(w, v));
            byte[] kafka = Bytes.kafka(new SaslHandshakeRequestData().setMechanism(mechanism), v);
            assertThat(Bytes.hex(ours)).as("v%d %s", v, mechanism).isEqualTo(Bytes.hex(kafka));
            assertThat(SaslHandshakeRequest.read(Bytes.reader(kafka), v)).isEqualTo(request);
        }
        assertThat(Bytes.hex(Bytes.ours(w -> new SaslHandshakeRequest("PLAIN").write(w, v))))
                .isEqualTo("0005" + "504c41494e");
    }

    @ParameterizedTest
    @MethodSource("handshakeVersions")
    void handshakeResponseMatchesKafka(short v) {
        for (SaslHandshakeResponse expected : List.of(
                new SaslHandshakeResponse((short) 0, List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")),
                new SaslHandshakeResponse(Errors.UNSUPPORTED_SASL_MECHANISM.code(), List.of("GSSAPI")),
                new SaslHandshakeResponse((short) 0, List.of()))) {
            byte[] kafka = Bytes.kafka(new SaslHandshakeResponseData().setErrorCode(expected.errorCode())
                    .setMechanisms(expected.mechanisms()), v);
            assertThat(new SaslHandshakeRequest("PLAIN").readResponse(Bytes.reader(kafka), v)).isEqualTo(expected);
            assertThat(Bytes.hex(Bytes.ours(w -> expected.write(w, v)))).isEqualTo(Bytes.hex(kafka));
        }
    }

    @ParameterizedTest
    @MethodSource("authenticateVersions")
    void authenticateRequestMatchesKafka(short v) {
        for (byte[] token : List.of(PLAIN_TOKEN, new byte[0], new byte[300])) {
            SaslAuthenticateRequest request = new SaslAuthenticateRequest(token);
            byte[] ours = Bytes.ours(w -> request.write(w, v));
            byte[] kafka = Bytes.kafka(new SaslAuthenticateRequestData().setAuthBytes(token), v);
            assertThat(Bytes.hex(ours)).as("v%d %d bytes", v, token.length).isEqualTo(Bytes.hex(kafka));
            assertThat(SaslAuthenticateRequest.read(Bytes.reader(kafka), v)).isEqualTo(request);
        }
    }

    @ParameterizedTest
    @MethodSource("authenticateVersions")
    void authenticateResponseMatchesKafka(short v) {
        long lifetime = v >= 1 ? 3_600_000L : 0L;
        for (SaslAuthenticateResponse expected : List.of(
                new SaslAuthenticateResponse((short) 0, null, "v=abc".getBytes(StandardCharsets.UTF_8), lifetime),
                new SaslAuthenticateResponse(Errors.SASL_AUTHENTICATION_FAILED.code(),
                        "Authentication failed: Invalid username or password", new byte[0], 0L),
                new SaslAuthenticateResponse((short) 0, "", new byte[0], lifetime))) {
            byte[] kafka = Bytes.kafka(new SaslAuthenticateResponseData().setErrorCode(expected.errorCode())
                    .setErrorMessage(expected.errorMessage()).setAuthBytes(expected.authBytes())
                    .setSessionLifetimeMs(expected.sessionLifetimeMs()), v);
            assertThat(new SaslAuthenticateRequest(new byte[0]).readResponse(Bytes.reader(kafka), v))
                    .isEqualTo(expected);
            assertThat(Bytes.hex(Bytes.ours(w -> expected.write(w, v)))).isEqualTo(Bytes.hex(kafka));
        }
    }

    @Test
    void unknownTaggedFieldsAreSkipped() {
        SaslAuthenticateResponseData data = new SaslAuthenticateResponseData().setErrorCode((short) 0)
                .setAuthBytes(new byte[] {9}).setSessionLifetimeMs(5000L);
        data.unknownTaggedFields().add(new RawTaggedField(3, new byte[] {1, 2}));
        byte[] kafka = Bytes.kafka(data, (short) 2);
        assertThat(SaslAuthenticateResponse.read(Bytes.reader(kafka), (short) 2))
                .isEqualTo(new SaslAuthenticateResponse((short) 0, "", new byte[] {9}, 5000L)); // Kafka's default message is ""
    }

    @Test
    void tokensNeverAppearInToString() {
        SaslAuthenticateRequest r = new SaslAuthenticateRequest(PLAIN_TOKEN);
        assertThat(r.toString()).doesNotContain("s3cr").doesNotContain("alice").contains(PLAIN_TOKEN.length + " bytes");
    }
}

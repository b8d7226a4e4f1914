package io.samsa.protocol;

import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

import java.util.Arrays;

/**
 * SaslAuthenticate request (key 36), versions 0..2: carries one SASL token from client to broker.
 *
 * <pre>
 *   +---------------------------------------------------+------------+
 *   | auth_bytes                                        | tags (v2+) |
 *   | bytes: int32 length (v0-1) | uvarint length+1 (v2) |            |
 *   +---------------------------------------------------+------------+
 * </pre>
 *
 * <p>v1 adds session_lifetime_ms to the response (KIP-368); v2 is the flexible version (header v2).
 * The token of a PLAIN exchange holds the password in clear, so {@link #toString()} never prints the bytes.
 *
 * @param authBytes the SASL token (not copied: the caller hands it over)
 */
public record SaslAuthenticateRequest(byte[] authBytes) implements Request<SaslAuthenticateResponse> {

    public SaslAuthenticateRequest {
        if (authBytes == null) {
            throw new IllegalArgumentException("authBytes must not be null");
        }
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.SASL_AUTHENTICATE;
    }

    @Override
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.SASL_AUTHENTICATE, version);
        boolean flexible = ApiKey.SASL_AUTHENTICATE.isFlexible(version);
        w.writeNullableBytes(authBytes, flexible);
        if (flexible) {
            w.writeEmptyTaggedFields();
        }
    }

    /** Reads a request body (for fakes and tests that play the broker). */
    public static SaslAuthenticateRequest read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.SASL_AUTHENTICATE, version);
        boolean flexible = ApiKey.SASL_AUTHENTICATE.isFlexible(version);
        java.nio.ByteBuffer b = r.readBytes("auth_bytes", flexible);
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        if (flexible) {
            r.skipTaggedFields();
        }
        return new SaslAuthenticateRequest(bytes);
    }

    @Override
    public SaslAuthenticateResponse readResponse(ProtocolReader r, short version) {
        return SaslAuthenticateResponse.read(r, version);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SaslAuthenticateRequest other && Arrays.equals(authBytes, other.authBytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(authBytes);
    }

    /** Never the bytes: a PLAIN token contains the password. */
    @Override
    public String toString() {
        return "SaslAuthenticateRequest(" + authBytes.length + " bytes)";
    }
}

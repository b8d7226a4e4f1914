package io.samsa.protocol;

import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

/**
 * SaslHandshake request (key 17), versions 0..1: names the SASL mechanism the client wants to use.
 *
 * <pre>
 *   +---------------------------------------+
 *   | mechanism                             |
 *   | string (int16 length + UTF-8 bytes)   |
 *   +---------------------------------------+
 * </pre>
 *
 * <p>Never flexible: request header v1, response header v0 at every version. v0 and v1 share the layout; they
 * differ in what follows. After v0 the client sends raw size-prefixed SASL tokens (no Kafka header, gone in
 * Kafka 4.0); after v1 the tokens travel in SaslAuthenticate requests. Samsa always sends v1.
 *
 * @param mechanism e.g. {@code "SCRAM-SHA-512"}
 */
public record SaslHandshakeRequest(String mechanism) implements Request<SaslHandshakeResponse> {

    public SaslHandshakeRequest {
        if (mechanism == null) {
            throw new IllegalArgumentException("mechanism must not be null");
        }
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.SASL_HANDSHAKE;
    }

    @Override
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.SASL_HANDSHAKE, version);
        w.writeString(mechanism, false);
    }

    /** Reads a request body (for fakes and tests that play the broker). */
    public static SaslHandshakeRequest read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.SASL_HANDSHAKE, version);
        return new SaslHandshakeRequest(r.readString("mechanism", false));
    }

    @Override
    public SaslHandshakeResponse readResponse(ProtocolReader r, short version) {
        return SaslHandshakeResponse.read(r, version);
    }
}

package io.samsa.protocol;

import io.samsa.common.errors.Errors;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * SaslAuthenticate response (key 36), versions 0..2.
 *
 * <pre>
 *   +------------+-----------------+------------------+----------------------+------------+
 *   | error_code | error_message   | auth_bytes       | session_lifetime_ms  | tags (v2+) |
 *   | int16      | nullable string | bytes            | int64 (v1+)          |            |
 *   |            | (compact v2)    | (compact v2)     | 0 = no limit         |            |
 *   +------------+-----------------+------------------+----------------------+------------+
 * </pre>
 *
 * <p>{@code session_lifetime_ms} (KIP-368) is how long the broker accepts this authentication; the client
 * must re-authenticate on the connection before it runs out, or the broker closes the connection.
 */
public record SaslAuthenticateResponse(short errorCode, String errorMessage, byte[] authBytes,
                                       long sessionLifetimeMs) implements Response {

    public SaslAuthenticateResponse {
        authBytes = authBytes == null ? new byte[0] : authBytes;
    }

    public Errors error() {
        return Errors.forCode(errorCode);
    }

    @Override
    public int throttleTimeMs() {
        return 0;
    }

    public static SaslAuthenticateResponse read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.SASL_AUTHENTICATE, version);
        boolean flexible = ApiKey.SASL_AUTHENTICATE.isFlexible(version);
        short errorCode = r.readShort("error_code");
        String message = r.readNullableString("error_message", flexible);
        ByteBuffer b = r.readBytes("auth_bytes", flexible);
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        long lifetime = version >= 1 ? r.readLong("session_lifetime_ms") : 0L;
        if (flexible) {
            r.skipTaggedFields();
        }
        return new SaslAuthenticateResponse(errorCode, message, bytes, lifetime);
    }

    /** Writes the body at {@code version} (for fakes and tests that play the broker). */
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.SASL_AUTHENTICATE, version);
        boolean flexible = ApiKey.SASL_AUTHENTICATE.isFlexible(version);
        w.writeShort(errorCode);
        w.writeNullableString(errorMessage, flexible);
        w.writeNullableBytes(authBytes, flexible);
        if (version >= 1) {
            w.writeLong(sessionLifetimeMs);
        }
        if (flexible) {
            w.writeEmptyTaggedFields();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SaslAuthenticateResponse other && errorCode == other.errorCode
                && Objects.equals(errorMessage, other.errorMessage) && Arrays.equals(authBytes, other.authBytes)
                && sessionLifetimeMs == other.sessionLifetimeMs;
    }

    @Override
    public int hashCode() {
        return Objects.hash(errorCode, errorMessage, Arrays.hashCode(authBytes), sessionLifetimeMs);
    }

    @Override
    public String toString() {
        return "SaslAuthenticateResponse(" + (errorCode == 0 ? "" : "error=" + Errors.describe(errorCode) + ", ")
                + (errorMessage == null ? "" : "message=" + errorMessage + ", ") + authBytes.length
                + " auth bytes, sessionLifetimeMs=" + sessionLifetimeMs + ")";
    }
}

package io.samsa.protocol;

import io.samsa.common.errors.Errors;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * SaslHandshake response (key 17), versions 0..1.
 *
 * <pre>
 *   +------------+------------------------------------------------+
 *   | error_code | mechanisms                                     |
 *   | int16      | int32 count, then count x string (int16 + UTF-8) |
 *   +------------+------------------------------------------------+
 * </pre>
 *
 * <p>{@code mechanisms} lists what the listener has enabled; with UNSUPPORTED_SASL_MECHANISM (33) it tells the
 * user what to configure instead. No throttle time in any version.
 */
public record SaslHandshakeResponse(short errorCode, List<String> mechanisms) implements Response {

    public SaslHandshakeResponse {
        mechanisms = MessageCodec.copy(mechanisms);
    }

    public Errors error() {
        return Errors.forCode(errorCode);
    }

    @Override
    public int throttleTimeMs() {
        return 0;
    }

    public static SaslHandshakeResponse read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.SASL_HANDSHAKE, version);
        short errorCode = r.readShort("error_code");
        int n = r.readNonNullArrayLength("mechanisms", false, 2);
        List<String> mechanisms = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            mechanisms.add(r.readString("mechanisms", false));
        }
        return new SaslHandshakeResponse(errorCode, mechanisms);
    }

    /** Writes the body at {@code version} (for fakes and tests that play the broker). */
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.SASL_HANDSHAKE, version);
        w.writeShort(errorCode);
        w.writeLength(mechanisms.size(), false);
        for (String m : mechanisms) {
            w.writeString(m, false);
        }
    }
}

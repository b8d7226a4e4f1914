package io.samsa.protocol;

import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

/**
 * The header in front of every response body.
 *
 * <pre>
 *   v0                          v1 (flexible API versions, except ApiVersions)
 *   +----------------------+    +----------------------+
 *   | int32 correlation_id |    | int32 correlation_id |
 *   +----------------------+    | tagged fields (uvarint count, ...) |
 *                               +----------------------+
 * </pre>
 *
 * <p>ApiVersions responses always use v0, see {@link ApiKey#responseHeaderVersion(short)}.
 */
public final class ResponseHeader {
    private ResponseHeader() {
    }

    /**
     * Reads the header of the response to a {@code key} request sent at {@code version} and returns its
     * correlation id. Tagged fields (none are defined) are skipped.
     */
    public static int read(ProtocolReader r, ApiKey key, short version) {
        int correlationId = r.readInt("correlation_id");
        if (key.responseHeaderVersion(version) >= 1) {
            r.skipTaggedFields();
        }
        return correlationId;
    }

    /** Writes a response header (for fakes and tests that play the broker). */
    public static void write(ProtocolWriter w, ApiKey key, short version, int correlationId) {
        w.writeInt(correlationId);
        if (key.responseHeaderVersion(version) >= 1) {
            w.writeEmptyTaggedFields();
        }
    }
}

package io.samsa.protocol;

import io.samsa.protocol.types.ProtocolException;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

/**
 * The header in front of every request body.
 *
 * <pre>
 *   +---------+-------------+----------------+-----------+-----------------+------------+
 *   | api_key | api_version | correlation_id | len       | client_id       | tags       |
 *   | int16   | int16       | int32          | int16     | len UTF-8 bytes | v2 only:   |
 *   |         |             |                | -1 = null |                 | uvarint 0  |
 *   +---------+-------------+----------------+-----------+-----------------+------------+
 *   v1: non-flexible API versions.  v2: flexible API versions (adds the tagged-field section).
 * </pre>
 *
 * <p>Why client_id keeps its int16 length in v2: the broker must read the header before it knows whether
 * it understands the API version (and thus whether the body is flexible), so the header's string stays in
 * the one encoding every broker can parse; only the trailing tagged-field section is new in v2.
 *
 * @param apiKey        the API
 * @param apiVersion    the body's version
 * @param correlationId chosen by the client, echoed in the response
 * @param clientId      logged by the broker and used for quotas; may be null
 */
public record RequestHeader(ApiKey apiKey, short apiVersion, int correlationId, String clientId) {

    /** 1 or 2, from {@link ApiKey#requestHeaderVersion(short)}. */
    public short headerVersion() {
        return apiKey.requestHeaderVersion(apiVersion);
    }

    public void write(ProtocolWriter w) {
        write(w, apiKey, apiVersion, correlationId, clientId);
    }

    /** Writes the header for {@code key} at {@code version} (header v2 if that version is flexible, else v1). */
    public static void write(ProtocolWriter w, ApiKey key, short version, int correlationId, String clientId) {
        w.writeShort(key.id());
        w.writeShort(version);
        w.writeInt(correlationId);
        w.writeNullableString(clientId, false); // never compact, even in v2 (see class comment)
        if (key.requestHeaderVersion(version) >= 2) {
            w.writeEmptyTaggedFields();
        }
    }

    /**
     * Reads a request header (for fakes and tests that play the broker). The header version follows from the
     * API key and version read.
     *
     * @throws ProtocolException if the API key is not one Samsa knows, or the bytes are truncated
     */
    public static RequestHeader read(ProtocolReader r) {
        short id = r.readShort("api_key");
        ApiKey key = ApiKey.forId(id);
        if (key == null) {
            throw new ProtocolException("request header: unknown api_key " + id);
        }
        short version = r.readShort("api_version");
        int correlationId = r.readInt("correlation_id");
        String clientId = r.readNullableString("client_id", false);
        if (key.requestHeaderVersion(version) >= 2) {
            r.skipTaggedFields();
        }
        return new RequestHeader(key, version, correlationId, clientId);
    }

    @Override
    public String toString() {
        return "RequestHeader(" + apiKey.title() + " v" + apiVersion + ", correlationId=" + correlationId
                + ", clientId=" + clientId + ")";
    }
}

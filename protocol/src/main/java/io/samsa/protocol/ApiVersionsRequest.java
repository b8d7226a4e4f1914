package io.samsa.protocol;

import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * ApiVersions request (key 18): the first request on every connection, asking which versions of which APIs
 * the broker speaks. v3+ also tells the broker who we are (KIP-511), which shows up in its metrics.
 *
 * <pre>
 *   v0-v2: empty body
 *
 *   v3-v4:
 *   +-----------+----------------------+-----------+-------------------------+------+
 *   | uvarint   | client_software_name | uvarint   | client_software_version | tags |
 *   | N+1       | N UTF-8 bytes        | M+1       | M UTF-8 bytes           | 0x00 |
 *   +-----------+----------------------+-----------+-------------------------+------+
 * </pre>
 *
 * <p>Both names must match {@value #NAME_PATTERN_TEXT}; brokers answer INVALID_REQUEST (42) to anything else,
 * and the constructor rejects it up front so the mistake shows at configuration time, not on the wire.
 */
public final class ApiVersionsRequest implements Request<ApiVersionsResponse> {

    /** What brokers accept for the two names (KIP-511). */
    public static final String NAME_PATTERN_TEXT = "[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?";
    private static final Pattern NAME_PATTERN = Pattern.compile(NAME_PATTERN_TEXT);

    private final String clientSoftwareName;
    private final String clientSoftwareVersion;

    /**
     * @param clientSoftwareName    e.g. {@code "samsa"}
     * @param clientSoftwareVersion e.g. {@code "0.1.0-SNAPSHOT"}
     * @throws IllegalArgumentException if a name is null or does not match {@link #NAME_PATTERN_TEXT}
     */
    public ApiVersionsRequest(String clientSoftwareName, String clientSoftwareVersion) {
        this(clientSoftwareName, clientSoftwareVersion, true);
    }

    private ApiVersionsRequest(String clientSoftwareName, String clientSoftwareVersion, boolean validate) {
        if (validate) {
            validate("clientSoftwareName", clientSoftwareName);
            validate("clientSoftwareVersion", clientSoftwareVersion);
        }
        this.clientSoftwareName = clientSoftwareName;
        this.clientSoftwareVersion = clientSoftwareVersion;
    }

    /** Decoded without validation (the broker's business); a version without the names gives nulls. */
    private static ApiVersionsRequest unchecked(String name, String version) {
        return new ApiVersionsRequest(name, version, false);
    }

    /** Null only in a request decoded from v0-2. */
    public String clientSoftwareName() {
        return clientSoftwareName;
    }

    /** Null only in a request decoded from v0-2. */
    public String clientSoftwareVersion() {
        return clientSoftwareVersion;
    }

    private static void validate(String what, String value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (!NAME_PATTERN.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " \"" + value + "\" is invalid: it must match "
                    + NAME_PATTERN_TEXT + " (letters, digits, '-' and '.', starting and ending with a letter or"
                    + " digit); brokers reject anything else with INVALID_REQUEST");
        }
    }

    /** True if {@code value} is acceptable as a client software name or version. */
    public static boolean isValidName(String value) {
        return value != null && NAME_PATTERN.matcher(value).matches();
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.API_VERSIONS;
    }

    @Override
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.API_VERSIONS, version);
        if (version >= 3) {
            w.writeString(clientSoftwareName, true);
            w.writeString(clientSoftwareVersion, true);
            w.writeEmptyTaggedFields();
        }
    }

    /** Reads a request body (for fakes and tests that play the broker). Names are not validated. */
    public static ApiVersionsRequest read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.API_VERSIONS, version);
        if (version < 3) {
            return unchecked(null, null);
        }
        String name = r.readString("client_software_name", true);
        String softwareVersion = r.readString("client_software_version", true);
        r.skipTaggedFields();
        return unchecked(name, softwareVersion);
    }

    /** Reads the response, falling back to the v0 layout; see {@link ApiVersionsResponse#parse}. */
    @Override
    public ApiVersionsResponse readResponse(ProtocolReader r, short version) {
        return ApiVersionsResponse.parse(r, version);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiVersionsRequest other
                && Objects.equals(clientSoftwareName, other.clientSoftwareName)
                && Objects.equals(clientSoftwareVersion, other.clientSoftwareVersion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientSoftwareName, clientSoftwareVersion);
    }

    @Override
    public String toString() {
        return "ApiVersionsRequest(clientSoftwareName=" + clientSoftwareName + ", clientSoftwareVersion="
                + clientSoftwareVersion + ")";
    }
}

package io.samsa.protocol;

import io.samsa.common.errors.UnsupportedVersionException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The Kafka APIs Samsa speaks or will speak, with the range of versions <em>we</em> can encode and decode.
 *
 * <p>The broker's range comes from its ApiVersions response; the version actually used on a connection is
 * {@code min(our latest, broker latest)} (see {@link NodeApiVersions}). Our ranges are deliberately narrower
 * than Kafka's where old versions are useless or harmful: Produce starts at v3 because Kafka 4.x rejects
 * v0-2 by closing the connection while still advertising them (KAFKA-18659); AddPartitionsToTxn stops at v3
 * because v4+ is a message brokers send each other.
 *
 * <p>The negotiated version is the newest both sides speak, which is not always the one to send: a transactional
 * producer on a cluster whose {@code transaction.version} is below 2 must cap Produce, EndTxn and TxnOffsetCommit
 * (see {@link NodeApiVersions#finalizedFeatureLevel}).
 *
 * <p>Entries with {@link #implemented()} {@code false} are placeholders for later work: their ranges are
 * provisional (taken from Kafka 4.1's schemas) and version negotiation refuses them, so nothing can be sent
 * with a version we have no codec for.
 *
 * <p>Header versions follow Kafka's code generator: a flexible API version (KIP-482) uses request header v2
 * and response header v1, a non-flexible one request header v1 and response header v0. ApiVersions is the
 * one exception on the response side, see {@link #responseHeaderVersion(short)}.
 */
public enum ApiKey {
    PRODUCE(0, "Produce", 3, 13, 9, true),
    METADATA(3, "Metadata", 4, 13, 9, true),
    FIND_COORDINATOR(10, "FindCoordinator", 0, 6, 3, true),
    SASL_HANDSHAKE(17, "SaslHandshake", 0, 1, ApiKey.NEVER_FLEXIBLE, true),
    API_VERSIONS(18, "ApiVersions", 0, 4, 3, true),
    CREATE_TOPICS(19, "CreateTopics", 2, 7, 5, false),
    INIT_PRODUCER_ID(22, "InitProducerId", 0, 5, 2, true),
    // v4+ of AddPartitionsToTxn are broker-to-broker (verify_only batches); clients stop at v3.
    ADD_PARTITIONS_TO_TXN(24, "AddPartitionsToTxn", 0, 3, 3, true),
    ADD_OFFSETS_TO_TXN(25, "AddOffsetsToTxn", 0, 4, 3, true),
    END_TXN(26, "EndTxn", 0, 5, 3, true),
    TXN_OFFSET_COMMIT(28, "TxnOffsetCommit", 0, 5, 3, true),
    SASL_AUTHENTICATE(36, "SaslAuthenticate", 0, 2, 2, true),
    GET_TELEMETRY_SUBSCRIPTIONS(71, "GetTelemetrySubscriptions", 0, 0, 0, true),
    PUSH_TELEMETRY(72, "PushTelemetry", 0, 0, 0, true);

    /** Marker for "no version of this API is flexible" (SaslHandshake). */
    private static final short NEVER_FLEXIBLE = Short.MAX_VALUE;

    private static final ApiKey[] BY_ID;

    static {
        int max = 0;
        for (ApiKey k : values()) {
            max = Math.max(max, k.id);
        }
        BY_ID = new ApiKey[max + 1];
        for (ApiKey k : values()) {
            BY_ID[k.id] = k;
        }
    }

    private final short id;
    private final String title;
    private final short oldestVersion;
    private final short latestVersion;
    private final short firstFlexibleVersion;
    private final boolean implemented;

    ApiKey(int id, String title, int oldestVersion, int latestVersion, int firstFlexibleVersion, boolean implemented) {
        this.id = (short) id;
        this.title = title;
        this.oldestVersion = (short) oldestVersion;
        this.latestVersion = (short) latestVersion;
        this.firstFlexibleVersion = (short) firstFlexibleVersion;
        this.implemented = implemented;
    }

    /** The API key as sent on the wire (int16). */
    public short id() {
        return id;
    }

    /** Kafka's name for the API, e.g. {@code "InitProducerId"}. */
    public String title() {
        return title;
    }

    /** The oldest version Samsa can encode and decode. */
    public short oldestVersion() {
        return oldestVersion;
    }

    /** The newest version Samsa can encode and decode. */
    public short latestVersion() {
        return latestVersion;
    }

    /** The first flexible (KIP-482: compact strings/arrays, tagged fields) version, or -1 if none is. */
    public short firstFlexibleVersion() {
        return firstFlexibleVersion == NEVER_FLEXIBLE ? -1 : firstFlexibleVersion;
    }

    /** False for placeholders of APIs whose messages are not written yet; negotiation refuses them. */
    public boolean implemented() {
        return implemented;
    }

    /** Whether {@code version} lies in our range {@code oldestVersion()..latestVersion()}. */
    public boolean isVersionSupported(short version) {
        return version >= oldestVersion && version <= latestVersion;
    }

    /** Whether {@code version} of this API uses the flexible encoding (compact fields and tagged fields). */
    public boolean isFlexible(short version) {
        return version >= firstFlexibleVersion;
    }

    /** Request header version for {@code version}: 2 if flexible, else 1 (v0 is only for ControlledShutdown v0). */
    public short requestHeaderVersion(short version) {
        return isFlexible(version) ? (short) 2 : (short) 1;
    }

    /**
     * Response header version for {@code version}: 1 if flexible, else 0; ApiVersions always 0.
     *
     * <p>Why ApiVersions is different: it is the message a client sends before it knows what the broker
     * supports, and a broker that does not know the request version answers in the v0 layout. For the client
     * to find the correlation id and the error code in the same place whatever happened, the response header
     * must never carry a tagged-field section, so ApiVersions responses use header v0 even for v3+.
     */
    public short responseHeaderVersion(short version) {
        if (this == API_VERSIONS) {
            return 0;
        }
        return isFlexible(version) ? (short) 1 : (short) 0;
    }

    /** The API with this wire id, or {@code null} if Samsa does not know it. */
    public static ApiKey forId(int id) {
        if (id < 0 || id >= BY_ID.length) {
            return null;
        }
        return BY_ID[id];
    }

    /** The APIs with {@link #implemented()} true, in id order. */
    public static List<ApiKey> implementedKeys() {
        List<ApiKey> keys = new ArrayList<>();
        for (ApiKey k : values()) {
            if (k.implemented) {
                keys.add(k);
            }
        }
        return Collections.unmodifiableList(keys);
    }

    /** E.g. {@code "Produce(0) v3..13"}. */
    public String describeRange() {
        return title + "(" + id + ") v" + oldestVersion + ".." + latestVersion;
    }

    /** An {@link UnsupportedVersionException} about this API, with {@code message}. */
    public UnsupportedVersionException unsupportedVersion(String message) {
        return new UnsupportedVersionException(id, title, message);
    }

    /** No overlap between our range and the broker's {@code brokerMin..brokerMax}. */
    public UnsupportedVersionException noCommonVersion(short brokerMin, short brokerMax) {
        return unsupportedVersion(title + "(" + id + "): no common version: Samsa supports v" + oldestVersion + ".."
                + latestVersion + ", broker supports v" + brokerMin + ".." + brokerMax);
    }

    /** The broker did not list this API at all. */
    public UnsupportedVersionException notSupportedByBroker() {
        return unsupportedVersion(title + "(" + id + "): the broker does not support this API at all (Samsa supports v"
                + oldestVersion + ".." + latestVersion + ", broker supports none)");
    }

    /** A message class was asked to write or read {@code version}, outside our range. */
    public UnsupportedVersionException versionNotImplemented(short version) {
        return unsupportedVersion(title + "(" + id + ") v" + version + " is outside the versions Samsa implements (v"
                + oldestVersion + ".." + latestVersion + ")"
                + (implemented ? "" : "; Samsa does not implement this API yet"));
    }
}

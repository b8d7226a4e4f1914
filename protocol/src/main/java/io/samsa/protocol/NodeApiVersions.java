package io.samsa.protocol;

import io.samsa.common.errors.Errors;
import io.samsa.common.errors.UnsupportedVersionException;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one broker connection can use: the broker's ranges from its ApiVersions response, intersected with
 * ours. Valid for the connection it was negotiated on only (a rolling upgrade changes it).
 *
 * <p>Version choice: {@code min(our latest, broker latest)}, usable only if it is at least
 * {@code max(our oldest, broker oldest)}. APIs Samsa has not implemented yet ({@link ApiKey#implemented()}
 * false) are never chosen.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class NodeApiVersions {
    /** The finalized feature that says which transaction protocol the cluster speaks (KIP-890). */
    public static final String TRANSACTION_VERSION = "transaction.version";

    private final Map<Short, ApiVersionsResponse.ApiVersion> brokerRanges;
    private final Map<ApiKey, Short> usable;
    private final long finalizedFeaturesEpoch;
    private final Map<String, ApiVersionsResponse.FinalizedFeature> finalizedFeatures;
    private final Map<String, ApiVersionsResponse.SupportedFeature> supportedFeatures;

    private NodeApiVersions(List<ApiVersionsResponse.ApiVersion> ranges, long finalizedFeaturesEpoch,
                            List<ApiVersionsResponse.FinalizedFeature> finalized,
                            List<ApiVersionsResponse.SupportedFeature> supported) {
        Map<Short, ApiVersionsResponse.ApiVersion> byKey = new HashMap<>();
        for (ApiVersionsResponse.ApiVersion v : ranges) {
            byKey.putIfAbsent(v.apiKey(), v); // a broker lists each key once; keep the first if not
        }
        this.brokerRanges = Collections.unmodifiableMap(byKey);
        EnumMap<ApiKey, Short> chosen = new EnumMap<>(ApiKey.class);
        for (ApiKey key : ApiKey.values()) {
            ApiVersionsResponse.ApiVersion broker = byKey.get(key.id());
            if (key.implemented() && broker != null) {
                short v = intersect(key, broker);
                if (v >= 0) {
                    chosen.put(key, v);
                }
            }
        }
        this.usable = Collections.unmodifiableMap(chosen);
        this.finalizedFeaturesEpoch = finalizedFeaturesEpoch;
        Map<String, ApiVersionsResponse.FinalizedFeature> fin = new LinkedHashMap<>();
        for (ApiVersionsResponse.FinalizedFeature f : finalized) {
            fin.putIfAbsent(f.name(), f);
        }
        this.finalizedFeatures = Collections.unmodifiableMap(fin);
        Map<String, ApiVersionsResponse.SupportedFeature> sup = new LinkedHashMap<>();
        for (ApiVersionsResponse.SupportedFeature f : supported) {
            sup.putIfAbsent(f.name(), f);
        }
        this.supportedFeatures = Collections.unmodifiableMap(sup);
    }

    /**
     * From a successful ApiVersions response.
     *
     * @throws io.samsa.common.errors.ApiException if the response carries an error (e.g. UNSUPPORTED_VERSION, which
     *         calls for a resend, not for negotiation)
     */
    public static NodeApiVersions from(ApiVersionsResponse response) {
        if (response.errorCode() != Errors.NONE.code()) {
            throw Errors.exceptionFor(response.errorCode(), "ApiVersions failed; no versions to negotiate");
        }
        return new NodeApiVersions(response.apiKeys(), response.finalizedFeaturesEpoch(),
                response.finalizedFeatures(), response.supportedFeatures());
    }

    /** From a list of broker ranges alone (tests, fakes); no features. */
    public static NodeApiVersions of(List<ApiVersionsResponse.ApiVersion> brokerRanges) {
        return new NodeApiVersions(brokerRanges, -1, List.of(), List.of());
    }

    /** min(our latest, broker latest) if that is within both ranges, else -1. */
    private static short intersect(ApiKey key, ApiVersionsResponse.ApiVersion broker) {
        short max = (short) Math.min(key.latestVersion(), broker.maxVersion());
        short min = (short) Math.max(key.oldestVersion(), broker.minVersion());
        return max >= min ? max : -1;
    }

    /**
     * The version to send {@code key} at on this connection.
     *
     * @throws UnsupportedVersionException naming the API and both ranges if they do not overlap, if the
     *         broker does not list the API, or if Samsa has not implemented it yet
     */
    public short latestUsableVersion(ApiKey key) {
        Short v = usable.get(key);
        if (v != null) {
            return v;
        }
        if (!key.implemented()) {
            throw key.unsupportedVersion(key.title() + "(" + key.id()
                    + "): Samsa does not implement this API yet");
        }
        ApiVersionsResponse.ApiVersion broker = brokerRanges.get(key.id());
        if (broker == null) {
            throw key.notSupportedByBroker();
        }
        throw key.noCommonVersion(broker.minVersion(), broker.maxVersion());
    }

    /**
     * {@link #latestUsableVersion(ApiKey)} capped at {@code max} (a request's {@link Request#maxVersion()}).
     *
     * @throws io.samsa.common.errors.UnsupportedVersionException if no common version is at or below {@code max}
     */
    public short latestUsableVersion(ApiKey key, short max) {
        short v = latestUsableVersion(key);
        if (v <= max) {
            return v;
        }
        ApiVersionsResponse.ApiVersion broker = brokerRanges.get(key.id());
        short oldest = (short) Math.max(key.oldestVersion(), broker == null ? 0 : broker.minVersion());
        if (max < oldest) {
            throw key.unsupportedVersion(key.title() + "(" + key.id() + "): this request needs version " + max
                    + " or older, and the oldest both sides speak is " + oldest);
        }
        return max;
    }

    /** Whether {@link #latestUsableVersion} would return a version for {@code key}. */
    public boolean supports(ApiKey key) {
        return usable.containsKey(key);
    }

    /** The broker's own range for {@code key}, or null if it did not list it. */
    public ApiVersionsResponse.ApiVersion brokerRange(ApiKey key) {
        return brokerRanges.get(key.id());
    }

    /** -1 if unknown; the finalized features are meaningful only when this is >= 0. */
    public long finalizedFeaturesEpoch() {
        return finalizedFeaturesEpoch;
    }

    /** Cluster-wide finalized feature levels by name (e.g. {@code transaction.version}, {@code metadata.version}). */
    public Map<String, ApiVersionsResponse.FinalizedFeature> finalizedFeatures() {
        return finalizedFeatures;
    }

    /**
     * The finalized max level of a feature, or 0 if it is not finalized: absent, or the finalized features epoch
     * is below 0 (the broker knows of none yet, or its ApiVersions version has no features). 0 is Kafka's meaning of
     * an absent feature: off.
     *
     * <p>{@link #TRANSACTION_VERSION} is the one a producer reads. At level 2 (KIP-890 part 2) a partition joins
     * the transaction through a transactional Produce v12+ (no AddPartitionsToTxn), a group through
     * TxnOffsetCommit v5 (no AddOffsetsToTxn), and the coordinator bumps the epoch at every EndTxn, whose v5
     * response carries the id and epoch to use next. Below level 2 a transactional producer must send at most
     * Produce v11, EndTxn v4 and TxnOffsetCommit v4, whatever {@link #latestUsableVersion} says: brokers take
     * the higher versions as the client speaking transaction version 2 ({@link EndTxnRequest} and
     * {@link TxnOffsetCommitRequest} name the caps).
     */
    public short finalizedFeatureLevel(String name) {
        if (finalizedFeaturesEpoch < 0) {
            return 0;
        }
        ApiVersionsResponse.FinalizedFeature f = finalizedFeatures.get(name);
        return f == null ? 0 : f.maxVersionLevel();
    }

    /** The features this broker could support, by name. */
    public Map<String, ApiVersionsResponse.SupportedFeature> supportedFeatures() {
        return supportedFeatures;
    }

    /** E.g. {@code NodeApiVersions(Produce v11 (broker 0..11), Metadata v12 (broker 0..12), ...)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("NodeApiVersions(");
        boolean first = true;
        for (ApiKey key : ApiKey.values()) {
            if (!key.implemented()) {
                continue;
            }
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(key.title());
            ApiVersionsResponse.ApiVersion broker = brokerRanges.get(key.id());
            Short v = usable.get(key);
            if (v != null) {
                sb.append(" v").append(v);
            } else {
                sb.append(" UNUSABLE");
            }
            sb.append(" (ours ").append(key.oldestVersion()).append("..").append(key.latestVersion())
                    .append(", broker ");
            if (broker == null) {
                sb.append("none");
            } else {
                sb.append(broker.minVersion()).append("..").append(broker.maxVersion());
            }
            sb.append(')');
        }
        if (!finalizedFeatures.isEmpty()) {
            sb.append(", finalized features (epoch ").append(finalizedFeaturesEpoch).append("): ");
            boolean f1 = true;
            for (ApiVersionsResponse.FinalizedFeature f : finalizedFeatures.values()) {
                if (!f1) {
                    sb.append(", ");
                }
                f1 = false;
                sb.append(f.name()).append('=').append(f.maxVersionLevel());
            }
        }
        return sb.append(')').toString();
    }
}

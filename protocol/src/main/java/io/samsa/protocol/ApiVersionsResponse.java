package io.samsa.protocol;

import io.samsa.common.errors.Errors;
import io.samsa.protocol.types.ProtocolException;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * ApiVersions response (key 18): which versions of which APIs the broker speaks, plus (v3+) its feature
 * levels, e.g. the finalized {@code transaction.version}.
 *
 * <pre>
 *   +-------------+----------------------------------------------+-------------------+-----------------+
 *   | error_code  | api_keys: count, then per entry:             | throttle_time_ms  | tagged fields   |
 *   | int16       | api_key int16 | min int16 | max int16 | tags | int32 (v1+)       | (v3+)           |
 *   +-------------+----------------------------------------------+-------------------+-----------------+
 *   count: int32 in v0-2, uvarint N+1 in v3+; per-entry tags only in v3+.
 *   tags: 0 SupportedFeatures [name, min_version int16, max_version int16]
 *         1 FinalizedFeaturesEpoch int64 (-1 = unknown)
 *         2 FinalizedFeatures [name, max_version_level int16, min_version_level int16]
 *         3 ZkMigrationReady bool
 * </pre>
 *
 * <p><b>The v0 fallback.</b> A broker that does not know the version we sent cannot answer in it, so it
 * answers UNSUPPORTED_VERSION (35) in the v0 layout, which every client can parse, listing (since Kafka 2.4)
 * its own ApiVersions range. {@link #parse} therefore reads with the version sent and, if that fails,
 * re-reads as v0; the caller then resends at {@link #fallbackRequestVersion()}. The error code is the first
 * two bytes in every layout, and ApiVersions responses use header v0 for the same reason (see
 * {@link ApiKey#responseHeaderVersion(short)}).
 */
public final class ApiVersionsResponse implements Response {

    /** One API the broker supports, with its inclusive version range. */
    public record ApiVersion(short apiKey, short minVersion, short maxVersion) {
        @Override
        public String toString() {
            ApiKey key = ApiKey.forId(apiKey);
            return (key == null ? "api" + apiKey : key.title()) + " v" + minVersion + ".." + maxVersion;
        }
    }

    /** A feature the broker can support, and its version range. */
    public record SupportedFeature(String name, short minVersion, short maxVersion) {
        public SupportedFeature {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A feature level finalized cluster-wide (valid when the epoch is >= 0). */
    public record FinalizedFeature(String name, short maxVersionLevel, short minVersionLevel) {
        public FinalizedFeature {
            Objects.requireNonNull(name, "name");
        }
    }

    private final short errorCode;
    private final List<ApiVersion> apiKeys;
    private final int throttleTimeMs;
    private final List<SupportedFeature> supportedFeatures;
    private final long finalizedFeaturesEpoch;
    private final List<FinalizedFeature> finalizedFeatures;
    private final boolean zkMigrationReady;

    private ApiVersionsResponse(Builder b) {
        this.errorCode = b.errorCode;
        this.apiKeys = List.copyOf(b.apiKeys);
        this.throttleTimeMs = b.throttleTimeMs;
        this.supportedFeatures = List.copyOf(b.supportedFeatures);
        this.finalizedFeaturesEpoch = b.finalizedFeaturesEpoch;
        this.finalizedFeatures = List.copyOf(b.finalizedFeatures);
        this.zkMigrationReady = b.zkMigrationReady;
    }

    public static Builder builder() {
        return new Builder();
    }

    public short errorCode() {
        return errorCode;
    }

    public Errors error() {
        return Errors.forCode(errorCode);
    }

    public List<ApiVersion> apiKeys() {
        return apiKeys;
    }

    @Override
    public int throttleTimeMs() {
        return throttleTimeMs;
    }

    public List<SupportedFeature> supportedFeatures() {
        return supportedFeatures;
    }

    /** -1 when unknown (or the version has no features); finalized features are valid only when >= 0. */
    public long finalizedFeaturesEpoch() {
        return finalizedFeaturesEpoch;
    }

    public List<FinalizedFeature> finalizedFeatures() {
        return finalizedFeatures;
    }

    public boolean zkMigrationReady() {
        return zkMigrationReady;
    }

    /** The broker's range for {@code key}, or null if it did not list it. */
    public ApiVersion find(ApiKey key) {
        for (ApiVersion v : apiKeys) {
            if (v.apiKey() == key.id()) {
                return v;
            }
        }
        return null;
    }

    /**
     * After UNSUPPORTED_VERSION: the ApiVersions version to resend at, which is the broker's max for
     * ApiVersions from the array, capped at ours; 0 if the broker did not list it (brokers before 2.4).
     */
    public short fallbackRequestVersion() {
        ApiVersion own = find(ApiKey.API_VERSIONS);
        if (own == null) {
            return 0;
        }
        return (short) Math.max(0, Math.min(own.maxVersion(), ApiKey.API_VERSIONS.latestVersion()));
    }

    // ---- encoding ----------------------------------------------------------------------------------------

    /** Writes the body at {@code version} (for fakes and tests that play the broker). */
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.API_VERSIONS, version);
        boolean flexible = version >= 3;
        w.writeShort(errorCode);
        MessageCodec.writeArray(w, apiKeys, flexible, (out, v) -> {
            out.writeShort(v.apiKey()).writeShort(v.minVersion()).writeShort(v.maxVersion());
            if (flexible) {
                out.writeEmptyTaggedFields();
            }
        });
        if (version >= 1) {
            w.writeInt(throttleTimeMs);
        }
        if (!flexible) {
            return;
        }
        // Like Kafka, write a tagged field only when it differs from its default.
        int tags = (supportedFeatures.isEmpty() ? 0 : 1) + (finalizedFeaturesEpoch == -1 ? 0 : 1)
                + (finalizedFeatures.isEmpty() ? 0 : 1) + (zkMigrationReady ? 1 : 0);
        w.writeUnsignedVarint(tags);
        if (!supportedFeatures.isEmpty()) {
            MessageCodec.writeTaggedField(w, 0, out -> MessageCodec.writeArray(out, supportedFeatures, true,
                    (o, f) -> o.writeString(f.name(), true).writeShort(f.minVersion()).writeShort(f.maxVersion())
                            .writeEmptyTaggedFields()));
        }
        if (finalizedFeaturesEpoch != -1) {
            MessageCodec.writeTaggedField(w, 1, out -> out.writeLong(finalizedFeaturesEpoch));
        }
        if (!finalizedFeatures.isEmpty()) {
            MessageCodec.writeTaggedField(w, 2, out -> MessageCodec.writeArray(out, finalizedFeatures, true,
                    (o, f) -> o.writeString(f.name(), true).writeShort(f.maxVersionLevel())
                            .writeShort(f.minVersionLevel()).writeEmptyTaggedFields()));
        }
        if (zkMigrationReady) {
            MessageCodec.writeTaggedField(w, 3, out -> out.writeBoolean(true));
        }
    }

    /**
     * Reads a response to an ApiVersions request sent at {@code version}, with the v0 fallback: if the body
     * does not decode as {@code version}, it is re-read in the v0 layout, which is accepted only if it
     * decodes exactly and carries an error (a broker uses the v0 layout only to report one).
     *
     * <p>{@code r} must cover exactly the response body: leftover bytes count as a failed decode, which is
     * what tells the two layouts apart.
     *
     * @throws ProtocolException if neither layout decodes (the v0 attempt's failure is attached as suppressed)
     */
    public static ApiVersionsResponse parse(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.API_VERSIONS, version);
        int start = r.position();
        try {
            return readExactly(r, version);
        } catch (ProtocolException e) {
            if (version == 0) {
                throw e;
            }
            r.buffer().position(start);
            try {
                ApiVersionsResponse v0 = readExactly(r, (short) 0);
                if (v0.errorCode != Errors.NONE.code()) {
                    return v0;
                }
                e.addSuppressed(new ProtocolException("the v0 layout decodes but carries no error code"));
            } catch (ProtocolException e0) {
                e.addSuppressed(e0);
            }
            throw e;
        }
    }

    private static ApiVersionsResponse readExactly(ProtocolReader r, short version) {
        ApiVersionsResponse response = read(r, version);
        if (r.remaining() != 0) {
            throw new ProtocolException("ApiVersions v" + version + " response: " + r.remaining()
                    + " bytes left over after the body");
        }
        return response;
    }

    /** Reads a body strictly as {@code version}, without the fallback. */
    public static ApiVersionsResponse read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.API_VERSIONS, version);
        boolean flexible = version >= 3;
        Builder b = builder();
        b.errorCode(r.readShort("error_code"));
        b.apiKeys(MessageCodec.readArray(r, "api_keys", flexible, flexible ? 7 : 6, in -> {
            ApiVersion v = new ApiVersion(in.readShort("api_key"), in.readShort("min_version"),
                    in.readShort("max_version"));
            if (flexible) {
                in.skipTaggedFields();
            }
            return v;
        }));
        if (version >= 1) {
            b.throttleTimeMs(r.readInt("throttle_time_ms"));
        }
        if (flexible) {
            r.readTaggedFields((tag, size, in) -> {
                switch (tag) {
                    case 0:
                        b.supportedFeatures(MessageCodec.readArray(in, "supported_features", true, 6,
                                f -> {
                                    SupportedFeature sf = new SupportedFeature(f.readString("name", true),
                                            f.readShort("min_version"), f.readShort("max_version"));
                                    f.skipTaggedFields();
                                    return sf;
                                }));
                        return true;
                    case 1:
                        b.finalizedFeaturesEpoch(in.readLong("finalized_features_epoch"));
                        return true;
                    case 2:
                        b.finalizedFeatures(MessageCodec.readArray(in, "finalized_features", true, 6,
                                f -> {
                                    FinalizedFeature ff = new FinalizedFeature(f.readString("name", true),
                                            f.readShort("max_version_level"), f.readShort("min_version_level"));
                                    f.skipTaggedFields();
                                    return ff;
                                }));
                        return true;
                    case 3:
                        b.zkMigrationReady(in.readBoolean("zk_migration_ready"));
                        return true;
                    default:
                        return false;
                }
            });
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiVersionsResponse other
                && errorCode == other.errorCode
                && throttleTimeMs == other.throttleTimeMs
                && finalizedFeaturesEpoch == other.finalizedFeaturesEpoch
                && zkMigrationReady == other.zkMigrationReady
                && apiKeys.equals(other.apiKeys)
                && supportedFeatures.equals(other.supportedFeatures)
                && finalizedFeatures.equals(other.finalizedFeatures);
    }

    @Override
    public int hashCode() {
        return Objects.hash(errorCode, apiKeys, throttleTimeMs, supportedFeatures, finalizedFeaturesEpoch,
                finalizedFeatures, zkMigrationReady);
    }

    @Override
    public String toString() {
        return "ApiVersionsResponse(error=" + Errors.describe(errorCode) + ", throttleTimeMs=" + throttleTimeMs
                + ", apiKeys=" + apiKeys + ", supportedFeatures=" + supportedFeatures
                + ", finalizedFeaturesEpoch=" + finalizedFeaturesEpoch + ", finalizedFeatures=" + finalizedFeatures
                + (zkMigrationReady ? ", zkMigrationReady" : "") + ")";
    }

    /** Builds a response; defaults are Kafka's (no error, epoch -1, empty lists). */
    public static final class Builder {
        private short errorCode;
        private List<ApiVersion> apiKeys = new ArrayList<>();
        private int throttleTimeMs;
        private List<SupportedFeature> supportedFeatures = List.of();
        private long finalizedFeaturesEpoch = -1;
        private List<FinalizedFeature> finalizedFeatures = List.of();
        private boolean zkMigrationReady;

        private Builder() {
        }

        public Builder errorCode(short errorCode) {
            this.errorCode = errorCode;
            return this;
        }

        public Builder apiKeys(List<ApiVersion> apiKeys) {
            this.apiKeys = new ArrayList<>(apiKeys);
            return this;
        }

        public Builder addApiKey(short apiKey, short minVersion, short maxVersion) {
            this.apiKeys.add(new ApiVersion(apiKey, minVersion, maxVersion));
            return this;
        }

        public Builder throttleTimeMs(int throttleTimeMs) {
            this.throttleTimeMs = throttleTimeMs;
            return this;
        }

        public Builder supportedFeatures(List<SupportedFeature> supportedFeatures) {
            this.supportedFeatures = List.copyOf(supportedFeatures);
            return this;
        }

        public Builder finalizedFeaturesEpoch(long finalizedFeaturesEpoch) {
            this.finalizedFeaturesEpoch = finalizedFeaturesEpoch;
            return this;
        }

        public Builder finalizedFeatures(List<FinalizedFeature> finalizedFeatures) {
            this.finalizedFeatures = List.copyOf(finalizedFeatures);
            return this;
        }

        public Builder zkMigrationReady(boolean zkMigrationReady) {
            this.zkMigrationReady = zkMigrationReady;
            return this;
        }

        public ApiVersionsResponse build() {
            return new ApiVersionsResponse(this);
        }
    }
}

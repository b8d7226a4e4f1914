package io.samsa.errors;

import io.samsa.protocol.ApiKey;

/**
 * Samsa and the broker share no version of an API, or a request cannot be expressed in the version chosen
 * (e.g. a field that version lacks). Not retriable with the same broker: the versions will not change.
 *
 * <p>The message names the API and both version ranges, e.g.
 * {@code "Produce(0): no common version: Samsa supports v3..13, broker supports v0..2"}.
 */
public class UnsupportedVersionException extends SamsaException {
    private static final long serialVersionUID = 1L;

    private final ApiKey apiKey;

    public UnsupportedVersionException(ApiKey apiKey, String message) {
        super(message);
        this.apiKey = apiKey;
    }

    /** No overlap between our range and the broker's. */
    public static UnsupportedVersionException noCommonVersion(ApiKey apiKey, short brokerMin, short brokerMax) {
        return new UnsupportedVersionException(apiKey, apiKey.title() + "(" + apiKey.id()
                + "): no common version: Samsa supports v" + apiKey.oldestVersion() + ".." + apiKey.latestVersion()
                + ", broker supports v" + brokerMin + ".." + brokerMax);
    }

    /** The broker did not list the API at all. */
    public static UnsupportedVersionException notSupportedByBroker(ApiKey apiKey) {
        return new UnsupportedVersionException(apiKey, apiKey.title() + "(" + apiKey.id()
                + "): the broker does not support this API at all (Samsa supports v" + apiKey.oldestVersion()
                + ".." + apiKey.latestVersion() + ", broker supports none)");
    }

    /** A message class was asked to write or read a version outside our range. */
    public static UnsupportedVersionException notImplemented(ApiKey apiKey, short version) {
        return new UnsupportedVersionException(apiKey, apiKey.title() + "(" + apiKey.id() + ") v" + version
                + " is outside the versions Samsa implements (v" + apiKey.oldestVersion() + ".."
                + apiKey.latestVersion() + ")" + (apiKey.implemented() ? "" : "; Samsa does not implement this API yet"));
    }

    /** The API concerned, or null if not known. */
    public ApiKey apiKey() {
        return apiKey;
    }
}

package io.samsa.common.errors;

/**
 * Samsa and the broker share no version of an API, or a request cannot be expressed in the version chosen
 * (e.g. a field that version lacks). Not retriable with the same broker: the versions will not change.
 *
 * <p>The message names the API and both version ranges, e.g.
 * {@code "Produce(0): no common version: Samsa supports v3..13, broker supports v0..2"}.
 *
 * <p>The API travels as its wire id and Kafka's name, not as {@code io.samsa.protocol.ApiKey}, because this
 * package sits below the codec. The codec makes these exceptions with {@code ApiKey}'s methods, and
 * {@code ApiKey.forId} maps the id back.
 */
public class UnsupportedVersionException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    /** The wire id of the API concerned, or -1 when not known. */
    private final short apiKeyId;
    /** Kafka's name for the API concerned, or null when not known. */
    private final String apiName;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public UnsupportedVersionException(String message) {
        this((short) -1, null, message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public UnsupportedVersionException(String message, Throwable cause) {
        super(message, cause);
        this.apiKeyId = -1;
        this.apiName = null;
    }

    /**
     * For an API the broker and Samsa cannot agree on a version of.
     *
     * @param apiKeyId the API's key as sent on the wire, e.g. 0 for Produce
     * @param apiName  Kafka's name for the API, e.g. {@code "Produce"}
     * @param message  what went wrong, naming the API and both version ranges
     */
    public UnsupportedVersionException(short apiKeyId, String apiName, String message) {
        super(message);
        this.apiKeyId = apiKeyId;
        this.apiName = apiName;
    }

    /** {@return the wire id of the API concerned, or -1 when not known} */
    public short apiKeyId() {
        return apiKeyId;
    }

    /** {@return Kafka's name for the API concerned, e.g. {@code "Produce"}, or null when not known} */
    public String apiName() {
        return apiName;
    }
}

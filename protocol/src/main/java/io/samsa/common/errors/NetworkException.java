package io.samsa.common.errors;

/**
 * A request could not complete because of the connection: the broker could not be reached, the connection
 * was lost while the request was in flight, or the peer sent bytes that are not a valid Kafka response.
 *
 * <p>The message names the broker (id and address), and, when a request was involved, its API, version and
 * correlation id; the cause is the underlying I/O or protocol error. Retriable: the request may succeed on a
 * new connection (the caller decides whether resending is safe). The broker code NETWORK_EXCEPTION (13) maps
 * here too ({@link Errors#NETWORK_EXCEPTION}).
 */
public class NetworkException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /** The broker id, or a negative id for a bootstrap address; -1 when not known. */
    private final int nodeId;
    /** {@code host:port} of the broker, or null when not known. */
    private final String address;
    /** The API and version of the failed request, or null. */
    private final String api;
    /** The correlation id of the failed request, or -1. */
    private final int correlationId;

    /** With neither message nor cause. */
    public NetworkException() {
        this(null, -1, null, null, -1, null);
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public NetworkException(String message) {
        this(message, -1, null, null, -1, null);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public NetworkException(String message, Throwable cause) {
        this(message, -1, null, null, -1, cause);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public NetworkException(Throwable cause) {
        this(cause == null ? null : cause.toString(), -1, null, null, -1, cause);
    }

    /**
     * With the broker and the request concerned.
     *
     * @param message       what went wrong
     * @param nodeId        the broker id (negative for a bootstrap address), or -1 when not known
     * @param address       {@code host:port} of the broker, or null
     * @param api           the API and version of the failed request ({@code "Produce v11"}), or null for a
     *                      connection failure
     * @param correlationId the correlation id of the failed request, or -1
     * @param cause         the underlying I/O or protocol error, or null
     */
    public NetworkException(String message, int nodeId, String address, String api, int correlationId,
                            Throwable cause) {
        super(message, cause);
        this.nodeId = nodeId;
        this.address = address;
        this.api = api;
        this.correlationId = correlationId;
    }

    /** {@return the broker id, or a negative id for a bootstrap address} */
    public int nodeId() {
        return nodeId;
    }

    /** {@return {@code host:port} of the broker, or null when not known} */
    public String address() {
        return address;
    }

    /** {@return the API and version of the failed request ({@code "Produce v11"}), or null for a connection failure} */
    public String api() {
        return api;
    }

    /** {@return the correlation id of the failed request, or -1} */
    public int correlationId() {
        return correlationId;
    }
}

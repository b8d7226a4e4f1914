package io.samsa.common.errors;

/**
 * Broker error {@link Errors#TELEMETRY_TOO_LARGE} (118): the client sent a push telemetry request larger than the broker accepts (the subscription's telemetry_max_bytes).
 */
public class TelemetryTooLargeException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public TelemetryTooLargeException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public TelemetryTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}

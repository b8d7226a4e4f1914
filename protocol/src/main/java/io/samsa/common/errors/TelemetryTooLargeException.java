package io.samsa.common.errors;

/**
 * Broker error {@link Errors#TELEMETRY_TOO_LARGE} (118): the client sent a push telemetry request larger than the broker accepts (the subscription's telemetry_max_bytes).
 */
public class TelemetryTooLargeException extends ApiException {
    private static final long serialVersionUID = 1L;

    public TelemetryTooLargeException(String message) {
        super(message);
    }

    public TelemetryTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.samsa.common.errors;

/** {@link Errors#THROTTLING_QUOTA_EXCEEDED}: a broker quota on this operation is used up for now. */
public class ThrottlingQuotaExceededException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /** How long the broker asks the client to wait, in milliseconds; 0 when it did not say. */
    private int throttleTimeMs = 0;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public ThrottlingQuotaExceededException(String message) {
        super(message);
    }

    /**
     * With the wait the broker asks for and a message.
     *
     * @param throttleTimeMs how long the broker asks the client to wait, in milliseconds
     * @param message        what went wrong
     */
    public ThrottlingQuotaExceededException(int throttleTimeMs, String message) {
        super(message);
        this.throttleTimeMs = throttleTimeMs;
    }

    /** {@return how long the broker asks the client to wait, or 0 when it did not say} */
    public int throttleTimeMs() {
        return throttleTimeMs;
    }
}

package io.samsa.common.errors;

/**
 * Broker error {@link Errors#OFFSET_METADATA_TOO_LARGE} (12): the metadata field of the offset request was too large.
 */
public class OffsetMetadataTooLarge extends ApiException {
    private static final long serialVersionUID = 1L;

    /** With neither message nor cause. */
    public OffsetMetadataTooLarge() {
        super();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public OffsetMetadataTooLarge(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public OffsetMetadataTooLarge(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public OffsetMetadataTooLarge(Throwable cause) {
        super(cause);
    }
}

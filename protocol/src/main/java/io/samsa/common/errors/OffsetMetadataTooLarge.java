package io.samsa.common.errors;

/**
 * Broker error {@link Errors#OFFSET_METADATA_TOO_LARGE} (12): the metadata field of the offset request was too large.
 */
public class OffsetMetadataTooLarge extends ApiException {
    private static final long serialVersionUID = 1L;

    public OffsetMetadataTooLarge() {
        super();
    }

    public OffsetMetadataTooLarge(String message) {
        super(message);
    }

    public OffsetMetadataTooLarge(String message, Throwable cause) {
        super(message, cause);
    }

    public OffsetMetadataTooLarge(Throwable cause) {
        super(cause);
    }
}

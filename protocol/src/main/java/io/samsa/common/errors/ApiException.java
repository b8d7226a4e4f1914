package io.samsa.common.errors;

import io.samsa.common.KafkaException;

/**
 * An error code returned by a broker, as an exception.
 *
 * <p>One type for every code (not one class per code): the code travels as data, {@link #error()} for the
 * known ones and {@link #code()} raw, so that a code Samsa does not know ({@link Errors#UNKNOWN}) is never
 * confused with another. Retriability comes from the {@link Errors} table.
 */
public class ApiException extends KafkaException {
    private static final long serialVersionUID = 1L;

    private final Errors error;
    private final short code;
    private final String brokerMessage;

    /**
     * @param error         the decoded error ({@link Errors#UNKNOWN} for codes not in the table)
     * @param code          the raw code from the wire
     * @param brokerMessage the broker's own message, if the response had one; may be null
     */
    public ApiException(Errors error, short code, String brokerMessage) {
        this(null, error, code, brokerMessage);
    }

    /**
     * @param context what failed, e.g. {@code "Produce to orders-3"}, prefixed to the message; may be null
     */
    public ApiException(String context, Errors error, short code, String brokerMessage) {
        super(buildMessage(context, error, code, brokerMessage));
        this.error = error;
        this.code = code;
        this.brokerMessage = brokerMessage;
    }

    private static String buildMessage(String context, Errors error, short code, String brokerMessage) {
        StringBuilder sb = new StringBuilder();
        if (context != null && !context.isEmpty()) {
            sb.append(context).append(": ");
        }
        sb.append(error.name()).append(" (").append(code).append("): ").append(error.description());
        if (brokerMessage != null && !brokerMessage.isEmpty()) {
            sb.append(" Broker says: ").append(brokerMessage);
        }
        return sb.toString();
    }

    /** The error; {@link Errors#UNKNOWN} when the broker sent a code Samsa does not list (see {@link #code()}). */
    public Errors error() {
        return error;
    }

    /** The raw error code as received. */
    public short code() {
        return code;
    }

    /** The broker's message (e.g. a Produce error_message), or null if it sent none. */
    public String brokerMessage() {
        return brokerMessage;
    }

    @Override
    public boolean isRetriable() {
        return error.retriable();
    }

    /** True when metadata should be refreshed before retrying. */
    public boolean isInvalidMetadata() {
        return error.invalidMetadata();
    }
}

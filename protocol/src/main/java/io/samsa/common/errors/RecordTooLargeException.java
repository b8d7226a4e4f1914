package io.samsa.common.errors;

import io.samsa.common.KafkaException;

/**
 * A record cannot be sent because it is larger than a limit: {@code max.request.size} or {@code buffer.memory}
 * on the producer (checked before anything is sent), or the broker's {@code message.max.bytes} / topic
 * {@code max.message.bytes} (a batch of that single record was refused with MESSAGE_TOO_LARGE). The message
 * names the size and the limit. Not retriable: the same record is as large the next time.
 */
public class RecordTooLargeException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public RecordTooLargeException(String message) {
        super(message);
    }
}

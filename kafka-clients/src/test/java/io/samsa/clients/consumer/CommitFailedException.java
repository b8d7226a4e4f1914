package io.samsa.clients.consumer;

import io.samsa.common.KafkaException;

/**
 * Stands for a Samsa exception class added after the translation was written: Samsa has no consumer, but Apache
 * Kafka has {@code org.apache.kafka.clients.consumer.CommitFailedException}, so {@code ApacheExceptionsTest} shows
 * that a new class is translated by its name alone, with no change to the translation.
 */
public class CommitFailedException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public CommitFailedException(String message) {
        super(message);
    }
}

package io.samsa.kafka.embedded;

/**
 * Something went wrong starting, driving or stopping an embedded (or external test) Kafka cluster: a version that
 * is not available, a broker that did not come up in time, an admin operation the cluster refused. The message
 * says what, and where it helps, carries the tail of the relevant broker log.
 */
public class KafkaEmbeddedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KafkaEmbeddedException(String message) {
        super(message);
    }

    public KafkaEmbeddedException(String message, Throwable cause) {
        super(message, cause);
    }
}

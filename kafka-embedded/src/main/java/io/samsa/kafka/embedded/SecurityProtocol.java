package io.samsa.kafka.embedded;

/**
 * Kafka's listener security protocols, as written in {@code listener.security.protocol.map} and in a client's
 * {@code security.protocol}.
 */
public enum SecurityProtocol {
    PLAINTEXT,
    SSL,
    SASL_PLAINTEXT,
    SASL_SSL
}

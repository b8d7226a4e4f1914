package io.samsa.security;

import javax.net.ssl.SSLEngine;
import java.io.Closeable;
import java.util.Map;

/**
 * Makes the {@link SSLEngine} of each TLS connection to a broker. Set {@code ssl.engine.factory.class} to a class
 * implementing this to take TLS set-up into your own hands: keys from a vault or a hardware module, a custom
 * {@code TrustManager}, certificate pinning, a JSSE provider of your choice. Unset, Samsa uses
 * {@link SslEngineFactory}, built from the {@code ssl.*} keys.
 *
 * <p>Samsa's own interface, not Apache Kafka's {@code org.apache.kafka.common.security.auth.SslEngineFactory}
 * (whose server-side, key store and reconfiguration methods a producer never calls). An Apache factory moves
 * over by implementing {@link #createClientEngine} with the body of its {@code createClientSslEngine}.
 *
 * <p><b>What the engine must be.</b> In client mode ({@code setUseClientMode(true)}), created for
 * {@code peerHost}/{@code peerPort} (so that TLS session resumption and SNI work), with whatever checks the
 * connection needs already set: Samsa adds none. In particular host name verification is the provider's job
 * ({@code SSLParameters.setEndpointIdentificationAlgorithm("HTTPS")}); {@code ssl.endpoint.identification.algorithm}
 * and the other {@code ssl.*} keys reach the provider only through {@link #configure}. The handshake, the
 * wrapping and unwrapping and the timeouts are Samsa's (the same code as for the built-in factory).
 *
 * <p><b>Threads.</b> One instance per producer. {@link #configure} is called once, on the thread that creates the
 * producer, before anything else; {@link #createClientEngine} on the producer's I/O thread, once per connection
 * attempt, so it must not block for long (load key material in {@code configure}); {@link #close} once, when the
 * producer closes, after its I/O thread has stopped. A {@link RuntimeException} from {@code configure} fails the
 * producer's constructor with a {@code ConfigException} naming {@code ssl.engine.factory.class}; one from
 * {@code createClientEngine} fails that connection attempt, and the records waiting for it, with an
 * {@code SslAuthenticationException}.
 */
public interface SslEngineProvider extends Closeable {

    /**
     * Called once before any engine is made, with the producer's configuration as the user gave it (unknown keys
     * included, so the provider can have settings of its own; secrets as given, String or
     * {@link io.samsa.common.config.types.Password}) and the effective {@code client.id}.
     */
    default void configure(Map<String, ?> configs) {
    }

    /**
     * A new client-mode engine for one connection to {@code peerHost:peerPort} (the broker's address as
     * advertised in metadata, or as given in {@code bootstrap.servers}). Never null.
     */
    SSLEngine createClientEngine(String peerHost, int peerPort);

    /** Releases what the provider holds. Called once, when the producer closes. */
    @Override
    default void close() {
    }
}

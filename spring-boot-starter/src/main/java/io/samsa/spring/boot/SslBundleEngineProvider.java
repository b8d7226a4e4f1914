package io.samsa.spring.boot;

import io.samsa.security.SslEngineProvider;
import org.springframework.boot.ssl.SslBundle;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.util.Map;

/**
 * TLS from a Spring Boot {@link SslBundle} ({@code spring.kafka.ssl.bundle}, or a {@code KafkaConnectionDetails}
 * bean's bundle) for the Samsa producer. Boot hands its own producer the bundle through Apache Kafka's
 * {@code SslEngineFactory} interface, which Samsa does not load ({@code ssl.engine.factory.class} names a Samsa
 * {@link SslEngineProvider}); this is that factory's counterpart, and the auto-configuration puts it in its place.
 *
 * <p>As Boot's factory: the bundle is found in the configuration under {@code SslBundle}'s class name, each
 * connection gets an engine from a new context of the bundle (so a reloaded bundle serves new connections), and
 * {@code ssl.endpoint.identification.algorithm} (by default {@code https}, as Kafka's) sets the host name check.
 */
public class SslBundleEngineProvider implements SslEngineProvider {
    static final String SSL_BUNDLE_CONFIG = SslBundle.class.getName();
    private static final String ENDPOINT_IDENTIFICATION_CONFIG = "ssl.endpoint.identification.algorithm";

    private volatile SslBundle bundle;
    private volatile String endpointIdentification = "https";

    @Override
    public void configure(Map<String, ?> configs) {
        Object value = configs.get(SSL_BUNDLE_CONFIG);
        if (!(value instanceof SslBundle sslBundle)) {
            throw new IllegalArgumentException("no " + SSL_BUNDLE_CONFIG + " in the configuration, but " + value);
        }
        bundle = sslBundle;
        Object algorithm = configs.get(ENDPOINT_IDENTIFICATION_CONFIG);
        if (algorithm != null) {
            endpointIdentification = algorithm.toString();
        }
    }

    @Override
    public SSLEngine createClientEngine(String peerHost, int peerPort) {
        SslBundle sslBundle = bundle;
        if (sslBundle == null) {
            throw new IllegalStateException("not configured: no SslBundle");
        }
        SSLEngine engine = sslBundle.createSslContext().createSSLEngine(peerHost, peerPort);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        // An empty algorithm turns the check off, as in Kafka's configuration.
        parameters.setEndpointIdentificationAlgorithm(endpointIdentification.isEmpty() ? null
                : endpointIdentification);
        engine.setSSLParameters(parameters);
        return engine;
    }
}

package io.samsa.clients.producer;

import io.samsa.security.SslEngineProvider;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A user's {@code ssl.engine.factory.class} for the tests: trusts exactly the CA certificate given in its own
 * config key {@value #TRUSTED_CA_PEM} (ignoring the {@code ssl.truststore.*} keys), verifies host names, and
 * counts what the producer does with it. With {@value #FAIL} set, creating an engine throws.
 *
 * <p>The counters are static because the producer creates the instance; tests using them do not run in
 * parallel (surefire runs test methods one at a time here).
 */
public class PinnedCaEngineProvider implements SslEngineProvider {
    public static final String TRUSTED_CA_PEM = "pinned.ca.pem";
    public static final String FAIL = "pinned.fail.engine";

    static final AtomicInteger CONFIGURED = new AtomicInteger();
    static final AtomicInteger CLOSED = new AtomicInteger();
    static final List<String> ENGINES_FOR = new CopyOnWriteArrayList<>();
    static final List<Map<String, Object>> CONFIGS = new CopyOnWriteArrayList<>();

    private SSLContext context;
    private boolean fail;

    static void reset() {
        CONFIGURED.set(0);
        CLOSED.set(0);
        ENGINES_FOR.clear();
        CONFIGS.clear();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        CONFIGURED.incrementAndGet();
        CONFIGS.add(new java.util.HashMap<>(configs));
        fail = "true".equals(String.valueOf(configs.get(FAIL)));
        Object pem = configs.get(TRUSTED_CA_PEM);
        if (pem == null) {
            throw new IllegalArgumentException(TRUSTED_CA_PEM + " is not set");
        }
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("pinned", CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.toString().getBytes(StandardCharsets.US_ASCII))));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            context = SSLContext.getInstance("TLSv1.3");
            context.init(null, tmf.getTrustManagers(), null);
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the pinned trust: " + e, e);
        }
    }

    @Override
    public SSLEngine createClientEngine(String peerHost, int peerPort) {
        ENGINES_FOR.add(peerHost + ":" + peerPort);
        if (fail) {
            throw new IllegalStateException("the key vault is sealed");
        }
        SSLEngine engine = context.createSSLEngine(peerHost, peerPort);
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(params);
        return engine;
    }

    @Override
    public void close() {
        CLOSED.incrementAndGet();
    }
}

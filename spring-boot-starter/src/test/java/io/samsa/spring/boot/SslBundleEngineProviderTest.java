package io.samsa.spring.boot;

import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;

import javax.net.ssl.SSLEngine;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SSL bundle's engines as Samsa's TLS connections get them. */
class SslBundleEngineProviderTest {

    @Test
    void makesClientEnginesThatCheckTheHostByDefault() {
        SslBundleEngineProvider provider = new SslBundleEngineProvider();
        provider.configure(Map.of(SslBundle.class.getName(), SslBundle.of(SslStoreBundle.NONE)));
        SSLEngine engine = provider.createClientEngine("broker-1", 9093);
        assertThat(engine.getUseClientMode()).isTrue();
        assertThat(engine.getPeerHost()).isEqualTo("broker-1");
        assertThat(engine.getPeerPort()).isEqualTo(9093);
        assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualToIgnoringCase("https");
    }

    @Test
    void anEmptyEndpointIdentificationAlgorithmTurnsTheHostCheckOff() {
        SslBundleEngineProvider provider = new SslBundleEngineProvider();
        provider.configure(Map.of(SslBundle.class.getName(), SslBundle.of(SslStoreBundle.NONE),
                "ssl.endpoint.identification.algorithm", ""));
        assertThat(provider.createClientEngine("broker-1", 9093).getSSLParameters()
                .getEndpointIdentificationAlgorithm()).isNull();
    }

    @Test
    void withoutABundleConfigureFails() {
        assertThatThrownBy(() -> new SslBundleEngineProvider().configure(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(SslBundle.class.getName());
    }
}

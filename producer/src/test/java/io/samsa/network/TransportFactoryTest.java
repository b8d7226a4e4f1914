package io.samsa.network;

import io.samsa.common.Node;
import io.samsa.common.errors.SslAuthenticationException;
import io.samsa.clients.producer.TestConfigs;
import io.samsa.security.SecurityConfig;
import io.samsa.security.SecurityProtocol;
import io.samsa.security.SslEngineProvider;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.Map;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransportFactoryTest {
    private static final Node NODE = new Node(1, "broker-1.example", 9093);

    private static final class FailingProvider implements SslEngineProvider {
        @Override
        public SSLEngine createClientEngine(String peerHost, int peerPort) {
            throw new IllegalStateException("keystore gone");
        }
    }

    private static TransportFactory tls(SslEngineProvider provider) {
        return new TransportFactory(TestConfigs.network(Map.of()), new SecurityConfig(SecurityProtocol.SSL, provider, null));
    }

    @Test
    void socketsAreNonBlockingWithNoDelayAndKeepAlive() throws Exception {
        try (SocketChannel channel = new TransportFactory(TestConfigs.network(Map.of()), SecurityConfig.PLAINTEXT).open()) {
            assertThat(channel.isBlocking()).isFalse();
            assertThat(channel.getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
            assertThat(channel.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
            assertThat(new TransportFactory(TestConfigs.network(Map.of()), SecurityConfig.PLAINTEXT)
                    .newTransport(channel, NODE)).isInstanceOf(PlaintextTransport.class);
        }
    }

    @Test
    void theEngineOfTheProviderMakesATlsTransportForTheBrokersHost() throws Exception {
        String[] asked = new String[1];
        SslEngineProvider provider = (host, port) -> {
            asked[0] = host + ":" + port;
            try {
                SSLEngine engine = SSLContext.getDefault().createSSLEngine(host, port);
                engine.setUseClientMode(true);
                return engine;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        try (SocketChannel channel = tls(provider).open()) {
            assertThat(tls(provider).newTransport(channel, NODE)).isInstanceOf(TlsTransport.class);
        }
        assertThat(asked[0]).isEqualTo("broker-1.example:9093");
    }

    @Test
    void aProviderThatFailsOrGivesNoEngineIsAnAuthenticationFailureNamingIt() throws Exception {
        try (SocketChannel channel = tls(new FailingProvider()).open()) {
            assertThatThrownBy(() -> tls(new FailingProvider()).newTransport(channel, NODE))
                    .isInstanceOf(SslAuthenticationException.class)
                    .hasMessageContaining("Cannot create the TLS engine for " + NODE)
                    .hasMessageContaining(FailingProvider.class.getName()).hasMessageContaining("keystore gone");
            assertThatThrownBy(() -> tls((host, port) -> null).newTransport(channel, NODE))
                    .isInstanceOf(SslAuthenticationException.class)
                    .hasMessageContaining("createClientEngine returned null");
        }
    }
}

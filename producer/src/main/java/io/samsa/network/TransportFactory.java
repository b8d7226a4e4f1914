package io.samsa.network;

import io.samsa.common.Node;
import io.samsa.common.errors.SslAuthenticationException;
import io.samsa.security.SecurityConfig;

import javax.net.ssl.SSLEngine;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * Opens the sockets to brokers with the configured options and puts the transport of {@code security.protocol}
 * on them: plaintext, or TLS with an engine from the {@code ssl.engine.factory.class}.
 *
 * <p><b>Threading.</b> Used by the I/O thread only; it keeps no state beyond its configuration.
 */
final class TransportFactory {
    private final NetworkConfig config;
    private final SecurityConfig security;

    TransportFactory(NetworkConfig config, SecurityConfig security) {
        this.config = config;
        this.security = security;
    }

    /**
     * A non-blocking socket, not yet connected: TCP_NODELAY (requests are whole frames, written at once),
     * SO_KEEPALIVE, and {@code send.buffer.bytes} / {@code receive.buffer.bytes} unless -1 (the OS default).
     */
    SocketChannel open() throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            if (config.sendBufferBytes() > 0) {
                channel.setOption(StandardSocketOptions.SO_SNDBUF, config.sendBufferBytes());
            }
            if (config.receiveBufferBytes() > 0) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBufferBytes());
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** True when the transport needs its own handshake (TLS) before Kafka bytes flow. */
    boolean usesTls() {
        return security.protocol().usesTls();
    }

    /**
     * The transport for {@code channel}, a socket to {@code node}.
     *
     * @throws SslAuthenticationException when the {@code ssl.engine.factory.class} cannot make an engine: the
     *         attempt fails like a failed handshake (waiting records fail at once), and the I/O thread lives on
     */
    Transport newTransport(SocketChannel channel, Node node) {
        if (!usesTls()) {
            return new PlaintextTransport(channel);
        }
        try {
            // Host and port let the engine send SNI and, with ssl.endpoint.identification.algorithm=https, check
            // that the broker's certificate names this host.
            SSLEngine engine = security.ssl().createClientEngine(node.host(), node.port());
            if (engine == null) {
                throw new IllegalStateException("createClientEngine returned null");
            }
            return new TlsTransport(channel, engine); // inside the try: it calls into the provider's engine
        } catch (RuntimeException e) {
            throw TlsFailures.engineFailed(node, security.ssl(), e);
        }
    }
}

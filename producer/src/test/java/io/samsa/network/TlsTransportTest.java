package io.samsa.network;

import io.samsa.kafka.embedded.TestCertificates;
import io.samsa.security.SslEngineFactory;
import io.samsa.security.SslSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link TlsTransport} against an in-JVM TLS peer (the JDK's blocking {@link SSLSocket}) that answers in
 * awkward pieces: one byte per TLS record, and records far larger than one read, so that BUFFER_UNDERFLOW,
 * buffer growth and partial socket writes all happen. A real broker is not needed to make bytes arrive badly.
 */
class TlsTransportTest {
    private static TestCertificates certs;
    private static SSLContext serverContext;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.generate(Files.createTempDirectory("samsa-tls-test"));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certs.brokerKeystore())) {
            ks.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(ks, TestCertificates.PASSWORD.toCharArray());
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
    }

    @AfterAll
    static void cleanUp() {
        // The certificate directory is in the temp dir; nothing else to release.
    }

    private static SslSettings trusting(Path truststore) {
        return SslSettings.defaults().withTruststore("PKCS12", truststore.toString(), TestCertificates.PASSWORD);
    }

    /** An echo peer: reads {@code size} bytes, then writes them back in the given TLS record sizes. */
    private static Thread echoPeer(SSLServerSocket server, int size, int chunk) {
        Thread t = new Thread(() -> {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                InputStream in = s.getInputStream();
                byte[] data = in.readNBytes(size);
                OutputStream out = s.getOutputStream();
                for (int off = 0; off < size; off += chunk) {
                    out.write(data, off, Math.min(chunk, size - off)); // each write is at least one TLS record
                    out.flush();
                }
                in.read(); // until the client closes
            } catch (Exception e) {
                // the test's assertions report what went wrong on the client side
            }
        }, "tls-echo-peer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static byte[] roundTrip(SslSettings settings, int port, byte[] payload) throws Exception {
        try (Selector selector = Selector.open(); SocketChannel ch = SocketChannel.open()) {
            ch.configureBlocking(false);
            ch.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4096); // force partial writes
            ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4096);
            ch.connect(new InetSocketAddress("127.0.0.1", port));
            SelectionKey key = ch.register(selector, SelectionKey.OP_CONNECT);
            TlsTransport t = new TlsTransport(ch, new SslEngineFactory(settings).createClientEngine("127.0.0.1", port));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            ByteBuffer out = ByteBuffer.wrap(payload);
            ByteBuffer in = ByteBuffer.allocate(payload.length);
            boolean connected = false;
            boolean shook = false;
            while (in.hasRemaining()) {
                assertThat(System.nanoTime()).as("round trip within 60 s").isLessThan(deadline);
                selector.select(100);
                selector.selectedKeys().clear();
                if (!connected) {
                    if (!ch.finishConnect()) {
                        continue;
                    }
                    connected = true;
                }
                if (!shook) {
                    shook = t.handshake();
                    key.interestOps(t.interestOps());
                    continue;
                }
                if (out.hasRemaining() || t.hasPendingWrites()) {
                    t.write(new ByteBuffer[] {out}, 0, 1);
                    t.flush();
                }
                int n = t.read(in);
                assertThat(n).as("no end of stream before the echo").isNotNegative();
                key.interestOps(SelectionKey.OP_READ
                        | (out.hasRemaining() || t.hasPendingWrites() ? SelectionKey.OP_WRITE : 0));
            }
            assertThat(t.describe()).startsWith("TLSv1.3");
            t.close();
            return in.array();
        }
    }

    @Test
    void largePayloadSurvivesPartialWritesAndTinyRecords() throws Exception {
        byte[] payload = new byte[200_000];
        new Random(7).nextBytes(payload);
        for (int chunk : new int[] {1, 7, 16_384, 100_000}) {
            byte[] small = chunk == 1 ? java.util.Arrays.copyOf(payload, 3_000) : payload;
            try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory()
                    .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                Thread peer = echoPeer(server, small.length, chunk);
                assertThat(roundTrip(trusting(certs.truststore()), server.getLocalPort(), small))
                        .as("echo in %d-byte records", chunk).isEqualTo(small);
                peer.join(10_000);
            }
        }
    }

    @Test
    void untrustedPeerFailsTheHandshake() throws Exception {
        try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            echoPeer(server, 10, 10);
            assertThatThrownBy(() -> roundTrip(trusting(certs.untrustedTruststore()), server.getLocalPort(),
                    new byte[10])).isInstanceOf(SSLException.class).hasMessageContaining("PKIX");
        }
    }
}

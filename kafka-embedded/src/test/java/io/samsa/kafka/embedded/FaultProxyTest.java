package io.samsa.kafka.embedded;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The proxy's faults against a plain framed echo server (int32 size, then the body; the answer is the same frame):
 * what the client and the upstream see when connections are reset, stalled and cut.
 */
class FaultProxyTest {
    private ServerSocket upstream;
    private FaultProxy proxy;
    /** Frame bodies the upstream received in full, and the sizes it was promised for frames that ended early. */
    private final BlockingQueue<String> upstreamSaw = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws IOException {
        upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serve, "echo-accept");
        t.setDaemon(true);
        t.start();
        int port = PortAllocator.allocate();
        proxy = new FaultProxy(1, port, upstream.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        upstream.close();
    }

    private void serve() {
        while (!upstream.isClosed()) {
            try {
                Socket s = upstream.accept();
                Thread t = new Thread(() -> echo(s), "echo");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void echo(Socket s) {
        try (DataInputStream in = new DataInputStream(s.getInputStream());
             DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
            while (true) {
                int size = in.readInt();
                byte[] body = new byte[size];
                int read = 0;
                try {
                    while (read < size) {
                        int n = in.read(body, read, size - read);
                        if (n < 0) {
                            break;
                        }
                        read += n;
                    }
                } catch (IOException reset) {
                    // a reset ends the frame as EOF would
                }
                if (read < size) {
                    upstreamSaw.add("partial " + read + "/" + size);
                    return;
                }
                upstreamSaw.add(new String(body, java.nio.charset.StandardCharsets.US_ASCII));
                out.writeInt(size);
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // the proxy closed or reset it
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static String roundTrip(Socket s, String body) throws IOException {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeInt(body.length());
        out.write(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] answer = new byte[in.readInt()];
        in.readFully(answer);
        return new String(answer, java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void forwardsFramesBothWays() throws Exception {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "hello")).isEqualTo("hello");
            assertThat(roundTrip(s, "x".repeat(200_000))).hasSize(200_000);
        }
        assertThat(proxy.connectionsAccepted()).isEqualTo(1);
        assertThat(proxy.bytesToBroker()).isEqualTo(4 + 5 + 4 + 200_000);
    }

    @Test
    void resetConnectionsResetsTheClient() throws Exception {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "before")).isEqualTo("before");
            proxy.resetConnections();
            assertThatThrownBy(() -> roundTrip(s, "after")).isInstanceOf(IOException.class)
                    .isNotInstanceOf(SocketTimeoutException.class);
        }
        assertThat(proxy.connectionsReset()).isEqualTo(1);
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "again")).isEqualTo("again");
        }
    }

    @Test
    void stallHoldsTheBytesUntilItEnds() throws Exception {
        try (Socket s = connect()) {
            proxy.stall(Duration.ofSeconds(30));
            s.setSoTimeout(300);
            assertThatThrownBy(() -> roundTrip(s, "held")).isInstanceOf(SocketTimeoutException.class);
            assertThat(upstreamSaw.poll(200, TimeUnit.MILLISECONDS)).isNull();
            proxy.resume();
            s.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] answer = new byte[in.readInt()];
            in.readFully(answer);
            assertThat(new String(answer, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("held");
        }
    }

    @Test
    void aCutRequestReachesTheUpstreamInPartThenBothSidesAreReset() throws Exception {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "whole")).isEqualTo("whole");
            assertThat(upstreamSaw.poll(5, TimeUnit.SECONDS)).isEqualTo("whole");
            proxy.cutNextRequests(1);
            assertThatThrownBy(() -> roundTrip(s, "0123456789")).isInstanceOf(IOException.class);
        }
        assertThat(upstreamSaw.poll(5, TimeUnit.SECONDS)).isEqualTo("partial 5/10");
        assertThat(proxy.requestsCut()).isEqualTo(1);
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "next")).isEqualTo("next");
        }
    }

    @Test
    void refusedConnectionsAreResetOnArrival() throws Exception {
        proxy.refuseConnections(true);
        try (Socket s = connect()) {
            assertThatThrownBy(() -> roundTrip(s, "no")).isInstanceOfAny(SocketException.class, IOException.class);
        }
        proxy.refuseConnections(false);
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "yes")).isEqualTo("yes");
        }
    }
}

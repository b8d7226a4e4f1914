package io.samsa.network;

import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ApiVersionsResponse;
import io.samsa.protocol.RequestHeader;
import io.samsa.protocol.ResponseHeader;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A loopback peer that speaks just enough Kafka (through our own codec) to script what a real broker will not do
 * on demand: hold responses so the client's in-flight limit can be observed on the wire, answer with a wrong
 * correlation id, never answer, or reject ApiVersions with the v0-layout UNSUPPORTED_VERSION fallback.
 *
 * <p>ApiVersions is answered automatically from {@link #advertised}; every other request is put on
 * {@link #requests} for the test to answer (or not) through {@link Received#respond}.
 */
public final class ScriptedBroker implements AutoCloseable {
    /** One request as the peer received it. */
    public final class Received {
        public final RequestHeader header;
        public final ByteBuffer body;
        final Conn conn;

        Received(RequestHeader header, ByteBuffer body, Conn conn) {
            this.header = header;
            this.body = body;
            this.conn = conn;
        }

        public void respond(Consumer<ProtocolWriter> bodyWriter) throws IOException {
            respondAs(header.correlationId(), bodyWriter);
        }

        public void respondAs(int correlationId, Consumer<ProtocolWriter> bodyWriter) throws IOException {
            ProtocolWriter w = ProtocolWriter.forFrame(128);
            ResponseHeader.write(w, header.apiKey(), header.apiVersion(), correlationId);
            bodyWriter.accept(w);
            conn.answer(this, w.finishFrame().toByteArray());
        }
    }

    /**
     * One client connection. Like a real broker, it answers requests in the order they arrived: a response
     * given for a later request waits until every earlier request on the connection has been answered (a
     * request never answered holds back the ones after it, as on Kafka).
     */
    final class Conn {
        final Socket socket;
        /** Requests received and not yet answered on the wire, in arrival order, with their response if ready. */
        private final java.util.LinkedHashMap<Received, byte[]> outstanding = new java.util.LinkedHashMap<>();

        Conn(Socket socket) {
            this.socket = socket;
        }

        synchronized void received(Received r) {
            outstanding.put(r, null);
        }

        synchronized void answer(Received r, byte[] frame) throws IOException {
            if (!outstanding.containsKey(r)) {
                write(frame); // not tracked (e.g. a raw answer written by a test): goes out at once
                return;
            }
            outstanding.put(r, frame);
            for (java.util.Iterator<java.util.Map.Entry<Received, byte[]>> it = outstanding.entrySet().iterator();
                 it.hasNext(); ) {
                java.util.Map.Entry<Received, byte[]> head = it.next();
                if (head.getValue() == null) {
                    return;
                }
                write(head.getValue());
                it.remove();
            }
        }

        synchronized void write(byte[] frame) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(frame);
            out.flush();
        }
    }

    private final ServerSocket server;
    public final BlockingQueue<Received> requests = new LinkedBlockingQueue<>();
    /** ApiVersions versions the peer received, in order. */
    final List<Short> apiVersionsSeen = new CopyOnWriteArrayList<>();
    /** Connections that reached EOF (closed by the client). */
    final BlockingQueue<Conn> closed = new LinkedBlockingQueue<>();
    /** The broker's ranges; by default ours. */
    volatile List<ApiVersionsResponse.ApiVersion> advertised = ours();
    /** ApiVersions versions above this get the v0-layout UNSUPPORTED_VERSION answer. */
    volatile short maxApiVersionsVersion = ApiKey.API_VERSIONS.latestVersion();

    public ScriptedBroker() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "scripted-broker-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Our ranges, less the telemetry APIs: a broker offers those only when a telemetry plugin is installed, and
     * without them the producer's telemetry stops after its first request instead of reaching the script.
     */
    static List<ApiVersionsResponse.ApiVersion> ours() {
        List<ApiVersionsResponse.ApiVersion> out = new ArrayList<>();
        for (ApiKey k : ApiKey.implementedKeys()) {
            if (k == ApiKey.GET_TELEMETRY_SUBSCRIPTIONS || k == ApiKey.PUSH_TELEMETRY) {
                continue;
            }
            out.add(new ApiVersionsResponse.ApiVersion(k.id(), k.oldestVersion(), k.latestVersion()));
        }
        return out;
    }

    public int port() {
        return server.getLocalPort();
    }

    public Received next() throws InterruptedException {
        Received r = requests.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no request reached the scripted broker within 10 s");
        }
        return r;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Conn c = new Conn(s);
                Thread t = new Thread(() -> serve(c), "scripted-broker-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Conn c) {
        try (DataInputStream in = new DataInputStream(c.socket.getInputStream())) {
            while (true) {
                int size;
                try {
                    size = in.readInt();
                } catch (IOException eof) {
                    closed.add(c);
                    return;
                }
                byte[] frame = new byte[size];
                in.readFully(frame);
                ProtocolReader r = new ProtocolReader(ByteBuffer.wrap(frame));
                RequestHeader h = RequestHeader.read(r);
                Received rec = new Received(h, r.buffer().slice(), c);
                c.received(rec);
                if (h.apiKey() == ApiKey.API_VERSIONS) {
                    apiVersionsSeen.add(h.apiVersion());
                    answerApiVersions(rec);
                } else {
                    requests.add(rec);
                }
            }
        } catch (IOException e) {
            closed.add(c);
        }
    }

    private void answerApiVersions(Received rec) throws IOException {
        short v = rec.header.apiVersion();
        if (v > maxApiVersionsVersion) {
            // What a broker older than our ApiVersions does: v0 body layout, error 35, its own range for key 18.
            ProtocolWriter w = ProtocolWriter.forFrame(64);
            w.writeInt(rec.header.correlationId()); // response header v0
            w.writeShort((short) 35);
            w.writeInt(1);
            w.writeShort(ApiKey.API_VERSIONS.id()).writeShort((short) 0).writeShort(maxApiVersionsVersion);
            rec.conn.answer(rec, w.finishFrame().toByteArray());
            return;
        }
        ApiVersionsResponse.Builder b = ApiVersionsResponse.builder();
        for (ApiVersionsResponse.ApiVersion a : advertised) {
            b.addApiKey(a.apiKey(), a.minVersion(), a.maxVersion());
        }
        ApiVersionsResponse resp = b.build();
        rec.respond(w -> resp.write(w, v));
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

package io.samsa.network;

import io.samsa.protocol.types.ProtocolException;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Framing of incoming bytes, fed by a transport that hands over exactly the chunks the test gives it. */
class ResponseReaderTest {
    private static final int MAX = 8 << 20;

    /** A transport with scripted incoming chunks; at most one chunk per read, then 0, then -1 once closed. */
    private static final class Chunks implements Transport {
        final ArrayDeque<ByteBuffer> incoming = new ArrayDeque<>();
        boolean closed;

        Chunks add(byte[] bytes) {
            incoming.add(ByteBuffer.wrap(bytes));
            return this;
        }

        @Override
        public int read(ByteBuffer dst) {
            ByteBuffer head = incoming.peek();
            if (head == null) {
                return closed ? -1 : 0;
            }
            int n = Math.min(head.remaining(), dst.remaining());
            ByteBuffer slice = head.slice().limit(n);
            dst.put(slice);
            head.position(head.position() + n);
            if (!head.hasRemaining()) {
                incoming.poll();
            }
            return n;
        }

        @Override
        public boolean handshake() {
            return true;
        }

        @Override
        public int interestOps() {
            return 0;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException("the response reader only reads");
        }

        @Override
        public boolean hasPendingWrites() {
            return false;
        }

        @Override
        public boolean flush() {
            return true;
        }

        @Override
        public void close() {
        }

        @Override
        public String describe() {
            return "chunks";
        }
    }

    private static byte[] frame(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    private static byte[] body(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void aFrameArrivingByteByByteIsReturnedWholeOnceItsLastByteArrives() throws Exception {
        byte[] frame = frame(body(10));
        Chunks t = new Chunks();
        ResponseReader reader = new ResponseReader(MAX);
        for (int i = 0; i < frame.length - 1; i++) {
            t.add(new byte[] {frame[i]});
            assertThat(reader.read(t, true)).as("after byte " + i).isNull();
            assertThat(reader.midResponse()).isEqualTo(i >= 3);
        }
        t.add(new byte[] {frame[frame.length - 1]});
        assertThat(bytes(reader.read(t, true))).isEqualTo(body(10));
        assertThat(reader.midResponse()).isFalse();
        assertThat(reader.bytesRead()).isEqualTo(frame.length);
    }

    @Test
    void framesReadOneAtATimeAndALargeOneGrowsItsBufferAsBytesArrive() throws Exception {
        byte[] large = body(3 << 20); // beyond the initial payload buffer: it must grow twice
        Chunks t = new Chunks().add(frame(body(5))).add(frame(large)).add(frame(body(4)));
        ResponseReader reader = new ResponseReader(MAX);
        assertThat(bytes(reader.read(t, true))).isEqualTo(body(5));
        ByteBuffer got = null;
        while (got == null) {
            got = reader.read(t, true);
        }
        assertThat(bytes(got)).isEqualTo(large);
        assertThat(bytes(reader.read(t, true))).isEqualTo(body(4));
        assertThat(reader.read(t, true)).isNull();
    }

    @Test
    void anHttpAnswerIsNotTakenForASizePrefix() {
        Chunks t = new Chunks().add("HTTP/1.1 400 Bad Request".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> new ResponseReader(MAX).read(t, true)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("is outside 4.." + MAX).hasMessageContaining("48545450 \"HTTP\"")
                .hasMessageContaining("web server");
    }

    @Test
    void aTlsAlertIsNamedWithTheSettingThatFixesIt() {
        // What a TLS listener sends a plaintext client: an alert record (content type 21, TLS 1.2, 2 bytes).
        Chunks t = new Chunks().add(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28});
        assertThatThrownBy(() -> new ResponseReader(MAX).read(t, true)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("15030300").hasMessageContaining("TLS record")
                .hasMessageContaining("security.protocol=SSL");
        Chunks kafkaLike = new Chunks().add(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertThatThrownBy(() -> new ResponseReader(MAX).read(kafkaLike, true))
                .isInstanceOf(ProtocolException.class).satisfies(e -> assertThat(e.getMessage()).doesNotContain("TLS"));
    }

    @Test
    void bytesWithNoRequestInFlightAreNotKafka() {
        Chunks t = new Chunks().add(frame(body(8)));
        assertThatThrownBy(() -> new ResponseReader(MAX).read(t, false)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("received 8 bytes with no request in flight");
    }

    @Test
    void theEndOfTheStreamSaysWhetherAResponseWasCutShort() throws Exception {
        Chunks between = new Chunks().add(frame(body(4)));
        between.closed = true;
        ResponseReader first = new ResponseReader(MAX);
        first.read(between, true);
        assertThatThrownBy(() -> first.read(between, true)).isInstanceOf(EOFException.class)
                .hasMessage("connection closed by the broker");
        assertThat(first.midResponse()).isFalse();

        byte[] frame = frame(body(100));
        Chunks cut = new Chunks().add(java.util.Arrays.copyOf(frame, 50));
        cut.closed = true;
        ResponseReader second = new ResponseReader(MAX);
        assertThat(second.read(cut, true)).isNull();
        assertThatThrownBy(() -> second.read(cut, true)).isInstanceOf(EOFException.class)
                .hasMessage("connection closed by the broker in the middle of a response");
        assertThat(second.midResponse()).isTrue();
    }
}

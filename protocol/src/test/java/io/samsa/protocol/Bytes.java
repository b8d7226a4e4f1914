package io.samsa.protocol;

import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.MessageUtil;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.function.Consumer;

/** Byte helpers for the protocol tests. */
final class Bytes {
    private Bytes() {
    }

    /** What our code writes. */
    static byte[] ours(Consumer<ProtocolWriter> body) {
        ProtocolWriter w = new ProtocolWriter(32);
        body.accept(w);
        return w.toByteArray();
    }

    /** What Apache Kafka's generated message class writes at {@code version}. */
    static byte[] kafka(Message message, short version) {
        ByteBufferAccessor accessor = MessageUtil.toByteBufferAccessor(message, version);
        ByteBuffer b = accessor.buffer().duplicate();
        if (b.position() != 0) {
            b.flip();
        }
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    static ProtocolReader reader(byte[] bytes) {
        return new ProtocolReader(ByteBuffer.wrap(bytes));
    }

    static ByteBufferAccessor kafkaReader(byte[] bytes) {
        return new ByteBufferAccessor(ByteBuffer.wrap(bytes));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] unhex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** A buffer of {@code n} bytes with a recognisable pattern. */
    static ByteBuffer pattern(int n, int seed) {
        ByteBuffer b = ByteBuffer.allocate(n);
        for (int i = 0; i < n; i++) {
            b.put((byte) (i * 31 + seed));
        }
        return b.flip();
    }

    static byte[] toArray(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}

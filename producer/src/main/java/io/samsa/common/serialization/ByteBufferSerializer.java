package io.samsa.common.serialization;

import java.nio.ByteBuffer;

/**
 * The bytes of a {@link ByteBuffer} from index 0 to its limit, as Apache Kafka's 3.x/4.x serializer does.
 *
 * <p>Position handling, which is easy to get wrong: the buffer is <b>rewound first</b>, so the bytes before
 * the position are included and the position itself is ignored; afterwards the position is 0 again (the
 * buffer is left rewound, limit unchanged). A buffer that was just written to must therefore be
 * {@code flip()}ped (which sets the limit) before it is sent. (Apache Kafka 3.4.0 briefly serialized
 * position..limit instead; later releases went back to this behaviour, which is what Samsa matches.)
 *
 * <p>When the buffer wraps a whole array from offset 0 and the limit is the array's length, that array itself
 * is returned, not a copy. Null stays null.
 */
public class ByteBufferSerializer implements Serializer<ByteBuffer> {
    @Override
    public byte[] serialize(String topic, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        data.rewind();
        if (data.hasArray() && data.arrayOffset() == 0 && data.array().length == data.remaining()) {
            return data.array();
        }
        byte[] out = new byte[data.remaining()];
        data.get(out);
        data.rewind();
        return out;
    }
}

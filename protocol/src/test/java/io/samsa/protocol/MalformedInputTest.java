package io.samsa.protocol;

import io.samsa.protocol.types.ProtocolException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Untrusted input: whatever the bytes, a decoder either returns or throws {@link ProtocolException} - never
 * another exception type (BufferUnderflow, NegativeArraySize, IndexOutOfBounds, OutOfMemory), never a hang.
 */
class MalformedInputTest {

    /** Decodes, accepting success or ProtocolException; anything else fails the test with context. */
    private static void decodeOrProtocolException(Decoders.Decoder d, byte[] bytes, short v, String what) {
        try {
            d.decode(bytes, v);
        } catch (ProtocolException expected) {
            // fine
        } catch (Throwable t) {
            throw new AssertionError(d + " v" + v + " " + what + ": " + t + " for " + Bytes.hex(bytes), t);
        }
    }

    @Test
    @Timeout(120)
    void truncatedAtEveryBytePositionIsAProtocolException() {
        int checked = 0;
        for (Decoders.Decoder d : Decoders.all(true)) {
            for (short v = d.key().oldestVersion(); v <= d.key().latestVersion(); v++) {
                for (byte[] full : d.samples().apply(v)) {
                    d.decode(full, v); // the untruncated sample decodes
                    for (int n = 0; n < full.length; n++) {
                        byte[] prefix = java.util.Arrays.copyOf(full, n);
                        try {
                            d.decode(prefix, v);
                            fail(d + " v" + v + " decoded a " + n + "-byte prefix of " + full.length + " bytes");
                        } catch (ProtocolException expected) {
                            checked++;
                        } catch (Throwable t) {
                            throw new AssertionError(d + " v" + v + " prefix " + n + ": " + t, t);
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(50_000);
    }

    private static final byte[][] HOSTILE = {
        Bytes.unhex("7fffffff"),            // int32 count / length 2^31-1
        Bytes.unhex("80000000"),            // int32 most negative
        Bytes.unhex("fffffffe"),            // int32 -2
        Bytes.unhex("7fff"),                // int16 string length 32767
        Bytes.unhex("8000"),                // int16 most negative
        Bytes.unhex("fffe"),                // int16 -2
        Bytes.unhex("ffffffff07"),          // uvarint 2^31-1
        Bytes.unhex("ffffffff0f"),          // uvarint 2^32-1 (-1 as int: compact length -2)
        Bytes.unhex("8080808008"),          // uvarint 2^31
        Bytes.unhex("ffffffffff01"),        // uvarint longer than 5 bytes
        Bytes.unhex("fe"),                  // one-byte uvarint 126 with continuation... then whatever follows
        Bytes.unhex("00"),
    };

    /** Hostile lengths and counts written over every position of every valid sample. */
    @Test
    @Timeout(120)
    void hostileLengthsAtEveryPositionAreHandled() {
        int checked = 0;
        for (Decoders.Decoder d : Decoders.all(false)) {
            for (short v = d.key().oldestVersion(); v <= d.key().latestVersion(); v++) {
                for (byte[] full : d.samples().apply(v)) {
                    for (int at = 0; at < full.length; at++) {
                        for (byte[] h : HOSTILE) {
                            byte[] mutated = full.clone();
                            System.arraycopy(h, 0, mutated, at, Math.min(h.length, full.length - at));
                            decodeOrProtocolException(d, mutated, v, "with " + Bytes.hex(h) + " at " + at);
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(50_000);
    }

    @Test
    void specificHostileInputsAreProtocolExceptions() {
        // Metadata v4: throttle, then a broker count of 2^31-1 with nothing behind it.
        assertProtocolException(() -> MetadataResponse.read(Bytes.reader(Bytes.unhex("00000000 7fffffff")),
                (short) 4), "brokers");
        // Metadata v9: compact broker count uvarint 2^32-1, i.e. length -2.
        assertProtocolException(() -> MetadataResponse.read(Bytes.reader(Bytes.unhex("00000000 ffffffff0f")),
                (short) 9), "brokers");
        // Metadata v4: negative array count -2.
        assertProtocolException(() -> MetadataResponse.read(Bytes.reader(Bytes.unhex("00000000 fffffffe")),
                (short) 4), "invalid array length");
        // Produce v8 response: one topic whose name claims 32767 bytes.
        assertProtocolException(() -> ProduceResponse.read(Bytes.reader(Bytes.unhex("00000001 7fff 6162")),
                (short) 8), "name");
        // Produce v8 response: string length -2.
        assertProtocolException(() -> ProduceResponse.read(Bytes.reader(Bytes.unhex("00000001 fffe 6162")),
                (short) 8), "invalid string length");
        // Produce v3 request: records claiming 2^31-1 bytes.
        assertProtocolException(() -> ProduceRequest.read(Bytes.reader(Bytes.unhex(
                "ffff ffff 00007530 00000001 0001 74 00000001 00000000 7fffffff 00")), (short) 3), "records");
        // InitProducerId v2: a varint that never ends.
        assertProtocolException(() -> InitProducerIdResponse.read(Bytes.reader(Bytes.unhex(
                "00000000 0000 0000000000000001 0001 ffffffffffffff")), (short) 2), "varint");
        // ApiVersions v3: tagged-field count far beyond the input.
        assertProtocolException(() -> ApiVersionsResponse.read(Bytes.reader(Bytes.unhex(
                "0000 01 00000000 ffffffff07")), (short) 3), "tagged fields");
        // ApiVersions v3: a tag whose size is 2^31-1.
        assertProtocolException(() -> ApiVersionsResponse.read(Bytes.reader(Bytes.unhex(
                "0000 01 00000000 01 01 ffffffff07 00")), (short) 3), "tag 1");
        // ApiVersions v3: tags out of order.
        assertProtocolException(() -> ApiVersionsResponse.read(Bytes.reader(Bytes.unhex(
                "0000 01 00000000 02 03 01 01 01 01 01")), (short) 3), "ascending");
        // ApiVersions v3: FinalizedFeaturesEpoch (int64) in a 4-byte tag, and in a 9-byte tag.
        assertProtocolException(() -> ApiVersionsResponse.read(Bytes.reader(Bytes.unhex(
                "0000 01 00000000 01 01 04 00000007")), (short) 3), "finalized_features_epoch");
        assertProtocolException(() -> ApiVersionsResponse.read(Bytes.reader(Bytes.unhex(
                "0000 01 00000000 01 01 09 0000000000000007 00")), (short) 3), "tag 1");
        // Metadata v9: a required (non-nullable) topic array sent as null.
        assertProtocolException(() -> MetadataResponse.read(Bytes.reader(Bytes.unhex("00000000 00")),
                (short) 9), "null");
        // FindCoordinator v4 response: throttle, then a coordinator count of 2^31-2 with nothing behind it.
        assertProtocolException(() -> FindCoordinatorResponse.read(Bytes.reader(Bytes.unhex(
                "00000000 ffffffff07")), (short) 4), "coordinators");
        // AddPartitionsToTxn v0 request: topic "a" claiming 2^31-1 partitions.
        assertProtocolException(() -> AddPartitionsToTxnRequest.read(Bytes.reader(Bytes.unhex(
                "0001 74 0000000000000001 0000 00000001 0001 61 7fffffff")), (short) 0), "partitions");
        // TxnOffsetCommit v3 request: member_id null where a string is required.
        assertProtocolException(() -> TxnOffsetCommitRequest.read(Bytes.reader(Bytes.unhex(
                "02 74 02 67 0000000000000001 0000 ffffffff 00 00 01 00")), (short) 3), "member_id");
        // EndTxn v5 response: cut inside producer_epoch.
        assertProtocolException(() -> EndTxnResponse.read(Bytes.reader(Bytes.unhex(
                "00000000 0000 0000000000000001 00")), (short) 5), "producer_epoch");
        // Metadata v9: broker host null where a string is required.
        assertProtocolException(() -> MetadataResponse.read(Bytes.reader(Bytes.unhex(
                "00000000 02 00000001 00 00002384 00 00")), (short) 9), "host");
    }

    private static void assertProtocolException(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
                                                String messagePart) {
        assertThatThrownBy(call).isInstanceOf(ProtocolException.class).hasMessageContaining(messagePart);
    }

    @Property(tries = 3000)
    void randomBytesNeverThrowAnythingButProtocolException(@ForAll @Size(max = 200) byte[] bytes) {
        for (Decoders.Decoder d : DECODERS) {
            for (short v = d.key().oldestVersion(); v <= d.key().latestVersion(); v++) {
                decodeOrProtocolException(d, bytes, v, "random");
            }
        }
    }

    @Property(tries = 2000)
    void randomlyCorruptedSamplesNeverThrowAnythingButProtocolException(
            @ForAll @IntRange(min = 0, max = 1_000_000) int seed,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 255) Integer> noise) {
        for (Decoders.Decoder d : DECODERS) {
            for (short v = d.key().oldestVersion(); v <= d.key().latestVersion(); v++) {
                for (byte[] full : d.samples().apply(v)) {
                    if (full.length == 0) {
                        continue;
                    }
                    byte[] mutated = full.clone();
                    int at = seed % full.length;
                    for (int i = 0; i < noise.size() && at + i < mutated.length; i++) {
                        mutated[at + i] = (byte) (int) noise.get(i);
                    }
                    decodeOrProtocolException(d, mutated, v, "corrupted at " + at);
                }
            }
        }
    }

    private static final List<Decoders.Decoder> DECODERS = Decoders.all(false);
}

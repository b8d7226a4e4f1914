package io.samsa.spool;

import io.samsa.accumulator.ProducerBatch;
import io.samsa.accumulator.RestoredBatch;
import io.samsa.common.header.Header;
import io.samsa.common.header.internals.RecordHeader;
import io.samsa.protocol.types.ByteUtils;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One record in record format v2, as a batch holds it and the spool copies it (varints zig-zag encoded):
 *
 * <pre>
 *   length varint | attributes int8 | timestamp_delta varlong | offset_delta varint
 *   | key_length varint (-1: null) | key | value_length varint (-1: null) | value
 *   | header_count varint | (header_key_length varint | header_key utf8 | header_value_length varint | value)*
 * </pre>
 *
 * Decoding happens only when a producer starts on a spool that holds unfinished records.
 */
final class RecordBytes {

    /** A record read back, and its offset delta in the batch it was written to. */
    record Decoded(int offsetDelta, RestoredBatch.Record record) {
    }

    private RecordBytes() {
    }

    /** The record just appended to {@code batch}: its last {@code bytes} bytes, as a view. */
    static ByteBuffer lastRecord(ProducerBatch batch, int bytes) {
        return batch.lastRecordBytes(bytes);
    }

    /**
     * Reads one record from {@code in} (its position moves past it).
     *
     * @param baseTimestamp the timestamp of its batch's first record, which its own is relative to
     */
    static Decoded decode(ByteBuffer in, long baseTimestamp) throws IOException {
        try {
            int length = ByteUtils.readVarint(in);
            int end = in.position() + length;
            if (length < 0 || end > in.limit()) {
                throw new IOException("record length " + length + " runs past its entry");
            }
            in.get(); // attributes: unused in v2
            long timestamp = baseTimestamp + ByteUtils.readVarlong(in);
            if (baseTimestamp < 0) {
                timestamp = -1;
            }
            int offsetDelta = ByteUtils.readVarint(in);
            byte[] key = bytes(in);
            byte[] value = bytes(in);
            int headerCount = ByteUtils.readVarint(in);
            if (headerCount < 0) {
                throw new IOException("negative header count " + headerCount);
            }
            Header[] headers = new Header[headerCount];
            for (int i = 0; i < headerCount; i++) {
                byte[] k = bytes(in);
                if (k == null) {
                    throw new IOException("a header with a null key");
                }
                headers[i] = new RecordHeader(new String(k, StandardCharsets.UTF_8), bytes(in));
            }
            if (in.position() != end) {
                throw new IOException("record ends at " + in.position() + ", its length says " + end);
            }
            return new Decoded(offsetDelta, new RestoredBatch.Record(timestamp, key, value, headers));
        } catch (RuntimeException e) {
            throw new IOException("unreadable record: " + e, e);
        }
    }

    private static byte[] bytes(ByteBuffer in) {
        int n = ByteUtils.readVarint(in);
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }
}

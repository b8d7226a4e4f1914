package io.samsa.protocol.record;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Iterates the record batches laid end to end in a buffer, as in a Produce request's {@code records} field or a
 * Fetch response's.
 *
 * <p>Two modes, because the two places differ:
 * <ul>
 *   <li><b>strict</b> ({@link #iterate(ByteBuffer)}): every byte must belong to a complete batch; a truncated
 *       batch at the end is a {@link io.samsa.protocol.types.ProtocolException}. Right for anything we produce or
 *       receive whole.</li>
 *   <li><b>partial tail allowed</b> ({@link #iterate(ByteBuffer, boolean) iterate(buffer, true)}): a broker
 *       cuts a Fetch response at its byte limit, possibly in the middle of the last batch; that fragment is
 *       silently skipped. A batch that is malformed in any other way still throws.</li>
 * </ul>
 *
 * <p>The buffer's position and limit are never changed; each {@code iterator()} starts again from the position
 * the buffer had when {@code iterate} was called. Batches are validated as described in {@link RecordBatch}
 * (lengths and magic on the way, the CRC only via {@link RecordBatch#ensureValid()}).
 */
public final class RecordBatches {
    private RecordBatches() {
    }

    /** Strict iteration: a trailing partial batch throws. */
    public static Iterable<RecordBatch> iterate(ByteBuffer records) {
        return iterate(records, false);
    }

    /**
     * @param allowPartialTrailingBatch true to stop quietly at a last batch that is cut short (fetch responses)
     */
    public static Iterable<RecordBatch> iterate(ByteBuffer records, boolean allowPartialTrailingBatch) {
        ByteBuffer snapshot = records.duplicate().order(ByteOrder.BIG_ENDIAN);
        return () -> new BatchIterator(snapshot.duplicate().order(ByteOrder.BIG_ENDIAN), snapshot.position(),
                snapshot.limit(), allowPartialTrailingBatch);
    }

    private static final class BatchIterator implements Iterator<RecordBatch> {
        private final ByteBuffer buf;
        private final int end;
        private final boolean allowPartialTail;
        private int position;

        BatchIterator(ByteBuffer buf, int position, int end, boolean allowPartialTail) {
            this.buf = buf;
            this.position = position;
            this.end = end;
            this.allowPartialTail = allowPartialTail;
        }

        @Override
        public boolean hasNext() {
            int remaining = end - position;
            if (remaining <= 0) {
                return false;
            }
            if (!allowPartialTail) {
                return true; // next() throws if what is left is not a whole batch
            }
            if (remaining < RecordBatch.LOG_OVERHEAD) {
                return false;
            }
            int batchLength = buf.getInt(position + RecordBatch.BATCH_LENGTH_OFFSET);
            // A too-small batchLength is corruption, not truncation: let next() report it.
            return batchLength < RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD
                    || RecordBatch.LOG_OVERHEAD + (long) batchLength <= remaining;
        }

        @Override
        public RecordBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            RecordBatch batch = RecordBatch.at(buf, position, end);
            position += batch.sizeInBytes();
            return batch;
        }
    }
}

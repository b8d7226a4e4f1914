package io.samsa.accumulator;

import io.samsa.protocol.record.Record;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Splits a stamped batch the broker rejected as too large (MESSAGE_TOO_LARGE) into smaller stamped batches,
 * keeping record order, each record's hook, timestamp and sizes, the producer state (each child's base sequence is
 * the parent's plus its first record's offset delta), the creation time (for {@code delivery.timeout.ms}) and the
 * attempt count.
 *
 * <pre>
 *   parent  [ r0 r1 r2 r3 r4 r5 r6 ]  seq 40, 7 records, too large
 *   plan    [ r0 r1 r2 ] [ r3 r4 r5 ] [ r6 ]   exact sizes, each child's deltas relative to its own first record
 *   children  seq 40       seq 43       seq 46   stamped (and compressed) like the parent, SPLIT parent done
 * </pre>
 *
 * <p>Everything that can fail happens before the parent is marked SPLIT: on failure the parent is untouched (still
 * in flight, hooks in place, so the sender can fail it) and the children's memory is given back.
 *
 * <p><b>Threads.</b> I/O thread only (it uses the thread's compressor). The children's buffers are charged to
 * {@code buffer.memory} without blocking: this is the thread that frees memory.
 */
final class BatchSplitter {
    private final BatchResources resources;
    private final BatchCompressor compressor;

    /** @param compressor null without compression */
    BatchSplitter(BatchResources resources, BatchCompressor compressor) {
        this.resources = resources;
        this.compressor = compressor;
    }

    /**
     * Splits {@code batch} into batches of at most {@code targetBytes} each (a record bigger than that gets a batch
     * of its own); always at least two: if everything would fit in one, the records are halved. The parent is then
     * done (SPLIT) without running any hook.
     *
     * @param targetBytes about the wire, as the broker measured it
     * @param compression the topic's estimate, fed by the children's compression (null without compression)
     * @return the children, stamped; empty if a forced close aborted the batch first
     * @throws IllegalStateException if the batch is not stamped and in flight, has a single record (nothing to
     *                               split: fail it instead), or is already completed, failed or split
     */
    List<ProducerBatch> split(ProducerBatch batch, int targetBytes, CompressionRatioEstimator compression) {
        if (batch.isAborted()) {
            return List.of(); // a forced close got there first: nothing left to split
        }
        if (!batch.isStamped() || batch.stage() != ProducerBatch.Stage.IN_FLIGHT) {
            throw new IllegalStateException("only a stamped batch in flight can be split; " + batch + " is "
                    + batch.stage() + (batch.isStamped() ? "" : ", not stamped"));
        }
        int recordCount = batch.recordCount();
        if (recordCount < 2) {
            throw new IllegalStateException("cannot split " + batch + ": it holds a single record; fail it with"
                    + " MESSAGE_TOO_LARGE instead");
        }
        ByteBuffer plain = batch.uncompressedBytes();
        List<Record> records = new ArrayList<>(recordCount);
        for (Iterator<Record> it = RecordBatch.wrap(plain).iterator(); it.hasNext(); ) {
            records.add(it.next());
        }
        if (batch.isCompressed()) {
            // targetBytes is about the wire; the plan is in uncompressed bytes, so scale it by this batch's own
            // ratio: half the wire size -> about half the records.
            targetBytes = (int) Math.min(Integer.MAX_VALUE,
                    (long) targetBytes * plain.remaining() / Math.max(1, batch.wireBytes()));
        }

        List<int[]> ranges = plan(records, Math.max(targetBytes, RecordBatch.HEADER_SIZE));
        if (ranges.size() < 2) {
            int half = recordCount / 2;
            ranges = List.of(new int[] {0, half, exactSize(records, 0, half)},
                    new int[] {half, recordCount, exactSize(records, half, recordCount)});
        }

        List<ProducerBatch> children = new ArrayList<>(ranges.size());
        boolean committed = false;
        try {
            for (int[] range : ranges) {
                children.add(child(batch, records, range[0], range[1], range[2], compression));
            }
            committed = batch.commitSplit(children, ranges);
        } finally {
            if (!committed) {
                for (ProducerBatch c : children) {
                    resources.release(c.chargedBytes()); // built but never registered: give the bytes back
                }
            }
        }
        return committed ? children : List.of();
    }

    /** Consecutive ranges {from, to, exact bytes} of at most {@code targetBytes} each (one record at least). */
    private static List<int[]> plan(List<Record> records, int targetBytes) {
        List<int[]> ranges = new ArrayList<>();
        int from = 0;
        int size = RecordBatch.HEADER_SIZE;
        long base = 0;
        for (int i = 0; i < records.size(); i++) {
            Record r = records.get(i);
            if (i == from) {
                base = r.timestamp();
            }
            int recSize = RecordBatchBuilder.sizeOfRecord(i - from, r.timestamp() - base, r.keySize(),
                    r.valueSize(), r.headers());
            if (i > from && size + recSize > targetBytes) {
                ranges.add(new int[] {from, i, size});
                from = i;
                base = r.timestamp();
                recSize = RecordBatchBuilder.sizeOfRecord(0, 0, r.keySize(), r.valueSize(), r.headers());
                size = RecordBatch.HEADER_SIZE;
            }
            size += recSize;
        }
        ranges.add(new int[] {from, records.size(), size});
        return ranges;
    }

    private static int exactSize(List<Record> records, int from, int to) {
        int size = RecordBatch.HEADER_SIZE;
        long base = records.get(from).timestamp();
        for (int i = from; i < to; i++) {
            Record r = records.get(i);
            size += RecordBatchBuilder.sizeOfRecord(i - from, r.timestamp() - base, r.keySize(), r.valueSize(),
                    r.headers());
        }
        return size;
    }

    private ProducerBatch child(ProducerBatch parent, List<Record> records, int from, int to, int size,
                                CompressionRatioEstimator compression) {
        ProducerBatch c = ProducerBatch.splitChild(parent, resources.allocateForced(size), from);
        try {
            for (int i = from; i < to; i++) {
                Record r = records.get(i);
                if (c.appendForSplit(r.timestamp(), r.key(), r.value(), r.headers()) != i - from) {
                    throw new IllegalStateException("split of " + parent + ": record " + i + " did not fit the"
                            + " exactly sized child batch (" + size + " bytes); sizing bug");
                }
            }
            c.stampAsSplitOf(parent, from);
            if (compressor != null) {
                compressor.compress(c, compression);
            }
            return c;
        } catch (RuntimeException | Error e) {
            resources.release(c.chargedBytes()); // not yet in the caller's list: give its bytes back here
            throw e;
        }
    }
}

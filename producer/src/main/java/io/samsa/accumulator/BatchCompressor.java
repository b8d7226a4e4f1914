package io.samsa.accumulator;

import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;
import io.samsa.protocol.record.compression.CompressionType;
import io.samsa.protocol.record.compression.Compressor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/**
 * Compresses each batch once, after it is stamped at drain (or built by a split), into a buffer charged to
 * {@code buffer.memory} until the batch is done - a pooled buffer when the result fills at least half of a size the
 * pool keeps, else a new one of the exact size ({@link BufferPool#allocateForCompressed}) - and feeds the topic's
 * {@link CompressionRatioEstimator}.
 *
 * <p>Why at drain and not at append: records are appended uncompressed, so the append path stays the same with
 * or without compression and knows every record's exact size; the I/O thread compresses a whole batch in one
 * call, which the codecs do far better than record by record (DESIGN.md, "Where compression runs"). The
 * uncompressed bytes stay until the batch is done: completion hooks read record sizes from them, and a split
 * re-batches them.
 *
 * <p><b>Threads.</b> I/O thread only: the codec keeps state between calls. {@link #close} frees its native
 * memory once that thread has stopped.
 */
final class BatchCompressor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchCompressor.class);

    private final Compressor compressor;
    private final BatchResources resources;

    private BatchCompressor(Compressor compressor, BatchResources resources) {
        this.compressor = compressor;
        this.resources = resources;
    }

    /** A compressor for {@code type} at {@code level}, or null for {@link CompressionType#NONE}. */
    static BatchCompressor create(CompressionType type, int level, BatchResources resources) {
        return type == CompressionType.NONE ? null : new BatchCompressor(Compressor.create(type, level), resources);
    }

    /**
     * Replaces the stamped batch's wire bytes with their compressed copy, charged to {@code buffer.memory}
     * without blocking (this thread is the one that frees memory), and feeds {@code estimate}.
     */
    void compress(ProducerBatch batch, CompressionRatioEstimator estimate) {
        ByteBuffer plain = batch.uncompressedBytesToCompress();
        ByteBuffer wire = RecordBatchBuilder.compress(plain, compressor, resources::allocateForCompressed);
        resources.chargeForced(wire.capacity());
        batch.useCompressed(wire);
        estimate.observe(plain.remaining() - RecordBatch.HEADER_SIZE, wire.remaining() - RecordBatch.HEADER_SIZE);
    }

    @Override
    public void close() {
        try {
            compressor.close();
        } catch (RuntimeException e) {
            log.warn("Releasing the {} compressor failed", compressor.type(), e);
        }
    }
}

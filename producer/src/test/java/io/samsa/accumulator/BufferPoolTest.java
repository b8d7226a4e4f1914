package io.samsa.accumulator;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/** The pool's bounds and its completion arrays; {@link BufferReuseTest} checks reuse never shares live memory. */
class BufferPoolTest {
    private static final RecordCompletion HOOK = (tp, offset, timestamp, keySize, valueSize, exception) -> { };

    @Test
    void completionArraysOfTheStandardLengthComeBackClearedAndOthersAreLeftToTheCollector() {
        BufferPool pool = new BufferPool(16_384, 64 * 16_384);
        int standard = ProducerBatch.completionSlotsFor(16_384);
        RecordCompletion[] a = pool.completionArray(standard);
        a[0] = HOOK;
        a[1] = HOOK;
        pool.recycleCompletions(a, 2);
        RecordCompletion[] again = pool.completionArray(standard);
        assertThat(again).as("recycled").isSameAs(a);
        assertThat(again).as("cleared: no completion kept alive").containsOnlyNulls();
        assertThat(pool.completionArray(standard)).as("one recycled, one taken: a new one").isNotSameAs(a);

        RecordCompletion[] odd = pool.completionArray(standard * 2);
        pool.recycleCompletions(odd, 0);
        assertThat(pool.completionArray(standard * 2)).as("other lengths are not kept").isNotSameAs(odd);
    }

    @Test
    void completionArraysAreKeptAtMostOnePerBufferOfBufferMemory() {
        BufferPool pool = new BufferPool(1_024, 3 * 1_024);
        int standard = ProducerBatch.completionSlotsFor(1_024);
        RecordCompletion[][] arrays = new RecordCompletion[5][];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = pool.completionArray(standard);
        }
        for (RecordCompletion[] a : arrays) {
            pool.recycleCompletions(a, 0);
        }
        java.util.Set<RecordCompletion[]> back = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < arrays.length; i++) {
            back.add(pool.completionArray(standard));
        }
        long reused = java.util.Arrays.stream(arrays).filter(back::contains).count();
        assertThat(reused).as("buffer.memory / batch.size = 3 kept").isEqualTo(3);
    }

    @Test
    void buffersOfBatchSizeAreReusedUpToBufferMemory() {
        BufferPool pool = new BufferPool(1_024, 2 * 1_024);
        ByteBuffer a = pool.allocate(1_024);
        ByteBuffer b = pool.allocate(1_024);
        ByteBuffer c = pool.allocate(1_024);
        pool.recycle(a);
        pool.recycle(b);
        pool.recycle(c); // beyond buffer.memory: left to the collector
        assertThat(pool.pooledBytes()).isEqualTo(2 * 1_024);
        ByteBuffer small = pool.allocate(512);
        pool.recycle(small);
        assertThat(pool.pooledBytes()).as("only batch.size buffers are kept").isEqualTo(2 * 1_024);
    }

    @Test
    void largerBuffersAreKeptInMultiplesOfTheGranule() {
        BufferPool pool = new BufferPool(1_024, 256, 8 * 1_024);
        ByteBuffer big = pool.allocate(1_280); // batch.size + a granule: an oversized record's batch
        pool.recycle(big);
        assertThat(pool.allocate(1_280)).as("kept and reused").isSameAs(big);
        ByteBuffer odd = pool.allocate(1_300);
        pool.recycle(odd);
        assertThat(pool.pooledBytes()).as("not a multiple of the granule: left to the collector").isZero();
        ByteBuffer tooBig = pool.allocate(16 * 1_024);
        pool.recycle(tooBig);
        assertThat(pool.pooledBytes()).as("never one larger than buffer.memory").isZero();
    }

    @Test
    void aReturnedBufferBeyondTheBoundDisplacesKeptBuffersOfOtherSizes() {
        BufferPool pool = new BufferPool(1_024, 256, 4 * 1_024);
        ByteBuffer[] old = {pool.allocate(2_048), pool.allocate(2_048)};
        pool.recycle(old[0]);
        pool.recycle(old[1]);
        assertThat(pool.pooledBytes()).isEqualTo(4 * 1_024);
        ByteBuffer now = pool.allocate(1_024);
        pool.recycle(now);
        assertThat(pool.pooledBytes()).as("one 2 KiB buffer dropped for the size in use now").isEqualTo(3 * 1_024);
        assertThat(pool.allocate(1_024)).isSameAs(now);
        assertThat(pool.allocate(2_048)).as("the warmer of the two kept").isSameAs(old[1]);
    }

    @Test
    void aCompressedCopyTakesAKeptBufferOnlyWhenItFillsHalfOfIt() {
        BufferPool pool = new BufferPool(1_024, 256, 8 * 1_024);
        assertThat(pool.allocateForCompressed(400)).as("less than half of batch.size").isNull();
        assertThat(pool.allocateForCompressed(600)).isNotNull().extracting(ByteBuffer::capacity).isEqualTo(1_024);
        assertThat(pool.allocateForCompressed(1_100)).as("batch.size + a granule")
                .isNotNull().extracting(ByteBuffer::capacity).isEqualTo(1_280);
        assertThat(pool.allocateForCompressed(9_000)).as("larger than buffer.memory").isNull();
    }

    @Test
    void aBatchAboveBatchSizeStartsWithTheRecycledCompletionArray() {
        BufferPool pool = new BufferPool(16_384, 4_096, 64 * 16_384);
        int standard = ProducerBatch.completionSlotsFor(16_384);
        assertThat(pool.completionSlotsFor(2_048)).as("a quiet partition's small batch").isLessThan(standard);
        assertThat(pool.completionSlotsFor(16_384)).isEqualTo(standard);
        assertThat(pool.completionSlotsFor(100 * 1_024)).as("not sized for small records filling it")
                .isEqualTo(standard);
    }
    @Test
    void smallerBuffersAreKeptWhenTheyAreTheInitialSizeDoubled() {
        // batch.size 16 KiB, batches starting at 2 KiB: 2, 4 and 8 KiB are the sizes a batch below batch.size has
        BufferPool pool = new BufferPool(16_384, 4_096, 2_048, 64 * 16_384);
        assertThat(pool.keeps(2_048)).isTrue();
        assertThat(pool.keeps(4_096)).isTrue();
        assertThat(pool.keeps(8_192)).isTrue();
        assertThat(pool.keeps(16_384)).isTrue();
        assertThat(pool.keeps(6_144)).as("not a doubling of the initial size").isFalse();
        assertThat(pool.keeps(1_024)).as("below the initial size: a batch never has it").isFalse();
        ByteBuffer b = pool.allocate(8_192);
        b.put((byte) 1);
        pool.recycle(b);
        assertThat(pool.pooledBytes()).isEqualTo(8_192);
        ByteBuffer again = pool.allocate(8_192);
        assertThat(again).as("reused").isSameAs(b);
        assertThat(again.position()).as("cleared for the next batch").isZero();
        assertThat(again.limit()).isEqualTo(8_192);
        assertThat(pool.allocate(4_096)).as("none of that size free: a new one").isNotSameAs(b);
    }

    @Test
    void shorterCompletionArraysAreKeptByLengthWithinTheBound() {
        // batch.size 4 KiB, initial 1 KiB, buffer.memory 3 KiB: at most 3 arrays kept, whatever their lengths
        BufferPool pool = new BufferPool(4_096, 1_024, 1_024, 3 * 1_024);
        int small = ProducerBatch.completionSlotsFor(1_024);
        int standard = ProducerBatch.completionSlotsFor(4_096);
        RecordCompletion[] a = pool.completionArray(small);
        a[0] = HOOK;
        pool.recycleCompletions(a, 1);
        RecordCompletion[] again = pool.completionArray(small);
        assertThat(again).as("recycled by its length").isSameAs(a);
        assertThat(again).containsOnlyNulls();
        assertThat(pool.completionArray(standard)).as("no array of the other length is handed out")
                .hasSize(standard);

        RecordCompletion[][] smalls = {pool.completionArray(small), pool.completionArray(small),
                pool.completionArray(small)};
        for (RecordCompletion[] x : smalls) {
            pool.recycleCompletions(x, 0);
        }
        RecordCompletion[] big = pool.completionArray(standard);
        pool.recycleCompletions(big, 0);
        assertThat(pool.completionArray(standard)).as("at the bound, a kept array of another length made room")
                .isSameAs(big);
        java.util.Set<RecordCompletion[]> back = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < 3; i++) {
            back.add(pool.completionArray(small));
        }
        assertThat(java.util.Arrays.stream(smalls).filter(back::contains).count())
                .as("two of the three short ones still kept").isEqualTo(2);
    }
}

package io.samsa.protocol.record;

import io.samsa.common.header.Header;
import io.samsa.common.header.internals.RecordHeader;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.samsa.protocol.record.ApacheCompatibilityTest.assertApacheReads;
import static io.samsa.protocol.record.ApacheCompatibilityTest.assertWeRead;
import static io.samsa.protocol.record.RecordFixtures.Producer;
import static io.samsa.protocol.record.RecordFixtures.Rec;
import static io.samsa.protocol.record.RecordFixtures.h;
import static io.samsa.protocol.record.RecordFixtures.ours;
import static io.samsa.protocol.record.RecordFixtures.toArray;
import static io.samsa.protocol.record.RecordFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RecordBatchBuilder#moveTo}: the accumulator starts a batch in a small buffer and moves it to a bigger one
 * as records arrive. The finished batch must be byte-for-byte the batch a single big region would have held (and
 * so Apache's too), and the old region must never be written again once the builder has left it.
 */
class RecordBatchBuilderMoveTest {

    private static final Producer IDEMPOTENT = new Producer(77L, (short) 3, 1000, false);

    @Test
    void growingStepByStepGivesTheSameBytesAsOneBigRegion() {
        List<Rec> recs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // Timestamps going back and forth: negative deltas must survive the copy too.
            recs.add(new Rec(1_700_000_000_000L + (i % 3 == 0 ? -i : i * 7), utf8("k" + i),
                    RecordFixtures.bytes(i * 13 % 200, i), h("trace", "t" + i)));
        }

        ByteBuffer region = ByteBuffer.allocate(128);
        RecordBatchBuilder b = new RecordBatchBuilder(region);
        int moves = 0;
        for (Rec r : recs) {
            while (b.tryAppend(r.timestamp, r.key, r.value, r.headers) < 0) {
                // Double, as the accumulator does; position the new region away from 0 to catch offset mistakes.
                ByteBuffer bigger = ByteBuffer.allocate(b.maxBatchBytes() * 2 + 10);
                bigger.position(10);
                int size = b.sizeInBytes();
                b.moveTo(bigger);
                assertThat(b.sizeInBytes()).as("a move does not change the size").isEqualTo(size);
                assertThat(b.maxBatchBytes()).isEqualTo(bigger.remaining());
                moves++;
            }
        }
        assertThat(moves).isGreaterThanOrEqualTo(4);
        ByteBuffer moved = b.close(IDEMPOTENT.id, IDEMPOTENT.epoch, IDEMPOTENT.baseSequence,
                IDEMPOTENT.transactional);

        assertThat(toArray(moved)).isEqualTo(toArray(ours(recs, IDEMPOTENT)));
        assertThat(toArray(moved)).isEqualTo(toArray(RecordFixtures.apache(recs, IDEMPOTENT)));
        assertApacheReads(moved, recs, IDEMPOTENT);
        assertWeRead(moved, recs, IDEMPOTENT);
    }

    @Test
    void randomGrowthPointsAlwaysMatchTheDirectBuild() {
        Random random = new Random(20240611L);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(30);
            List<Rec> recs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] key = random.nextInt(5) == 0 ? null : RecordFixtures.bytes(random.nextInt(20), i);
                byte[] value = random.nextInt(7) == 0 ? null : RecordFixtures.bytes(random.nextInt(400), i + 1);
                Header[] headers = random.nextBoolean() ? null
                        : new Header[] {h("h" + i, "v"), new RecordHeader("n", null)};
                recs.add(new Rec(Math.abs(random.nextLong() % 2_000_000_000_000L), key, value, headers));
            }
            Producer p = random.nextBoolean() ? Producer.NONE : IDEMPOTENT;
            RecordBatchBuilder b = new RecordBatchBuilder(ByteBuffer.allocateDirect(61 + random.nextInt(100)));
            for (Rec r : recs) {
                while (b.tryAppend(r.timestamp, r.key, r.value, r.headers) < 0) {
                    int grow = 1 + random.nextInt(600); // sometimes too little: then it moves again
                    ByteBuffer next = random.nextBoolean() ? ByteBuffer.allocate(b.maxBatchBytes() + grow)
                            : ByteBuffer.allocateDirect(b.maxBatchBytes() + grow);
                    b.moveTo(next);
                }
            }
            ByteBuffer moved = b.close(p.id, p.epoch, p.baseSequence, p.transactional);
            assertThat(toArray(moved)).as("round %d: %s", round, recs).isEqualTo(toArray(ours(recs, p)));
        }
    }

    @Test
    void theOldRegionIsLeftAloneAndTheCallersBuffersAreNotMoved() {
        byte[] oldBacking = new byte[300];
        ByteBuffer old = ByteBuffer.wrap(oldBacking);
        old.position(20).limit(200);
        RecordBatchBuilder b = new RecordBatchBuilder(old, 150);
        b.append(1, utf8("a"), utf8("first"), null);
        b.append(2, utf8("b"), utf8("second"), null);
        byte[] oldSnapshot = oldBacking.clone();

        byte[] newBacking = new byte[1000];
        Arrays.fill(newBacking, (byte) 0x5A);
        ByteBuffer bigger = ByteBuffer.wrap(newBacking);
        bigger.position(100).limit(900);
        b.moveTo(bigger, 500);

        assertThat(old.position()).isEqualTo(20);
        assertThat(old.limit()).isEqualTo(200);
        assertThat(bigger.position()).isEqualTo(100);
        assertThat(bigger.limit()).isEqualTo(900);

        b.append(3, utf8("c"), RecordFixtures.bytes(200, 9), null); // would not have fit in the old 150 bytes
        int size = b.sizeInBytes();
        ByteBuffer batch = b.close(-1, (short) -1, -1, false);

        assertThat(oldBacking).as("the old region is never written after the move").isEqualTo(oldSnapshot);
        assertThat(batch.array()).as("the batch is a view of the new region").isSameAs(newBacking);
        assertThat(batch.arrayOffset()).isEqualTo(100);
        for (int i = 0; i < 100; i++) {
            assertThat(newBacking[i]).as("byte %d before the new region", i).isEqualTo((byte) 0x5A);
        }
        for (int i = 100 + size; i < 1000; i++) {
            assertThat(newBacking[i]).as("byte %d after the batch", i).isEqualTo((byte) 0x5A);
        }
        RecordBatch view = RecordBatch.wrap(batch);
        view.ensureValid();
        assertThat(RecordFixtures.records(view)).extracting(Record::timestamp).containsExactly(1L, 2L, 3L);
    }

    @Test
    void hasRoomForFollowsTheNewRegion() {
        RecordBatchBuilder b = new RecordBatchBuilder(ByteBuffer.allocate(100));
        byte[] value = RecordFixtures.bytes(100, 1);
        assertThat(b.hasRoomFor(5, null, value, null)).isFalse();
        assertThat(b.tryAppend(5, null, value, null)).isEqualTo(-1);

        b.moveTo(ByteBuffer.allocate(400), 300);
        assertThat(b.hasRoomFor(5, null, value, null)).isTrue();
        assertThat(b.tryAppend(5, null, value, null)).isZero();
        assertThat(b.maxBatchBytes()).isEqualTo(300);
    }

    @Test
    void anEmptyBuilderCanMoveAndMayEvenShrinkToWhatIsWritten() {
        RecordBatchBuilder b = new RecordBatchBuilder(ByteBuffer.allocate(64));
        b.moveTo(ByteBuffer.allocate(61)); // the header reserve is all that was written
        assertThat(b.sizeInBytes()).isEqualTo(61);
        assertThat(b.hasRoomFor(0, (byte[]) null, null, null)).isFalse();

        b.moveTo(ByteBuffer.allocate(200));
        b.append(0, (byte[]) null, utf8("v"), null);
        int size = b.sizeInBytes();
        b.moveTo(ByteBuffer.allocate(size)); // exactly what is written: allowed, and full
        assertThat(b.hasRoomFor(0, (byte[]) null, null, null)).isFalse();
        ByteBuffer batch = b.close(-1, (short) -1, -1, false);
        assertThat(toArray(batch)).isEqualTo(toArray(ours(List.of(new Rec(0, null, utf8("v"))), Producer.NONE)));
    }

    @Test
    void rejectedMovesChangeNothing() {
        RecordBatchBuilder b = new RecordBatchBuilder(ByteBuffer.allocate(300));
        b.append(1, utf8("k"), RecordFixtures.bytes(50, 2), null);
        int size = b.sizeInBytes();

        assertThatThrownBy(() -> b.moveTo(ByteBuffer.allocate(size - 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBatchBytes " + (size - 1))
                .hasMessageContaining(size + " bytes already written");
        assertThatThrownBy(() -> b.moveTo(ByteBuffer.allocate(500), 501))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the 500 bytes");
        assertThatThrownBy(() -> b.moveTo(ByteBuffer.allocate(500).asReadOnlyBuffer()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read-only");
        assertThatThrownBy(() -> b.moveTo(null, 10)).isInstanceOf(NullPointerException.class);

        // Still in the original region, still usable.
        assertThat(b.sizeInBytes()).isEqualTo(size);
        assertThat(b.maxBatchBytes()).isEqualTo(300);
        b.append(2, utf8("k2"), utf8("v2"), null);
        RecordBatch.wrap(b.close(-1, (short) -1, -1, false)).ensureValid();

        assertThatThrownBy(() -> b.moveTo(ByteBuffer.allocate(1000)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}

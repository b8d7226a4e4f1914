package io.samsa.spool;

import io.samsa.spool.SpoolFixtures.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.samsa.spool.SpoolFixtures.osPolicy;
import static io.samsa.spool.SpoolFixtures.payload;
import static io.samsa.spool.SpoolFixtures.readAll;
import static io.samsa.spool.SpoolFixtures.readFrom;
import static io.samsa.spool.SpoolFixtures.segmentFiles;
import static io.samsa.spool.SpoolFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Appending, reading back, rolling, reopening, releasing and the size bound. */
class SpoolLogTest {
    @TempDir
    Path dir;

    @Test
    void roundTripAcrossSegmentRollsAndReopen() throws Exception {
        SpoolOptions options = osPolicy().segmentBytes(1024).maxBytes(1 << 20).build();
        Random random = new Random(42);
        List<Entry> written = new ArrayList<>();
        try (SpoolLog spool = SpoolLog.open(dir, options)) {
            long expected = 0;
            for (int i = 0; i < 200; i++) {
                String p = payload(i, random.nextInt(300));
                int split = p.length() / 3;
                // Gathering: the payload in two buffers, written as one entry.
                long position = spool.append((byte) (i % 5), utf8(p.substring(0, split)), utf8(p.substring(split)));
                assertThat(position).isEqualTo(expected);
                expected = position + SpoolLog.entryBytes(p.length());
                written.add(new Entry(position, (byte) (i % 5), p));
            }
            assertThat(spool.endPosition()).isEqualTo(expected);
            assertThat(spool.segmentCount()).isGreaterThan(10);
            assertThat(segmentFiles(dir)).hasSize(spool.segmentCount());
            assertThat(readAll(spool)).isEqualTo(written);
        }
        try (SpoolLog spool = SpoolLog.open(dir, options)) {
            assertThat(readAll(spool)).isEqualTo(written);
            long end = spool.endPosition();
            assertThat(spool.append((byte) 9, utf8("after reopen"))).isEqualTo(end);
            assertThat(readFrom(spool, end)).containsExactly(new Entry(end, (byte) 9, "after reopen"));
        }
    }

    @Test
    void segmentFilesAreNamedByTheirBasePosition() throws Exception {
        try (SpoolLog spool = SpoolLog.open(dir, osPolicy().segmentBytes(100).maxBytes(10_000).build())) {
            spool.append((byte) 1, utf8(payload(0, 50)));
            long second = spool.append((byte) 1, utf8(payload(1, 50)));
            assertThat(segmentFiles(dir)).extracting(p -> p.getFileName().toString())
                    .containsExactly("00000000000000000000.log", String.format("%020d.log", second));
            assertThat(Files.size(segmentFiles(dir).get(0))).isEqualTo(20 + 59);
        }
    }

    @Test
    void appendLeavesTheCallersBuffersAsTheyWere() throws Exception {
        try (SpoolLog spool = SpoolLog.open(dir, osPolicy().build())) {
            ByteBuffer a = utf8("hello ");
            ByteBuffer b = ByteBuffer.allocateDirect(5).put(utf8("world")).flip();
            spool.append((byte) 3, a, b);
            assertThat(a.position()).isZero();
            assertThat(b.position()).isZero();
            spool.append((byte) 4);
            assertThat(readAll(spool)).containsExactly(new Entry(0, (byte) 3, "hello world"),
                    new Entry(20, (byte) 4, ""));
        }
    }

    @Test
    void readStartsAtTheGivenPositionAndStopsWhenTheVisitorSaysSo() throws Exception {
        try (SpoolLog spool = SpoolLog.open(dir, osPolicy().segmentBytes(256).maxBytes(1 << 20).build())) {
            List<Long> positions = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                positions.add(spool.append((byte) 0, utf8(payload(i, 40))));
            }
            assertThat(readFrom(spool, positions.get(30))).extracting(Entry::position)
                    .isEqualTo(positions.subList(30, 50));
            List<Long> seen = new ArrayList<>();
            long next = spool.read(positions.get(10), (position, type, payload) -> {
                seen.add(position);
                assertThat(payload.isReadOnly()).isTrue();
                return seen.size() < 3;
            });
            assertThat(seen).isEqualTo(positions.subList(10, 13));
            assertThat(next).isEqualTo(positions.get(13));
        }
    }

    @Test
    void anEntryLargerThanASegmentIsRefused() throws Exception {
        try (SpoolLog spool = SpoolLog.open(dir, osPolicy().segmentBytes(100).maxBytes(10_000).build())) {
            assertThatThrownBy(() -> spool.append((byte) 0, ByteBuffer.allocate(72)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("spool.segment.bytes=100");
            spool.append((byte) 0, ByteBuffer.allocate(71));
        }
    }

    @Test
    void appendPastMaxBytesIsRefusedNamingTheBoundTheSizeAndTheEntry() throws Exception {
        try (SpoolLog spool = SpoolLog.open(dir, osPolicy().segmentBytes(200).maxBytes(400).build())) {
            int appended = 0;
            SpoolFullException full = null;
            while (full == null) {
                try {
                    spool.append((byte) 0, ByteBuffer.allocate(41));
                    appended++;
                } catch (SpoolFullException e) {
                    full = e;
                }
            }
            // 3 entries of 50 per 200-byte segment (20 of which are the header): 2 segments, 340 bytes.
            assertThat(appended).isEqualTo(6);
            assertThat(spool.sizeInBytes()).isEqualTo(340);
            assertThat(full.getMessage()).contains("spool.max.bytes=400", "holds 340 bytes",
                    "entry needs 70", dir.toString());
            assertThat(full.currentBytes()).isEqualTo(340);
            assertThat(full.entryBytes()).isEqualTo(70);
            assertThat(spool.endPosition()).isEqualTo(300);
        }
    }

    @Test
    void releaseDeletesOnlyWholeSegmentsBelowThePositionAndWakesSpaceWaiters() throws Exception {
        ExecutorService waiter = Executors.newSingleThreadExecutor();
        try (SpoolLog spool = SpoolLog.open(dir, osPolicy().segmentBytes(200).maxBytes(400).build())) {
            List<Long> positions = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                positions.add(spool.append((byte) 0, utf8(payload(i, 41))));
            }
            List<Path> files = segmentFiles(dir);
            assertThat(files).hasSize(2);
            long entry = SpoolLog.entryBytes(41);
            assertThat(spool.awaitSpace(entry, 0, TimeUnit.MILLISECONDS)).isFalse();
            Future<Boolean> space = waiter.submit(() -> spool.awaitSpace(entry, 10, TimeUnit.SECONDS));

            // Below the end of the first segment: nothing goes.
            assertThat(spool.release(positions.get(2))).isZero();
            assertThat(segmentFiles(dir)).isEqualTo(files);
            assertThat(space.isDone()).isFalse();

            // At its end: the first segment goes, never the active one.
            assertThat(spool.release(positions.get(3))).isEqualTo(170);
            assertThat(segmentFiles(dir)).containsExactly(files.get(1));
            assertThat(space.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(spool.startPosition()).isEqualTo(positions.get(3));
            assertThat(spool.sizeInBytes()).isEqualTo(170);
            assertThat(readAll(spool)).extracting(Entry::position).isEqualTo(positions.subList(3, 6));

            spool.append((byte) 0, utf8(payload(6, 41)));
            assertThat(spool.release(spool.endPosition())).isEqualTo(170);
            assertThat(spool.segmentCount()).isEqualTo(1);
            assertThat(spool.release(Long.MAX_VALUE)).isZero();
        } finally {
            waiter.shutdownNow();
        }
    }

    @Test
    void awaitSpaceTimesOut() throws Exception {
        try (SpoolLog spool = SpoolLog.open(dir, osPolicy().segmentBytes(200).maxBytes(400).build())) {
            for (int i = 0; i < 6; i++) {
                spool.append((byte) 0, ByteBuffer.allocate(41));
            }
            long start = System.nanoTime();
            assertThat(spool.awaitSpace(50, 50, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    @Test
    void concurrentAppendsAllLandIntact() throws Exception {
        int threads = 4;
        int perThread = 500;
        try (SpoolLog spool = SpoolLog.open(dir, osPolicy().segmentBytes(4096).maxBytes(1 << 24).build())) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                byte type = (byte) t;
                futures.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perThread; i++) {
                        try {
                            spool.append(type, utf8(type + ":" + i));
                        } catch (SpoolException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            List<Entry> entries = readAll(spool);
            assertThat(entries).hasSize(threads * perThread);
            for (int t = 0; t < threads; t++) {
                byte type = (byte) t;
                assertThat(entries.stream().filter(e -> e.type() == type).map(Entry::payload).toList())
                        .as("thread %d's entries, in its order", t)
                        .isEqualTo(java.util.stream.IntStream.range(0, perThread).mapToObj(i -> type + ":" + i)
                                .toList());
            }
        }
    }

    @Test
    void anInterruptedAppenderWritesAndKeepsItsInterrupt() throws Exception {
        try (SpoolLog spool = SpoolLog.open(dir, osPolicy().build())) {
            spool.append((byte) 0, utf8("before"));
            Thread.currentThread().interrupt();
            try {
                // An interrupt would close the FileChannel under every thread; the append must not let it.
                spool.append((byte) 0, utf8("interrupted"));
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
            spool.append((byte) 0, utf8("after"));
            assertThat(readAll(spool)).extracting(Entry::payload).containsExactly("before", "interrupted", "after");
        }
    }

    @Test
    void appendAfterCloseIsRefused() throws Exception {
        SpoolLog spool = SpoolLog.open(dir, osPolicy().build());
        spool.close();
        assertThatThrownBy(() -> spool.append((byte) 0, utf8("x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        spool.close();
    }
}

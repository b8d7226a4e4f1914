package io.samsa.spool;

import io.samsa.spool.SpoolFixtures.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static io.samsa.spool.SpoolFixtures.osPolicy;
import static io.samsa.spool.SpoolFixtures.payload;
import static io.samsa.spool.SpoolFixtures.readAll;
import static io.samsa.spool.SpoolFixtures.segmentFiles;
import static io.samsa.spool.SpoolFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What open makes of damaged segments: torn tails are cut, anything else is refused (or skipped if asked). */
class SpoolRecoveryTest {
    private static final int HEADER = 20;

    @TempDir
    Path root;

    private final SpoolOptions options = osPolicy().segmentBytes(4096).maxBytes(1 << 20).build();

    /** Writes entries of the given payload sizes into a fresh spool in {@code dir}; returns what was written. */
    private List<Entry> write(Path dir, SpoolOptions options, int... sizes) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (SpoolLog spool = SpoolLog.open(dir, options)) {
            for (int i = 0; i < sizes.length; i++) {
                String p = payload(i, sizes[i]);
                entries.add(new Entry(spool.append((byte) i, utf8(p)), (byte) i, p));
            }
        }
        return entries;
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 0x5a));
            ch.write(b.rewind(), offset);
        }
    }

    @Test
    void aTornLastEntryIsCutAtEveryByteOffset() throws Exception {
        Path source = root.resolve("source");
        List<Entry> written = write(source, options, 10, 0, 33, 25);
        Path segment = segmentFiles(source).get(0);
        byte[] bytes = Files.readAllBytes(segment);
        Entry last = written.get(written.size() - 1);
        int lastStart = HEADER + (int) last.position();
        assertThat(bytes).hasSize(lastStart + 9 + 25);

        for (int cut = lastStart; cut < bytes.length; cut++) {
            Path dir = root.resolve("cut-" + cut);
            Files.createDirectories(dir);
            Files.write(dir.resolve(segment.getFileName()), java.util.Arrays.copyOf(bytes, cut));
            try (SpoolLog spool = SpoolLog.open(dir, options)) {
                assertThat(readAll(spool)).as("cut at %d", cut).isEqualTo(written.subList(0, 3));
                assertThat(spool.endPosition()).isEqualTo(last.position());
                assertThat(Files.size(dir.resolve(segment.getFileName()))).isEqualTo(lastStart);
                // The log goes on where the torn entry was.
                assertThat(spool.append((byte) 7, utf8("again"))).isEqualTo(last.position());
            }
        }
    }

    @Test
    void aLastEntryWithABadCrcIsCut() throws Exception {
        Path dir = root.resolve("spool");
        List<Entry> written = write(dir, options, 10, 20, 30);
        Path segment = segmentFiles(dir).get(0);
        flipByte(segment, Files.size(segment) - 1);
        try (SpoolLog spool = SpoolLog.open(dir, options)) {
            assertThat(readAll(spool)).isEqualTo(written.subList(0, 2));
        }
    }

    @Test
    void zerosAfterTheLastEntryAreCut() throws Exception {
        Path dir = root.resolve("spool");
        List<Entry> written = write(dir, options, 10, 20);
        Path segment = segmentFiles(dir).get(0);
        long size = Files.size(segment);
        Files.write(segment, new byte[4096], StandardOpenOption.APPEND);
        try (SpoolLog spool = SpoolLog.open(dir, options)) {
            assertThat(readAll(spool)).isEqualTo(written);
            assertThat(Files.size(segment)).isEqualTo(size);
        }
    }

    @Test
    void aBadCrcFollowedByValidEntriesIsRefusedNamingFileAndOffset() throws Exception {
        Path dir = root.resolve("spool");
        List<Entry> written = write(dir, options, 10, 20, 30, 40);
        Path segment = segmentFiles(dir).get(0);
        long offset = HEADER + written.get(1).position();
        flipByte(segment, offset + 12);
        byte[] before = Files.readAllBytes(segment);

        assertThatThrownBy(() -> SpoolLog.open(dir, options))
                .isInstanceOfSatisfying(SpoolCorruptException.class, e -> {
                    assertThat(e.file()).isEqualTo(segment);
                    assertThat(e.fileOffset()).isEqualTo(offset);
                })
                .hasMessageContaining(segment.toString())
                .hasMessageContaining("file offset " + offset)
                .hasMessageContaining("CRC-32C mismatch")
                .hasMessageContaining("spool.skip.corruption");
        assertThat(Files.readAllBytes(segment)).as("refusing changes nothing").isEqualTo(before);

        // Refusing released the lock: opening again with the option skips the damaged entry alone.
        try (SpoolLog spool = SpoolLog.open(dir, options.toBuilder().skipCorruption(true).build())) {
            assertThat(readAll(spool)).containsExactly(written.get(0), written.get(2), written.get(3));
            assertThat(spool.holes()).containsEntry(written.get(1).position(), written.get(2).position());
            long end = spool.endPosition();
            assertThat(spool.append((byte) 9, utf8("more"))).isEqualTo(end);
        }
        assertThat(Files.readAllBytes(segment)).as("skipping keeps the damaged bytes")
                .startsWith(java.util.Arrays.copyOf(before, before.length));
    }

    @Test
    void damageAtTheEndOfASegmentThatIsNotTheLastIsRefused() throws Exception {
        Path dir = root.resolve("spool");
        SpoolOptions small = osPolicy().segmentBytes(100).maxBytes(10_000).build();
        List<Entry> written = write(dir, small, 45, 45, 45);
        List<Path> files = segmentFiles(dir);
        assertThat(files).hasSize(3);
        flipByte(files.get(1), Files.size(files.get(1)) - 1);

        assertThatThrownBy(() -> SpoolLog.open(dir, small))
                .isInstanceOf(SpoolCorruptException.class)
                .hasMessageContaining(files.get(1).toString())
                .hasMessageContaining("not the last segment");

        try (SpoolLog spool = SpoolLog.open(dir, small.toBuilder().skipCorruption(true).build())) {
            assertThat(readAll(spool)).containsExactly(written.get(0), written.get(2));
        }
    }

    @Test
    void aMissingSegmentInTheMiddleIsRefused() throws Exception {
        Path dir = root.resolve("spool");
        SpoolOptions small = osPolicy().segmentBytes(100).maxBytes(10_000).build();
        List<Entry> written = write(dir, small, 45, 45, 45);
        Files.delete(segmentFiles(dir).get(1));
        assertThatThrownBy(() -> SpoolLog.open(dir, small))
                .isInstanceOf(SpoolCorruptException.class)
                .hasMessageContaining("entries in between are missing");
        try (SpoolLog spool = SpoolLog.open(dir, small.toBuilder().skipCorruption(true).build())) {
            assertThat(readAll(spool)).containsExactly(written.get(0), written.get(2));
        }
    }

    @Test
    void anUnknownFormatVersionIsRefusedNeverSkipped() throws Exception {
        Path dir = root.resolve("spool");
        write(dir, options, 10);
        Path segment = segmentFiles(dir).get(0);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(2).putShort(0, (short) 2), 4);
        }
        byte[] before = Files.readAllBytes(segment);
        for (boolean skip : new boolean[] {false, true}) {
            assertThatThrownBy(() -> SpoolLog.open(dir, options.toBuilder().skipCorruption(skip).build()))
                    .isInstanceOf(SpoolException.class)
                    .hasMessageContaining(segment.toString())
                    .hasMessageContaining("format version 2")
                    .hasMessageContaining("reads version 1");
        }
        assertThat(Files.readAllBytes(segment)).isEqualTo(before);
    }

    @Test
    void aFileThatIsNotASegmentIsRefused() throws Exception {
        Path dir = root.resolve("spool");
        Files.createDirectories(dir);
        Path bogus = dir.resolve("00000000000000000000.log");
        Files.writeString(bogus, "this is not a spool segment at all");
        assertThatThrownBy(() -> SpoolLog.open(dir, options))
                .isInstanceOf(SpoolCorruptException.class)
                .hasMessageContaining(bogus + " is not a spool segment");
    }

    @Test
    void aTornHeaderOfTheLastSegmentIsRewritten() throws Exception {
        Path dir = root.resolve("spool");
        SpoolOptions small = osPolicy().segmentBytes(100).maxBytes(10_000).build();
        List<Entry> written = write(dir, small, 45, 45);
        Path last = segmentFiles(dir).get(1);
        byte[] header = java.util.Arrays.copyOf(Files.readAllBytes(last), 7);
        Files.write(last, header);
        try (SpoolLog spool = SpoolLog.open(dir, small)) {
            assertThat(readAll(spool)).containsExactly(written.get(0));
            assertThat(spool.append((byte) 1, utf8("x"))).isEqualTo(written.get(1).position());
        }
    }
}

package io.samsa.spool;

import io.samsa.spool.SpoolFixtures.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.samsa.spool.SpoolFixtures.osPolicy;
import static io.samsa.spool.SpoolFixtures.payload;
import static io.samsa.spool.SpoolFixtures.readAll;
import static io.samsa.spool.SpoolFixtures.segmentFiles;
import static io.samsa.spool.SpoolFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A full disk during an append. A real full file system is not available to the build (making one needs a loop
 * mount or a tmpfs, i.e. root and mount(8)), so the disk fills through {@link FaultyChannel}: a short write up to
 * the space left, then "No space left on device", as Linux's write(2) behaves.
 */
class SpoolDiskFullTest {
    @TempDir
    Path dir;

    @Test
    void aWriteThatRunsOutOfSpaceIsCutBackAndTheLogStaysParseable() throws Exception {
        FaultyChannel.Faults faults = new FaultyChannel.Faults();
        SpoolOptions options = osPolicy().segmentBytes(4096).maxBytes(1 << 20).channelOpener(faults.opener())
                .build();
        List<Entry> kept = new ArrayList<>();
        try (SpoolLog spool = SpoolLog.open(dir, options)) {
            for (int i = 0; i < 2; i++) {
                String p = payload(i, 50);
                kept.add(new Entry(spool.append((byte) 0, utf8(p)), (byte) 0, p));
            }
            Path segment = segmentFiles(dir).get(0);
            long sizeBefore = Files.size(segment);
            long end = spool.endPosition();

            faults.writeBudget.set(30);
            assertThatThrownBy(() -> spool.append((byte) 0, utf8(payload(2, 50))))
                    .isInstanceOf(SpoolDiskFullException.class)
                    .hasMessageContaining("disk holding spool directory " + dir + " is full")
                    .hasMessageContaining("No space left on device");
            assertThat(Files.size(segment)).as("the partial write is cut off").isEqualTo(sizeBefore);
            assertThat(spool.endPosition()).isEqualTo(end);
            assertThat(spool.sizeInBytes()).isEqualTo(sizeBefore);
            assertThat(readAll(spool)).isEqualTo(kept);

            // Space comes back: the spool goes on where it was.
            faults.writeBudget.set(Long.MAX_VALUE);
            String p = payload(3, 50);
            kept.add(new Entry(spool.append((byte) 0, utf8(p)), (byte) 0, p));
            assertThat(kept.get(2).position()).isEqualTo(end);
        }
        try (SpoolLog reopened = SpoolLog.open(dir, osPolicy().build())) {
            assertThat(readAll(reopened)).isEqualTo(kept);
        }
    }

    @Test
    void aRollThatRunsOutOfSpaceLeavesTheActiveSegmentInPlace() throws Exception {
        FaultyChannel.Faults faults = new FaultyChannel.Faults();
        SpoolOptions options = osPolicy().segmentBytes(100).maxBytes(10_000).channelOpener(faults.opener())
                .build();
        try (SpoolLog spool = SpoolLog.open(dir, options)) {
            spool.append((byte) 0, utf8(payload(0, 50)));
            faults.writeBudget.set(0);
            assertThatThrownBy(() -> spool.append((byte) 0, utf8(payload(1, 50))))
                    .isInstanceOf(SpoolDiskFullException.class)
                    .hasMessageContaining("cannot create segment");
            assertThat(segmentFiles(dir)).hasSize(1);
            faults.writeBudget.set(Long.MAX_VALUE);
            spool.append((byte) 0, utf8(payload(1, 50)));
            assertThat(readAll(spool)).hasSize(2);
        }
    }
}

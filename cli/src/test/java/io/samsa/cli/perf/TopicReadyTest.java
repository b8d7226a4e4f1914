package io.samsa.cli.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A run on the embedded broker starts once the broker has a log for every partition of its fresh topic
 * ({@link PerfSession#awaitPartitionLogs}), seen as the partitions' directories in its data directory.
 */
class TopicReadyTest {
    @TempDir
    Path root;

    @Test
    void readyOnceEveryPartitionHasItsLogDirectory() throws Exception {
        Path data = Files.createDirectories(root.resolve("node-1").resolve("data"));
        for (int p = 0; p < 12; p++) {
            Files.createDirectory(data.resolve("perf-7-" + p));
        }
        // other topics' logs, a longer name with the same start, and a deleted topic's do not count
        Files.createDirectory(data.resolve("perf-70-12"));
        Files.createDirectory(data.resolve("perf-6-12"));
        Files.createDirectory(data.resolve("perf-7-12.0123abcd-delete"));
        assertThat(PerfSession.awaitPartitionLogs(root, "perf-7", 12, Duration.ofSeconds(5)))
                .isLessThan(Duration.ofSeconds(5));

        assertThatThrownBy(() -> PerfSession.awaitPartitionLogs(root, "perf-7", 13, Duration.ofMillis(100)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("the broker created logs for 12 of its 13 partitions");
    }

    @Test
    void waitsForTheBrokerToCreateTheLastOne() throws Exception {
        Path data = Files.createDirectories(root.resolve("node-1").resolve("data"));
        Files.createDirectory(data.resolve("t-1-0"));
        Thread creator = new Thread(() -> {
            try {
                Thread.sleep(200); // the broker applying the topic's metadata, late
                Files.createDirectory(data.resolve("t-1-1"));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        creator.start();
        Duration took = PerfSession.awaitPartitionLogs(root, "t-1", 2, Duration.ofSeconds(10));
        creator.join(10_000);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(Files.isDirectory(data.resolve("t-1-1"))).isTrue();
    }

    @Test
    void aDeletedTopicIsGoneOnceTheBrokerHasRemovedItsRenamedLogs() throws Exception {
        Path data = Files.createDirectories(root.resolve("node-1").resolve("data"));
        Path live = Files.createDirectory(data.resolve("perf-3-0"));
        Path renamed = Files.createDirectory(data.resolve("perf-3-1.5f1e0c2a9b7d4e38a6c1f0d2b3e4a596-delete"));
        // other topics' logs, live or deleted, and a longer name with the same start, do not count
        Files.createDirectory(data.resolve("perf-30-0"));
        Files.createDirectory(data.resolve("perf-2-0.0123abcd-delete"));

        assertThatThrownBy(() -> PerfSession.awaitLogsRemoved(root, "perf-3", Duration.ofMillis(100)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("the broker still had 2 of its partitions' logs");

        Thread remover = new Thread(() -> {
            try {
                Files.delete(live); // the broker renames the log at deletion ...
                Thread.sleep(200);
                Files.delete(renamed); // ... and removes it file.delete.delay.ms later
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        remover.start();
        Duration took = PerfSession.awaitLogsRemoved(root, "perf-3", Duration.ofSeconds(10));
        remover.join(10_000);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(Files.exists(data.resolve("perf-30-0"))).isTrue();
    }
}

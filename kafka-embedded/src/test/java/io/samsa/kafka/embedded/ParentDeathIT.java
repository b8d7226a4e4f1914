package io.samsa.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that started a cluster is killed with SIGKILL, so neither close() nor the shutdown hook runs: the forks'
 * watchdogs must end them, and the next cluster under the same base directory must delete the abandoned data.
 */
class ParentDeathIT {

    /** Main class of the parent JVM: starts a cluster, reports its pids, then waits to be killed. */
    public static final class ParentMain {
        /** Held for the life of the JVM, so the forks' stdin pipes stay open until the kill. */
        static EmbeddedKafkaCluster cluster;

        public static void main(String[] args) throws Exception {
            cluster = EmbeddedKafkaCluster.builder().baseDirectory(Path.of(args[0])).build().start();
            System.out.println("READY pids=" + cluster.processIds() + " dir=" + cluster.dataDirectory());
            System.out.flush();
            new java.util.concurrent.CountDownLatch(1).await(); // until killed
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void forksDieWithTheirParentAndTheDataIsSweptLater(@TempDir Path work) throws Exception {
        Path base = Files.createDirectories(work.resolve("base"));
        Path out = work.resolve("parent.out");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process parent = new ProcessBuilder(List.of(Forks.javaExecutable(), "-Xmx128m", "-cp", classpath,
                ParentMain.class.getName(), base.toString()))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        try {
            Pattern ready = Pattern.compile("READY pids=\\[([0-9, ]+)] dir=(\\S+)");
            Matcher[] match = new Matcher[1];
            Poll.until(Duration.ofSeconds(150), "the parent JVM to start its cluster", () -> {
                Matcher m = ready.matcher(read(out));
                if (m.find()) {
                    match[0] = m;
                    return true;
                }
                assertThat(parent.isAlive()).as("parent JVM alive; its output:\n%s", read(out)).isTrue();
                return false;
            }, () -> read(out));
            List<Long> pids = new ArrayList<>();
            Arrays.stream(match[0].group(1).split(",\\s*")).forEach(p -> pids.add(Long.parseLong(p)));
            Path dataDirectory = Path.of(match[0].group(2));
            assertThat(pids).hasSize(2).allMatch(Poll::alive);
            assertThat(dataDirectory).isDirectory();

            long killedAt = System.nanoTime();
            parent.destroyForcibly();
            assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Poll.until(Duration.ofSeconds(30), "the forks " + pids + " to die with their parent",
                    () -> pids.stream().noneMatch(Poll::alive),
                    () -> pids.stream().filter(Poll::alive).toList());
            System.out.printf("forks gone %.1f s after their parent was killed%n", (System.nanoTime() - killedAt) / 1e9);

            // The dead parent could not delete its directory; the next start under the same base does.
            assertThat(dataDirectory).isDirectory();
            EmbeddedKafkaCluster.sweepAbandonedDirectories(base);
            assertThat(dataDirectory).doesNotExist();
        } finally {
            parent.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

}

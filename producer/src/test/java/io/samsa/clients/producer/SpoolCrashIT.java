package io.samsa.clients.producer;

import io.samsa.common.serialization.ByteArraySerializer;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18's proof of the durable spool: a producer in a child JVM ({@link SpoolCrashChild}) is killed with
 * SIGKILL at random points while it sends, restarted on the same spool, killed again, and finally run to
 * completion; Apache Kafka's consumer then checks that every record reported durable (its {@code send()}
 * returned) is in Kafka exactly once, that nothing at all is in Kafka twice, and that each key's records are in
 * send order. Each round has its own seed, topic and spool; rounds run for {@code spool.fsync=always} and
 * {@code interval}.
 *
 * <p>{@code -Dsamsa.spool.crash.rounds=N} runs N rounds per policy (default 5), {@code -Dsamsa.spool.crash.seed=S}
 * starts the seeds at S (round r uses S + r, so one failing round is rerun with its seed and rounds=1), and
 * {@code -Dsamsa.spool.crash.policies=always,interval,os} picks the policies. Each child run's stdout and stderr
 * are kept under {@code target/spool-crash/<round>/}.
 *
 * <p>A second test stops the only broker for longer than {@code buffer.memory} lasts and checks that sends go on
 * returning (the spool holds what memory cannot) and that everything arrives once the broker is back.
 */
class SpoolCrashIT {
    private static final int PARTITIONS = 4;
    /** Records per round, across all of its child runs. */
    private static final int RECORDS = 3_000;
    private static final int ROUNDS = Integer.getInteger("samsa.spool.crash.rounds", 5);
    private static final long FIRST_SEED = Long.getLong("samsa.spool.crash.seed", 18_000L);
    private static final List<String> POLICIES =
            List.of(System.getProperty("samsa.spool.crash.policies", "always,interval").split(","));
    private static final Path LOGS = Path.of("target", "spool-crash");

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DONE_TIMEOUT = Duration.ofMinutes(2);
    /** Bounds the wait for the line a kill plan waits for, on top of the child's start. */
    private static final Duration LINE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    @TestFactory
    Stream<DynamicTest> reportedRecordsSurviveSigkillExactlyOnceInOrder(@KafkaCluster KafkaTestCluster kafka,
                                                                        @TempDir Path spools) {
        List<DynamicTest> tests = new ArrayList<>();
        for (String policy : POLICIES) {
            for (int r = 0; r < ROUNDS; r++) {
                long seed = FIRST_SEED + r;
                tests.add(DynamicTest.dynamicTest("spool.fsync=" + policy + " seed=" + seed,
                        () -> round(kafka, spools, policy, seed)));
            }
        }
        return tests.stream();
    }

    // =============================================================================================================
    // One round: kill/restart 2-4 times, run to completion, check the topic
    // =============================================================================================================

    /** When a child run is killed. */
    private enum KillPlan {
        /** After a random number of SENT lines of this run: mid-stream. */
        AFTER_SENT,
        /**
         * A random time (under 2.5 s) after the process started: possibly before READY, i.e. during start-up or
         * replay.
         */
        AFTER_START,
        /** A random short time after READY: right after the replay, while its batches are being acknowledged. */
        AFTER_READY,
        /**
         * The run sends a short burst; killed just after its last SENT line, while acknowledgements arrive and
         * the spool notes them (or has not yet).
         */
        AFTER_BURST
    }

    /** One child run: what it was given and what it reported. */
    private record Run(int generation, long first, long end, KillPlan plan, String detail, long reportedUpTo,
                       boolean ready, String done, Path out, Path err) {
        long reported() {
            return reportedUpTo - first;
        }

        @Override
        public String toString() {
            return "run " + generation + ": [" + first + ", " + end + ") " + (plan == null ? "to completion" : plan)
                    + " " + detail + (ready ? "" : ", no READY") + ", reported " + reported()
                    + (reported() > 0 ? " (up to " + (reportedUpTo - 1) + ")" : "")
                    + (done == null ? "" : ", " + done);
        }
    }

    private static void round(KafkaTestCluster kafka, Path spools, String policy, long seed) throws Exception {
        // The policy is mixed in so the policies do not all see the same kill points.
        Random random = new Random(seed * 31 + policy.hashCode());
        String name = "spool-crash-" + policy + "-" + seed;
        kafka.createTopic(name, PARTITIONS, 1);
        Path spool = spools.resolve(name);
        Path logs = LOGS.resolve(name);
        Files.createDirectories(logs);

        int kills = 2 + random.nextInt(3);
        List<Run> runs = new ArrayList<>();
        // The generation whose SENT line reported each index, -1 while none did.
        int[] reportedBy = new int[RECORDS];
        Arrays.fill(reportedBy, -1);
        long next = 0;
        for (int generation = 0; generation <= kills; generation++) {
            boolean last = generation == kills;
            long remaining = RECORDS - next;
            KillPlan plan = last ? null : KillPlan.values()[random.nextInt(KillPlan.values().length)];
            if (plan == KillPlan.AFTER_SENT && remaining < 2) {
                plan = KillPlan.AFTER_READY;
            }
            long end = RECORDS;
            if (plan == KillPlan.AFTER_BURST) {
                end = Math.min(RECORDS, next + 50 + random.nextInt(451));
            }
            // Half the runs send flat out (bursts, batches filling), half paced (kills between sends). Runs killed
            // at a time after start are paced, so that the kill finds them still sending.
            double perSecond = random.nextBoolean() && plan != KillPlan.AFTER_START ? 0 : 500 + random.nextInt(1_500);
            Child child = Child.start(kafka, name, spool, policy, next, end, perSecond, generation, logs);
            String detail = "rate=" + (perSecond == 0 ? "max" : (int) perSecond + "/s");
            try {
                if (last) {
                    child.await(() -> child.ready || child.eof, READY_TIMEOUT, "READY");
                    assertThat(child.ready).as(() -> "the final run started\n" + tails(runs, child)).isTrue();
                    child.await(() -> child.done != null || child.eof, DONE_TIMEOUT, "DONE");
                    assertThat(child.done).as(() -> "the final run finished\n" + tails(runs, child)).isNotNull();
                    assertThat(child.process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                            .as("the final run exited").isTrue();
                    assertThat(child.process.exitValue()).as(() -> "exit code of the final run\n" + tails(runs, child))
                            .isZero();
                    assertThat(child.done).as("every record the final run sent was acknowledged")
                            .endsWith(" failed=0");
                } else {
                    detail += " " + kill(child, plan, random, remaining);
                }
            } finally {
                child.kill();
            }
            assertThat(child.protocolError).as(() -> "the child's output\n" + tails(runs, child)).isNull();
            // 137 is SIGKILL's; anything else but 0 means the child failed by itself before the kill.
            int gen = generation;
            assertThat(child.process.exitValue()).as(() -> "exit code of run " + gen + "\n" + tails(runs, child))
                    .isIn(0, 128 + 9);
            for (long i = child.first; i < child.reportedUpTo; i++) {
                reportedBy[(int) i] = generation;
            }
            Run run = new Run(generation, child.first, end, plan, detail, child.reportedUpTo, child.ready,
                    child.done, child.out, child.err);
            runs.add(run);
            next = Math.max(next, child.reportedUpTo);
        }
        check(kafka, name, policy, seed, runs, reportedBy);
    }

    /** Waits for the moment {@code plan} picks (with {@code random}), then kills the child; says what it did. */
    private static String kill(Child child, KillPlan plan, Random random, long remaining) throws Exception {
        switch (plan) {
            case AFTER_SENT -> {
                // At most half of what remains, so later runs have records left to be killed in.
                long n = 1 + (long) (random.nextDouble() * (remaining / 2));
                child.await(() -> child.reportedUpTo - child.first >= n || child.eof,
                        READY_TIMEOUT.plus(LINE_TIMEOUT), "SENT line " + n);
                child.kill();
                return "killed after SENT line " + n;
            }
            case AFTER_START -> {
                long ms = random.nextInt(2_500);
                // The delay is the chosen kill moment, not a wait for something to happen.
                Thread.sleep(ms);
                child.kill();
                return "killed " + ms + " ms after start";
            }
            case AFTER_READY -> {
                long ms = random.nextInt(300);
                child.await(() -> child.ready || child.eof, READY_TIMEOUT, "READY");
                Thread.sleep(ms); // the chosen kill moment
                child.kill();
                return "killed " + ms + " ms after READY";
            }
            case AFTER_BURST -> {
                long ms = random.nextInt(20);
                child.await(() -> child.reportedUpTo >= child.end || child.eof,
                        READY_TIMEOUT.plus(LINE_TIMEOUT), "the burst's last SENT line");
                Thread.sleep(ms); // the chosen kill moment: acknowledgements are arriving
                child.kill();
                return "killed " + ms + " ms after the burst";
            }
            default -> throw new AssertionError(plan);
        }
    }

    /** Reads the whole topic and checks it against what the runs reported. */
    private static void check(KafkaTestCluster kafka, String topic, String policy, long seed, List<Run> runs,
                              int[] reportedBy) {
        List<ConsumerRecord<byte[], byte[]>> records = readToEnd(kafka.clientConfigs(), topic, PARTITIONS);
        Set<Long> present = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        List<String> outOfOrder = new ArrayList<>();
        Map<String, long[]> lastPerKey = new HashMap<>();
        Map<Long, Integer> generationsPerIndex = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String where = r.partition() + "@" + r.offset();
            if (r.value() == null || r.value().length != SpoolCrashChild.VALUE_BYTES) {
                malformed.add(where + ": value of " + (r.value() == null ? "null" : r.value().length + " bytes"));
                continue;
            }
            ByteBuffer v = ByteBuffer.wrap(r.value());
            long index = v.getLong();
            int generation = v.getInt();
            String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
            if (generation < 0 || generation >= runs.size() || index < runs.get(generation).first()
                    || index >= runs.get(generation).end()
                    || !Arrays.equals(r.key(), SpoolCrashChild.key(index))) {
                malformed.add(where + ": key " + key + " index " + index + " generation " + generation);
                continue;
            }
            if (present.add(pair(generation, index))) {
                generationsPerIndex.merge(index, 1, Integer::sum);
            } else {
                duplicates.add(where + ": index " + index + " of run " + generation);
            }
            // Order per key is (generation, index): a later run starts after everything reported before it, and
            // replays the earlier run's records before it sends its own.
            long[] prev = lastPerKey.get(key);
            if (prev != null && (prev[0] > generation || (prev[0] == generation && prev[1] >= index))) {
                outOfOrder.add(where + ": key " + key + " index " + index + " of run " + generation + " after index "
                        + prev[1] + " of run " + prev[0]);
            }
            lastPerKey.put(key, new long[] {generation, index});
        }
        List<String> missing = new ArrayList<>();
        long reported = 0;
        for (int i = 0; i < reportedBy.length; i++) {
            if (reportedBy[i] >= 0) {
                reported++;
                if (!present.contains(pair(reportedBy[i], i))) {
                    missing.add("index " + i + " of run " + reportedBy[i]);
                }
            }
        }
        long unreportedPresent = 0;
        for (long p : present) {
            int index = (int) (p % RECORDS);
            if (reportedBy[index] != (int) (p / RECORDS)) {
                unreportedPresent++;
            }
        }
        long resent = generationsPerIndex.values().stream().filter(n -> n > 1).count();
        String summary = "spool.fsync=" + policy + " seed=" + seed + " (rerun with -Dsamsa.spool.crash.seed=" + seed
                + " -Dsamsa.spool.crash.rounds=1 -Dsamsa.spool.crash.policies=" + policy + ")"
                + ": reported durable " + reported + ", in Kafka " + records.size()
                + ", in Kafka but never reported (replayed or acked before the kill) " + unreportedPresent
                + ", indices sent again by the next run after an unreported send " + resent + "\n"
                + runs.stream().map(Run::toString).collect(Collectors.joining("\n"));
        System.out.println(summary);
        String context = summary + "\n" + tails(runs, null);
        assertThat(sample(malformed)).as("records no run sent\n%s", context).isEmpty();
        assertThat(sample(missing)).as("reported durable but not in Kafka (%d)\n%s", missing.size(), context)
                .isEmpty();
        assertThat(sample(duplicates)).as("in Kafka more than once (%d)\n%s", duplicates.size(), context)
                .isEmpty();
        assertThat(sample(outOfOrder)).as("out of order for their key (%d)\n%s", outOfOrder.size(), context)
                .isEmpty();
        assertThat(reported).as("records reported durable\n%s", context).isEqualTo(RECORDS);
    }

    /** The first 20 problems, so a message with thousands stays readable (the count is in the description). */
    private static List<String> sample(List<String> problems) {
        return problems.size() <= 20 ? problems : problems.subList(0, 20);
    }

    private static long pair(int generation, long index) {
        return (long) generation * RECORDS + index;
    }

    /** The tail of each run's stderr and stdout, for assertion messages. */
    private static String tails(List<Run> runs, Child current) {
        StringBuilder sb = new StringBuilder();
        for (Run run : runs) {
            sb.append(tail("run " + run.generation() + " stderr", run.err(), 15))
                    .append(tail("run " + run.generation() + " stdout", run.out(), 3));
        }
        if (current != null) {
            sb.append(tail("current run stderr", current.err, 40)).append(tail("current run stdout", current.out, 5));
        }
        return sb.toString();
    }

    private static String tail(String what, Path file, int lines) {
        try {
            List<String> all = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
            return "--- " + what + " (" + file.toAbsolutePath() + ", last " + Math.min(lines, all.size()) + " of "
                    + all.size() + " lines)\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
        } catch (IOException | UncheckedIOException e) {
            return "--- " + what + ": unreadable: " + e + "\n";
        }
    }

    // =============================================================================================================
    // The child JVM
    // =============================================================================================================

    /**
     * A running {@link SpoolCrashChild}. Its stdout goes to a file, not a pipe: a line the child wrote before
     * SIGKILL is in the file whatever the timing (reading a pipe while the JDK drains it at process exit can fail
     * with "Stream closed" and lose the last lines). A thread follows the file; waits are on this object's monitor.
     */
    private static final class Child {
        /** How often the follower looks for more output while the child runs. */
        private static final long FOLLOW_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

        final Process process;
        final long first;
        final long end;
        final Path out;
        final Path err;
        private final Thread follower;
        /** One past the highest index a SENT line reported; lines come in index order from {@link #first}. */
        volatile long reportedUpTo;
        volatile boolean ready;
        volatile String done;
        volatile boolean eof;
        volatile String protocolError;

        private Child(Process process, long first, long end, Path out, Path err) {
            this.process = process;
            this.first = first;
            this.end = end;
            this.out = out;
            this.err = err;
            this.reportedUpTo = first;
            this.follower = new Thread(this::follow, "spool-crash-child-stdout");
            follower.setDaemon(true);
            follower.start();
        }

        static Child start(KafkaTestCluster kafka, String topic, Path spool, String policy, long first, long end,
                           double perSecond, int generation, Path logs) throws IOException {
            String java = ProcessHandle.current().info().command()
                    .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
            // Under surefire/failsafe java.class.path may be only the booter jar; this property is the real one.
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", classPath,
                    SpoolCrashChild.class.getName(), kafka.bootstrapServers(), topic, spool.toString(), policy,
                    Long.toString(first), Long.toString(end), Double.toString(perSecond),
                    Integer.toString(generation)));
            kafka.clientConfigs().forEach((k, v) -> {
                if (!k.equals("bootstrap.servers")) {
                    command.add(k + "=" + v);
                }
            });
            Path out = logs.resolve("run-" + generation + ".stdout.log");
            Path err = logs.resolve("run-" + generation + ".stderr.log");
            Process process = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.to(out.toFile()))
                    .redirectError(ProcessBuilder.Redirect.to(err.toFile()))
                    .start();
            return new Child(process, first, end, out, err);
        }

        /** Parses the stdout file as it grows, until the child is gone and the file read to its end. */
        private void follow() {
            StringBuilder line = new StringBuilder();
            byte[] buf = new byte[64 * 1024];
            try (java.io.InputStream in = Files.newInputStream(out)) {
                while (true) {
                    // Checked before reading: once the child is gone, one more read reaches everything it wrote.
                    boolean exited = !process.isAlive();
                    int n = in.read(buf);
                    if (n > 0) {
                        for (int i = 0; i < n; i++) {
                            char c = (char) (buf[i] & 0xff);
                            if (c == '\n') {
                                line(line.toString());
                                line.setLength(0);
                            } else {
                                line.append(c);
                            }
                        }
                    } else if (exited) {
                        // A last line without its newline was cut by the kill: not reported.
                        break;
                    } else {
                        LockSupport.parkNanos(FOLLOW_NANOS);
                    }
                }
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    if (protocolError == null) {
                        protocolError = "reading stdout: " + e;
                    }
                }
            } finally {
                synchronized (this) {
                    eof = true;
                    notifyAll();
                }
            }
        }

        private synchronized void line(String line) {
            if (line.startsWith("SENT ")) {
                long index = Long.parseLong(line.substring(5).trim());
                if (!ready || index != reportedUpTo) {
                    protocolError = "expected SENT " + reportedUpTo + (ready ? "" : " after READY") + ", got " + line;
                }
                reportedUpTo = Math.max(reportedUpTo, index + 1);
            } else if (line.equals("READY")) {
                ready = true;
            } else if (line.startsWith("DONE")) {
                done = line;
            }
            notifyAll();
        }

        /** Waits until {@code condition} holds, at most {@code timeout}; fails naming {@code what} otherwise. */
        synchronized void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + what + " from the child within " + timeout.toSeconds() + " s\n"
                            + tail("stderr", err, 40) + tail("stdout", out, 5));
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        /** SIGKILL (on Linux), then waits for the process and for its stdout to be read to the end. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("the child exited after SIGKILL").isTrue();
            follower.join(EXIT_TIMEOUT.toMillis());
            assertThat(follower.isAlive()).as("the child's stdout was read to its end").isFalse();
        }
    }

    // =============================================================================================================
    // Reading the topic back with Apache Kafka's consumer
    // =============================================================================================================

    /** Every record of the topic, each partition's in offset order, up to the end offsets at the start. */
    private static List<ConsumerRecord<byte[], byte[]>> readToEnd(Map<String, ?> clientConfigs, String topic,
                                                                  int partitions) {
        Map<String, Object> config = new HashMap<>(clientConfigs);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(topic, p));
        }
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> endOffsets = consumer.endOffsets(tps, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!tps.stream().allMatch(tp -> consumer.position(tp) >= endOffsets.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + endOffsets
                            + " within " + READ_TIMEOUT.toSeconds() + " s; read " + records.size() + " records");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    records.add(r);
                }
            }
        }
        return records;
    }

    // =============================================================================================================
    // Broker down for longer than buffer.memory lasts
    // =============================================================================================================

    /**
     * DEPENDS ON THE SPOOL'S SPILL BEYOND MEMORY: with the spool on, records that do not fit in
     * {@code buffer.memory} wait in the spool instead of blocking {@code send()} for {@code max.block.ms} and then
     * failing. Without that part of the spool this test fails at the first send that finds memory full.
     */
    @Test
    void brokerDownLongerThanBufferMemoryLasts(@KafkaCluster(shared = false) KafkaTestCluster kafka,
                                               @TempDir Path spool) throws Exception {
        String topic = "spool-outage";
        kafka.createTopic(topic, PARTITIONS, 1);
        int bufferMemory = 256 * 1024;
        int valueBytes = 1024;
        // 16 times buffer.memory in values alone.
        int records = 16 * bufferMemory / valueBytes;
        Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
        config.put("acks", "all");
        config.put("linger.ms", 5);
        config.put("buffer.memory", bufferMemory);
        config.put("max.block.ms", 2_000);
        config.put("request.timeout.ms", 10_000);
        config.put("delivery.timeout.ms", 300_000);
        config.put("retry.backoff.max.ms", 500);
        config.put("reconnect.backoff.max.ms", 500);
        config.put("spool.dir", spool.resolve("spool").toString());
        config.put("spool.fsync", "os");
        config.put("spool.max.bytes", 256L * 1024 * 1024);
        config.put("spool.segment.bytes", 4 * 1024 * 1024);

        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        boolean down = false;
        try {
            // Record 0 goes through while the broker is up, so the producer knows the topic's partitions.
            futures.add(producer.send(new ProducerRecord<>(topic, SpoolCrashChild.key(0), outageValue(0, valueBytes))));
            futures.get(0).get(60, TimeUnit.SECONDS);

            kafka.stopNode(1);
            down = true;
            long started = System.nanoTime();
            for (int i = 1; i <= records; i++) {
                CompletableFuture<RecordMetadata> f =
                        producer.send(new ProducerRecord<>(topic, SpoolCrashChild.key(i), outageValue(i, valueBytes)));
                if (f.isCompletedExceptionally()) {
                    throw new AssertionError("send " + i + " of " + records + " (" + ((long) i * valueBytes)
                            + " bytes of values, buffer.memory " + bufferMemory + ") failed while the broker was down",
                            failure(f));
                }
                futures.add(f);
            }
            long sendingMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            // Nothing can have been acknowledged: the broker is down, so the records beyond memory are spooled.
            assertThat(futures.subList(1, futures.size())).as("records completed while the broker was down")
                    .noneMatch(CompletableFuture::isDone);

            kafka.restartNode(1);
            down = false;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            for (int i = 0; i < futures.size(); i++) {
                try {
                    futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    throw new AssertionError("record " + i + " failed after the broker came back", e.getCause());
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("record " + i + " of " + futures.size()
                            + " not acknowledged within 3 minutes of the broker's return (sending took " + sendingMs
                            + " ms)");
                }
            }
        } finally {
            // A failure while the broker is down would otherwise leave close() waiting out delivery.timeout.ms
            // for records no broker can take.
            if (down) {
                kafka.restartNode(1);
            }
            producer.close(Duration.ofSeconds(60));
        }

        List<ConsumerRecord<byte[], byte[]>> back = readToEnd(kafka.clientConfigs(), topic, PARTITIONS);
        Set<Long> seen = new HashSet<>();
        Map<String, Long> lastPerKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : back) {
            long index = ByteBuffer.wrap(r.value()).getLong();
            assertThat(seen.add(index)).as("record %d in Kafka more than once", index).isTrue();
            String key = new String(r.key(), StandardCharsets.UTF_8);
            Long prev = lastPerKey.put(key, index);
            if (prev != null) {
                assertThat(index).as("order of key %s in partition %d", key, r.partition()).isGreaterThan(prev);
            }
        }
        assertThat(seen).as("records read back").hasSize(records + 1);
    }

    private static byte[] outageValue(long index, int bytes) {
        return ByteBuffer.allocate(bytes).putLong(index).array();
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.getNow(null);
            return null;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause();
        } catch (RuntimeException e) {
            return e;
        }
    }
}

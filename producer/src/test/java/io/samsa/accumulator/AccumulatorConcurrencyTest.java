package io.samsa.accumulator;

import io.samsa.common.utils.Time;
import io.samsa.common.TopicPartition;
import io.samsa.common.Cluster;
import io.samsa.clients.producer.TestConfigs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.samsa.accumulator.AccumulatorFixtures.TOPIC;
import static io.samsa.accumulator.AccumulatorFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many application threads appending to many partitions (explicit and sticky) with too little memory, so they
 * block and are woken, while one sender thread drains, completes, retries and splits - as the real sender will.
 * Every record must complete exactly once, in append order per partition, and memory must return to zero, with
 * no deadlock (bounded by a deadline).
 */
@Timeout(180)
class AccumulatorConcurrencyTest {

    private static final int THREADS = 6;
    private static final int PARTITIONS = 12;
    private static final int RECORDS_PER_THREAD = 6_000;

    /** One record's identity and fate. */
    private static final class Tracked implements RecordCompletion {
        final int thread;
        final int seq;
        volatile int calls;
        volatile TopicPartition tp;
        volatile long offset;
        volatile RuntimeException error;

        Tracked(int thread, int seq) {
            this.thread = thread;
            this.seq = seq;
        }

        @Override
        public synchronized void onCompletion(TopicPartition partition, long offset, long timestamp, int keySize,
                                              int valueSize, RuntimeException exception) {
            this.tp = partition;
            this.offset = offset;
            this.error = exception;
            calls++;
        }
    }

    @Test
    void appendersAndOneSenderAccountForEveryRecordInOrder() throws Exception {
        Cluster cluster = cluster(3, PARTITIONS);
        Semaphore wakeup = new Semaphore(0);
        AccumulatorConfig config = TestConfigs.accumulator().batchSize(4_096).initialBatchBytes(512)
                .bufferMemory(48 * 1024).lingerMs(2).deliveryTimeoutMs(600_000).retryBackoffMs(1)
                .retryBackoffMaxMs(5).build();
        RecordAccumulator acc = new RecordAccumulator(config, Time.SYSTEM, DrainHook.NON_IDEMPOTENT,
                wakeup::release, null);

        List<List<Tracked>> perThread = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            perThread.add(new ArrayList<>());
        }
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        CountDownLatch appendersDone = new CountDownLatch(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> appenders = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                Random random = new Random(id);
                try {
                    start.await();
                    for (int seq = 0; seq < RECORDS_PER_THREAD; seq++) {
                        byte[] value = new byte[8 + random.nextInt(random.nextInt(20) == 0 ? 3_000 : 200)];
                        ByteBuffer.wrap(value).putInt(id).putInt(seq);
                        Tracked tracked = new Tracked(id, seq);
                        perThread.get(id).add(tracked);
                        // Every 4th record unkeyed (sticky), the rest to an explicit partition.
                        int partition = seq % 4 == 0 ? RecordAccumulator.UNKNOWN_PARTITION
                                : random.nextInt(PARTITIONS);
                        acc.append(TOPIC, partition, 1_700_000_000_000L + seq, null, value, null, tracked, cluster,
                                60_000);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                } finally {
                    appendersDone.countDown();
                }
            }, "appender-" + t);
            appenders.add(thread);
            thread.start();
        }

        // The sender: ready -> drain -> complete / retry / split, sleeping as told, woken by appends.
        AtomicReference<Throwable> senderError = new AtomicReference<>();
        Map<TopicPartition, Long> nextOffset = new HashMap<>();
        int[] outcomes = new int[3];
        Thread sender = new Thread(() -> {
            Random random = new Random(42);
            try {
                while (appendersDone.getCount() > 0 || acc.hasIncomplete()) {
                    long now = Time.SYSTEM.milliseconds();
                    if (appendersDone.getCount() == 0 && !acc.flushInProgress()) {
                        acc.beginFlush(); // the tail: no need to linger
                    }
                    ReadyCheckResult ready = acc.drainer().ready(cluster, now);
                    Map<Integer, List<ProducerBatch>> drained = acc.drainer().drain(cluster, ready.readyNodes(), 16_384, now);
                    for (List<ProducerBatch> request : drained.values()) {
                        for (ProducerBatch b : request) {
                            int roll = random.nextInt(100);
                            if (roll < 8 && b.attempts() < 3) {
                                acc.drainer().reenqueue(b, now);
                                outcomes[1]++;
                            } else if (roll < 12 && b.recordCount() > 1 && b.attempts() < 3) {
                                acc.drainer().splitAndReenqueue(b, b.sizeInBytes() / 2, now);
                                outcomes[2]++;
                            } else {
                                // A broker appends batches of a partition in the order it receives them.
                                long base = nextOffset.getOrDefault(b.topicPartition(), 0L);
                                nextOffset.put(b.topicPartition(), base + b.recordCount());
                                b.complete(base, -1);
                                outcomes[0]++;
                            }
                        }
                    }
                    if (drained.isEmpty()) {
                        long sleep = Math.max(1, Math.min(ready.nextReadyCheckDelayMs(), 20));
                        wakeup.tryAcquire(sleep, TimeUnit.MILLISECONDS);
                        wakeup.drainPermits();
                    }
                }
            } catch (Throwable e) {
                senderError.set(e);
            }
        }, "sender");
        sender.start();
        start.countDown();

        assertThat(appendersDone.await(150, TimeUnit.SECONDS)).as("appenders finished (no deadlock)").isTrue();
        sender.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(sender.isAlive()).as("sender finished (no deadlock)").isFalse();
        assertThat(errors).isEmpty();
        assertThat(senderError.get()).isNull();

        // Every record completed exactly once, successfully; per partition, each thread's records in append order.
        Map<TopicPartition, Map<Integer, Long>> lastOffset = new HashMap<>();
        int total = 0;
        for (List<Tracked> records : perThread) {
            assertThat(records).hasSize(RECORDS_PER_THREAD);
            for (Tracked r : records) {
                assertThat(r.calls).as("thread %d record %d completions", r.thread, r.seq).isEqualTo(1);
                assertThat(r.error).isNull();
                Map<Integer, Long> byThread = lastOffset.computeIfAbsent(r.tp, tp -> new HashMap<>());
                Long previous = byThread.put(r.thread, r.offset);
                if (previous != null) {
                    assertThat(r.offset).as("%s: thread %d record %d after offset %d", r.tp, r.thread, r.seq,
                            previous).isGreaterThan(previous);
                }
                total++;
            }
        }
        assertThat(total).isEqualTo(THREADS * RECORDS_PER_THREAD);
        long offsets = nextOffset.values().stream().mapToLong(Long::longValue).sum();
        assertThat(offsets).as("the broker saw every record exactly once").isEqualTo(total);
        assertThat(outcomes[1]).as("retries happened").isPositive();
        assertThat(outcomes[2]).as("splits happened").isPositive();
        assertThat(acc.memory().usedBytes()).isZero();
        assertThat(acc.memory().waitingThreads()).isZero();
        assertThat(acc.hasIncomplete()).isFalse();
        System.out.println("concurrency: " + acc.stats() + ", completed/retried/split batches = "
                + outcomes[0] + "/" + outcomes[1] + "/" + outcomes[2]);
    }

    /**
     * A forced close in the middle of it all: appenders (some blocked on memory), a sender completing, retrying and
     * splitting, and {@code abortAll} from another thread. Every record whose append returned must complete exactly
     * once - acknowledged before the abort, or failed with the abort's reason - and memory must return to zero.
     */
    @Test
    void abortAllRacingWithAppendersAndTheSenderCompletesEveryAcceptedRecordOnce() throws Exception {
        Cluster cluster = cluster(3, PARTITIONS);
        AccumulatorConfig config = TestConfigs.accumulator().batchSize(2_048).initialBatchBytes(256)
                .bufferMemory(24 * 1024).lingerMs(1).retryBackoffMs(1).retryBackoffMaxMs(2).build();
        Semaphore wakeup = new Semaphore(0);
        RecordAccumulator acc = new RecordAccumulator(config, Time.SYSTEM, DrainHook.NON_IDEMPOTENT,
                wakeup::release, null);
        RuntimeException reason = new io.samsa.common.errors.ClosedException("forced close (test)");

        ConcurrentLinkedQueue<Tracked> accepted = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        CountDownLatch appendersDone = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            int id = t;
            new Thread(() -> {
                Random random = new Random(100 + id);
                try {
                    for (int seq = 0; ; seq++) {
                        Tracked tracked = new Tracked(id, seq);
                        int partition = seq % 3 == 0 ? RecordAccumulator.UNKNOWN_PARTITION
                                : random.nextInt(PARTITIONS);
                        acc.append(TOPIC, partition, 1L, null, new byte[random.nextInt(300)], null, tracked,
                                cluster, 60_000);
                        accepted.add(tracked);
                    }
                } catch (io.samsa.common.errors.ClosedException expected) {
                    // the forced close: this record was not accepted
                } catch (Throwable e) {
                    errors.add(e);
                } finally {
                    appendersDone.countDown();
                }
            }, "appender-" + t).start();
        }
        AtomicReference<Throwable> senderError = new AtomicReference<>();
        Thread sender = new Thread(() -> {
            Random random = new Random(7);
            try {
                while (!acc.isClosed() || acc.hasIncomplete()) {
                    long now = Time.SYSTEM.milliseconds();
                    ReadyCheckResult ready = acc.drainer().ready(cluster, now);
                    Map<Integer, List<ProducerBatch>> drained = acc.drainer().drain(cluster, ready.readyNodes(), 8_192, now);
                    for (List<ProducerBatch> request : drained.values()) {
                        for (ProducerBatch b : request) {
                            int roll = random.nextInt(10);
                            if (roll == 0) {
                                acc.drainer().reenqueue(b, now);
                            } else if (roll == 1 && b.recordCount() > 1) {
                                acc.drainer().splitAndReenqueue(b, b.sizeInBytes() / 2, now);
                            } else {
                                b.complete(0, -1); // false after the abort: ignored, as the real sender will
                            }
                        }
                    }
                    if (drained.isEmpty()) {
                        wakeup.tryAcquire(Math.max(1, Math.min(ready.nextReadyCheckDelayMs(), 5)),
                                TimeUnit.MILLISECONDS);
                    }
                }
            } catch (Throwable e) {
                senderError.set(e);
            }
        }, "sender");
        sender.start();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (accepted.size() < 20_000 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(accepted.size()).as("progress before the abort").isGreaterThanOrEqualTo(20_000);
        // A record the sender can never drain (its topic has no leader in the sender's metadata), so that the
        // abort is certain to catch at least one record: whether it also catches some of the racing appenders'
        // records depends on scheduling (on a loaded machine the sender may have completed all of them).
        Tracked held = new Tracked(-1, 0);
        acc.append("no-leader-topic", 0, 1L, null, new byte[10], null, held, cluster, 60_000);
        acc.abortAll(reason);

        assertThat(appendersDone.await(30, TimeUnit.SECONDS)).as("appenders stopped").isTrue();
        sender.join(30_000);
        assertThat(sender.isAlive()).as("sender stopped").isFalse();
        assertThat(errors).isEmpty();
        assertThat(senderError.get()).isNull();
        for (Tracked r : accepted) {
            assertThat(r.calls).as("thread %d record %d", r.thread, r.seq).isEqualTo(1);
            if (r.error != null) {
                assertThat(r.error).isSameAs(reason);
            }
        }
        assertThat(held.calls).as("the undrainable record completed once").isEqualTo(1);
        assertThat(held.error).as("the undrainable record failed with the abort's reason").isSameAs(reason);
        assertThat(acc.memory().usedBytes()).isZero();
        assertThat(acc.hasIncomplete()).isFalse();
        assertThat(acc.hasUndrained()).isFalse();
    }
}

package io.samsa.accumulator;

import io.samsa.common.Node;
import io.samsa.common.errors.TimeoutException;
import io.samsa.common.Cluster;
import io.samsa.clients.producer.TestConfigs;

import io.samsa.protocol.record.compression.CompressionType;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.samsa.accumulator.AccumulatorFixtures.Hook;
import static io.samsa.accumulator.AccumulatorFixtures.ManualTime;
import static io.samsa.accumulator.AccumulatorFixtures.TOPIC;
import static io.samsa.accumulator.AccumulatorFixtures.bytes;
import static io.samsa.accumulator.AccumulatorFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The KAFKA-19012 invariant: memory holding a batch that may be on the wire (in flight, or queued for a retry
 * with the same bytes) is never handed to another batch, and the bytes of a sent batch never change until it is
 * done. Buffers are recycled ({@link BufferPool}), so this is checked, not given: no two live batches share a
 * buffer; a batch that ends while a request holding it is still outstanding (a request timing out, then the batch
 * failing) never gives its buffer to a later batch; and the pool is really exercised (buffers are reused). It
 * also checks that the memory accounting is exact after a long random mix of appends, growth, drains,
 * completions, failures, retries, splits and expiries. With compression the same holds for the compressed copies,
 * which come from the pool too.
 */
@Timeout(120)
class BufferReuseTest {

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"NONE", "LZ4"})
    void liveBatchesNeverShareMemoryAndSentBytesNeverChange(CompressionType compression) throws Exception {
        ManualTime time = new ManualTime();
        Cluster cluster = cluster(3, 12);
        AccumulatorConfig config = TestConfigs.accumulator().batchSize(1_024).initialBatchBytes(256)
                .bufferMemory(64 * 1024).lingerMs(5).deliveryTimeoutMs(3_000).retryBackoffMs(3)
                .retryBackoffMaxMs(20).retryBackoffJitter(0)
                .compression(compression, compression.defaultLevel()).build();
        RecordAccumulator acc = new RecordAccumulator(config, time);
        Random random = new Random(19012);
        List<Hook> hooks = new ArrayList<>();
        List<ProducerBatch> inFlight = new ArrayList<>();
        Map<ProducerBatch, List<ProducerBatch>> requests = new IdentityHashMap<>();
        // What each sent batch's bytes were when first closed: they must be identical at every later look.
        Map<ProducerBatch, byte[]> sentBytes = new IdentityHashMap<>();
        int reused = 0;
        // Buffers of batches that ended while a request holding them was outstanding: never to be reused.
        Set<byte[]> neverReuse = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        IdentityHashMap<byte[], ProducerBatch> firstOwner = new IdentityHashMap<>();
        int recycledBuffers = 0;
        int recycledCompressed = 0;
        int expiredWhileInFlight = 0;

        for (int step = 0; step < 6_000; step++) {
            time.advance(1);
            long now = time.milliseconds();
            int action = random.nextInt(10);
            if (action < 6) {
                Hook h = new Hook();
                int size = random.nextInt(10) == 0 ? 2_500 + random.nextInt(2_000) : random.nextInt(300);
                int p = random.nextInt(12);
                // Random values with compression, so that compressed copies are large enough to be pooled.
                byte[] value = bytes(size, step);
                if (compression != CompressionType.NONE) {
                    random.nextBytes(value);
                }
                try {
                    if (acc.tryAppend(TOPIC, p, 1_700_000_000_000L + now, null, value, null, h,
                            cluster) >= 0) {
                        hooks.add(h);
                    }
                } catch (TimeoutException e) {
                    throw new AssertionError(e);
                }
            } else if (action < 8) {
                ReadyCheckResult r = acc.drainer().ready(cluster, now);
                Map<Integer, List<ProducerBatch>> drained = acc.drainer().drain(cluster, r.readyNodes(), 8_192, now);
                for (List<ProducerBatch> request : drained.values()) {
                    for (ProducerBatch b : request) {
                        byte[] first = sentBytes.putIfAbsent(b, copy(b.records()));
                        if (first != null) {
                            reused++;
                            assertThat(copy(b.records())).as("a retried batch resends identical bytes")
                                    .isEqualTo(first);
                        }
                        b.onRequestSent();
                        List<ProducerBatch> one = List.of(b); // each batch its own request here
                        requests.put(b, one);
                        acc.deliveryTimeouts().onRequestSent(one);
                        inFlight.add(b);
                    }
                }
            } else if (!inFlight.isEmpty()) {
                ProducerBatch b = inFlight.remove(random.nextInt(inFlight.size()));
                acc.deliveryTimeouts().onRequestFinished(requests.remove(b));
                assertThat(copy(b.records())).as("bytes of an in-flight batch never change")
                        .isEqualTo(sentBytes.get(b));
                if (b.expiredInFlight()) {
                    b.onRequestFinished(); // the late answer of a batch whose records expired in flight
                    assertThat(b.complete(0, -1)).as("its records are not completed again").isFalse();
                    continue;
                }
                int outcome = random.nextInt(10);
                if (outcome == 5 && random.nextBoolean()) {
                    // The request is still outstanding (it timed out, its connection not yet closed) when the
                    // batch fails: its bytes may still be being written, so its buffer must not be recycled.
                    neverReuse.add(b.buffer().array());
                    if (b.compressedBuffer() != null) {
                        neverReuse.add(b.compressedBuffer().array());
                    }
                    b.fail(new RuntimeException("failed while its request was outstanding"));
                    b.onRequestFinished(); // the late end of that request changes nothing
                    continue;
                }
                b.onRequestFinished(); // answered (or its connection closed) before the batch's fate is decided
                if (outcome < 5) {
                    b.complete(random.nextInt(1000), -1);
                } else if (outcome < 7) {
                    b.fail(new RuntimeException("failed for good"));
                } else if (outcome < 9 || b.recordCount() < 2) {
                    acc.drainer().reenqueue(b, now);
                } else {
                    acc.drainer().splitAndReenqueue(b, b.sizeInBytes() / 2, now);
                }
            }
            if (step % 50 == 0) {
                expiredWhileInFlight += expire(acc, inFlight, neverReuse, now);
            }
            assertNoSharedMemory(acc, inFlight);
            assertThat(acc.pooledBytes()).as("kept buffers never exceed buffer.memory")
                    .isBetween(0L, (long) config.bufferMemory());
            for (ProducerBatch b : acc.incompleteBatches()) {
                for (ByteBuffer buffer : buffersOf(b)) {
                    byte[] array = buffer.array();
                    assertThat(neverReuse).as("%s got the buffer of a batch whose request was outstanding", b)
                            .doesNotContain(array);
                    ProducerBatch first = firstOwner.putIfAbsent(array, b);
                    if (first != null && first != b) {
                        recycledBuffers++;
                        if (buffer == b.compressedBuffer()) {
                            recycledCompressed++;
                        }
                        firstOwner.put(array, b);
                    }
                }
            }
        }

        // However the random mix went, some batches expire while their requests are outstanding.
        if (inFlight.stream().anyMatch(b -> !b.isDone())) {
            time.advance(config.deliveryTimeoutMs());
            expiredWhileInFlight += expire(acc, inFlight, neverReuse, time.milliseconds());
            assertNoSharedMemory(acc, inFlight);
        }

        // Wind down: everything in flight completes, everything queued is drained and completed.
        for (ProducerBatch b : inFlight) {
            b.onRequestFinished();
            if (!b.expiredInFlight()) {
                b.complete(0, -1);
            }
        }
        acc.beginFlush();
        Set<Node> all = Set.copyOf(cluster.nodes());
        while (acc.hasUndrained()) {
            time.advance(50);
            for (List<ProducerBatch> request : acc.drainer().drain(cluster, all, 1 << 20, time.milliseconds()).values()) {
                request.forEach(b -> b.complete(0, -1));
            }
        }
        assertThat(acc.awaitFlushCompletion(10_000)).isTrue();
        assertThat(reused).as("the scenario did exercise retries").isGreaterThan(10);
        assertThat(recycledBuffers).as("the scenario did exercise buffer reuse").isGreaterThan(10);
        if (compression != CompressionType.NONE) {
            assertThat(recycledCompressed).as("compressed copies did get recycled buffers").isGreaterThan(10);
        }
        assertThat(neverReuse).as("the scenario did end batches with outstanding requests").hasSizeGreaterThan(5);
        assertThat(expiredWhileInFlight).as("the scenario did expire batches in flight").isGreaterThan(0);
        assertThat(hooks).allMatch(h -> h.calls.get() == 1, "every record completed exactly once");
        assertThat(acc.memory().usedBytes()).as("accounting back to zero").isZero();
        assertThat(acc.hasIncomplete()).isFalse();
    }

    private static void assertNoSharedMemory(RecordAccumulator acc, List<ProducerBatch> inFlight) {
        IdentityHashMap<byte[], ProducerBatch> owners = new IdentityHashMap<>();
        long charged = 0;
        for (ProducerBatch b : inFlight) {
            if (b.isDone()) {
                charged += b.chargedBytes(); // expired in flight: charged until its request ends
                for (ByteBuffer buffer : buffersOf(b)) {
                    owners.put(buffer.array(), b);
                }
            }
        }
        IdentityHashMap<Object, ProducerBatch> arrayOwners = new IdentityHashMap<>();
        for (ProducerBatch b : acc.incompleteBatches()) {
            for (ByteBuffer buffer : buffersOf(b)) {
                ProducerBatch other = owners.put(buffer.array(), b);
                assertThat(other).as("%s and %s share memory", b, other).isNull();
            }
            charged += b.chargedBytes();
            // Completion arrays are recycled too: sharing one would complete another batch's records.
            if (b.completionArray() != null) {
                ProducerBatch sharer = arrayOwners.put(b.completionArray(), b);
                assertThat(sharer).as("%s and %s share a completion array", b, sharer).isNull();
            }
        }
        assertThat(acc.memory().usedBytes()).as("charged bytes = sum of live batch capacities, and of those a request still holds").isEqualTo(charged);
    }

    /**
     * As the sender does: in-flight batches past {@code delivery.timeout.ms} expire with the queued ones; their
     * buffers join {@code neverReuse}, since their requests are still outstanding. Returns how many expired in flight.
     */
    private static int expire(RecordAccumulator acc, List<ProducerBatch> inFlight, Set<byte[]> neverReuse, long now) {
        int expired = 0;
        for (ProducerBatch b : inFlight) {
            if (!b.isDone() && acc.deliveryTimeouts().expired(b, now)) {
                expired++;
                for (ByteBuffer buffer : buffersOf(b)) {
                    neverReuse.add(buffer.array());
                }
            }
        }
        acc.deliveryTimeouts().expire(now);
        return expired;
    }

    /** The batch's own buffer and, once compressed, its compressed copy's. */
    private static List<ByteBuffer> buffersOf(ProducerBatch b) {
        ByteBuffer compressed = b.compressedBuffer();
        return compressed == null ? List.of(b.buffer()) : List.of(b.buffer(), compressed);
    }

    private static byte[] copy(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}

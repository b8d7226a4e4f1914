package io.samsa.clients.producer.internals;

import io.samsa.accumulator.AccumulatorConfig;
import io.samsa.accumulator.ProducerBatch;
import io.samsa.accumulator.ReadyCheckResult;
import io.samsa.accumulator.RecordAccumulator;
import io.samsa.accumulator.RecordCompletion;
import io.samsa.common.utils.ExponentialBackoff;
import io.samsa.common.Node;
import io.samsa.common.PartitionInfo;
import io.samsa.common.utils.Time;
import io.samsa.common.header.Header;
import io.samsa.common.errors.Errors;
import io.samsa.idempotence.IdempotenceManager;
import io.samsa.common.Cluster;
import io.samsa.common.TopicMetadata;
import io.samsa.metrics.MetricConfig;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ProduceRequest;
import io.samsa.protocol.ProduceResponse;
import io.samsa.protocol.RequestHeader;
import io.samsa.protocol.ResponseHeader;
import io.samsa.protocol.record.RecordBatchBuilder;
import io.samsa.protocol.record.compression.CompressionType;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;
import io.samsa.sender.SenderListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Takes the first produce round trip's one-time costs out of the first records' latency: once per JVM, while
 * the first producer is being built, it runs the path the first records take - an append (sticky and explicit
 * partition), a drain that stamps the batch with idempotent producer state, the hand-over to the request, the
 * metrics a sent batch records, the completion of every record - on a private accumulator and cluster with no
 * network, and runs the produce codec once (a request framed, a response written and parsed). That loads,
 * links and initialises the classes and lambdas the first records would otherwise pay for on the way, without
 * naming any of them: whatever the code uses today is what gets loaded.
 *
 * <p>Why: every record sent in the first produce round trip of a fresh JVM waits for that class loading and
 * interpretation, so at a fixed rate it sets the tail latency of the first second (BENCHMARKS.md has the
 * figures). The work is done by the thread that constructs the producer, while the I/O thread is already
 * connecting to the bootstrap servers: the two overlap. Nothing here touches the network, the producer's state
 * or its metrics, and a failure here is only logged: it would merely leave the costs where they were.
 */
public final class ColdStart {
    private static final Logger log = LoggerFactory.getLogger(ColdStart.class);
    private static final AtomicBoolean DONE = new AtomicBoolean();
    private static final String TOPIC = "warm-up";

    private ColdStart() {
    }

    /** Does the work once per JVM; later calls return at once. Never throws for a failure of its own. */
    public static void warmUp() {
        if (!DONE.compareAndSet(false, true)) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            dryRun();
            // Modern brokers (Kafka 3.x/4.x) answer with flexible versions; both sides of the topic-name /
            // topic-id switch (v13) are run, as either may be negotiated.
            roundTrip(ApiKey.PRODUCE.latestVersion());
            roundTrip((short) 9);
        } catch (RuntimeException | LinkageError e) {
            log.debug("Produce path warm-up skipped: {}", e.toString());
        }
        log.debug("Produce path warm-up took {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Two records through a private accumulator, drained, handed over and acknowledged as the I/O thread does,
     * with metrics recorded into a private registry.
     *
     * @return the records completed with an offset (2; for the test)
     */
    static int dryRun() {
        Node node = new Node(0, TOPIC, 1);
        PartitionInfo partition = new PartitionInfo(TOPIC, 0, node, 0, new Node[] {node}, new Node[] {node},
                new Node[0]);
        Cluster cluster = new Cluster(TOPIC, 0, List.of(node), Map.of(TOPIC,
                new TopicMetadata(TOPIC, new UUID(1L, 1L), Errors.NONE.code(), false, List.of(partition))), 0);
        AccumulatorConfig config = new AccumulatorConfig(16_384, 1 << 20, 0, 1 << 20, 120_000,
                new ExponentialBackoff(100, 2, 1_000, 0), true, CompressionType.NONE, 0,
                AccumulatorConfig.DEFAULT_INITIAL_BATCH_BYTES);
        IdempotenceManager idempotence = new IdempotenceManager(1);
        idempotence.setProducerId(0L, (short) 0);
        RecordAccumulator accumulator = new RecordAccumulator(config, Time.SYSTEM, idempotence, null, null);
        AtomicInteger acknowledged = new AtomicInteger();
        RecordCompletion hook = (tp, offset, timestamp, keySize, valueSize, e) -> {
            if (e == null && offset >= 0) {
                acknowledged.incrementAndGet();
            }
        };
        byte[] value = TOPIC.getBytes(StandardCharsets.UTF_8);
        try (ProducerMetrics metrics = new ProducerMetrics(TOPIC, new MetricConfig(), Time.SYSTEM)) {
            try {
                accumulator.append(TOPIC, RecordAccumulator.UNKNOWN_PARTITION, 1L, null, value, new Header[0], hook,
                        cluster, 0);
                accumulator.append(TOPIC, 0, 2L, value, value, new Header[0], hook, cluster, 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // never waits: the memory is there
                return acknowledged.get();
            }
            SenderListener listener = metrics.senderListener();
            long now = Time.SYSTEM.milliseconds(); // linger.ms 0: ready now
            ReadyCheckResult ready = accumulator.drainer().ready(cluster, now);
            for (List<ProducerBatch> batches : accumulator.drainer().drain(cluster, ready.readyNodes(), 1 << 20, now)
                    .values()) {
                for (ProducerBatch b : batches) {
                    idempotence.prepareSend(b);
                    b.records();
                    listener.onBatchSent(TOPIC, b.recordCount(), b.sizeInBytes(), b.maxRecordBytes(), 1, 0);
                    b.onRequestSent();
                    b.onRequestFinished();
                    idempotence.onAcknowledged(b);
                    listener.onAcknowledged(b.recordCount(), 0L);
                    b.complete(0L, -1L);
                }
            }
        } finally {
            accumulator.close();
        }
        return acknowledged.get();
    }

    /**
     * A batch as the sending thread writes it and the I/O thread closes, framed and answered at {@code version}.
     *
     * @return the answer as parsed (for the test)
     */
    static ProduceResponse roundTrip(short version) {
        byte[] value = "warm-up".getBytes(StandardCharsets.UTF_8);
        RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(512));
        builder.tryAppend(1L, null, value, new Header[0]);
        builder.tryAppend(2L, value, value, new Header[0]);
        ByteBuffer records = builder.close(0L, (short) 0, 0, false);
        UUID topicId = version >= 13 ? new UUID(1L, 1L) : null;
        ProduceRequest request = ProduceRequest.builder((short) -1, 30_000).add("warm-up", topicId, 0, records)
                .build();
        ProtocolWriter w = ProtocolWriter.forFrame(256);
        RequestHeader.write(w, ApiKey.PRODUCE, version, 0, "samsa");
        request.write(w, version);
        w.finishFrame();
        w.toBuffers();

        ProduceResponse response = new ProduceResponse(List.of(new ProduceResponse.TopicResponse(
                topicId == null ? "warm-up" : null, topicId, List.of(ProduceResponse.PartitionResponse.of(0,
                (short) 0, 0L)))), 0, List.of());
        ProtocolWriter rw = new ProtocolWriter(256);
        ResponseHeader.write(rw, ApiKey.PRODUCE, version, 0);
        response.write(rw, version);
        ProtocolReader reader = new ProtocolReader(rw.toByteBuffer());
        ResponseHeader.read(reader, ApiKey.PRODUCE, version);
        return request.readResponse(reader, version);
    }
}

package io.samsa.producer.internals;

import io.samsa.common.header.Header;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ProduceRequest;
import io.samsa.protocol.ProduceResponse;
import io.samsa.protocol.RequestHeader;
import io.samsa.protocol.ResponseHeader;
import io.samsa.protocol.record.RecordBatchBuilder;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Takes the first produce round trip's one-time costs out of the first records' latency: once per JVM, while
 * the first producer is being built, it loads the classes that the first {@code send()}, drain, request and
 * response would otherwise load on the way, and runs the produce codec once (a batch built and closed, a
 * request framed, a response written and parsed), which also links the codec's lambdas.
 *
 * <p>Why: without it the first produce round trip of a fresh JVM spent about 60 ms beyond {@code linger.ms}
 * and the broker's answer loading some 40 classes, spinning a dozen lambda classes and interpreting the codec
 * (measured with {@code -Xlog:class+load}: first send to first callback about 92 ms on a warm broker, of which
 * the broker took under 15; 43 ms with this warm-up). Every record sent in that window waits for it, so at 50,000 records/s it was
 * thousands of records, and it set the fixed-rate benchmark's p99.9. The work here is done by the thread that
 * constructs the producer, while the I/O thread is already connecting to the bootstrap servers: the two
 * overlap. Nothing here touches the network, the producer's state or its metrics, and a failure here is only
 * logged: it would merely leave the costs where they were.
 */
public final class ColdStart {
    private static final Logger log = LoggerFactory.getLogger(ColdStart.class);
    private static final AtomicBoolean DONE = new AtomicBoolean();

    /**
     * Classes the first records' path loads that the codec exercise below does not: the accumulator's
     * per-topic and per-partition state, the sticky partitioner, the idempotence state, the request's metrics,
     * the completion walker. {@code ColdStartTest} checks every name still exists.
     */
    static final List<String> FIRST_SEND_CLASSES = List.of(
            "io.samsa.producer.ProducerRecord",
            "io.samsa.producer.RecordMetadata",
            "io.samsa.producer.Callback",
            "io.samsa.common.header.RecordHeaders",
            "io.samsa.accumulator.RecordAccumulator$TopicQueues",
            "io.samsa.accumulator.RecordAccumulator$NodeQueues",
            "io.samsa.accumulator.PartitionQueue",
            "io.samsa.accumulator.StickyPartitioner",
            "io.samsa.accumulator.StickyPartitioner$Stint",
            "io.samsa.accumulator.StickyPartitioner$Load",
            "io.samsa.accumulator.Murmur2",
            "io.samsa.accumulator.ProducerBatch",
            "io.samsa.accumulator.ProducerBatch$Stage",
            "io.samsa.accumulator.ProducerBatch$VarintCursor",
            "io.samsa.idempotence.IdempotenceManager$PartitionState",
            "io.samsa.producer.internals.ProducerMetrics$TopicSensors",
            "io.samsa.sender.Sender$1",
            "java.util.concurrent.CountDownLatch",
            "java.util.concurrent.atomic.DoubleAccumulator");

    private ColdStart() {
    }

    /** Does the work once per JVM; later calls return at once. Never throws for a failure of its own. */
    public static void warmUp() {
        if (!DONE.compareAndSet(false, true)) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            ClassLoader loader = ColdStart.class.getClassLoader();
            for (String name : FIRST_SEND_CLASSES) {
                Class.forName(name, true, loader);
            }
            // Modern brokers (Kafka 3.x/4.x) answer with flexible versions; both sides of the topic-name /
            // topic-id switch (v13) are run, as either may be negotiated.
            roundTrip(ApiKey.PRODUCE.latestVersion());
            roundTrip((short) 9);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.debug("Produce path warm-up skipped: {}", e.toString());
        }
        log.debug("Produce path warm-up took {} ms", (System.nanoTime() - t0) / 1_000_000);
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

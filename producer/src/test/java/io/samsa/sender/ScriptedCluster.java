package io.samsa.sender;

import io.samsa.common.errors.Errors;
import io.samsa.network.ScriptedBroker;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.InitProducerIdResponse;
import io.samsa.protocol.MetadataRequest;
import io.samsa.protocol.MetadataResponse;
import io.samsa.protocol.ProduceRequest;
import io.samsa.protocol.ProduceResponse;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.types.ProtocolReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two scripted brokers (node ids 1 and 2) hosting one single-partition topic, for the producer cases a real
 * broker will not produce on demand: an OUT_OF_ORDER_SEQUENCE_NUMBER for a batch that overtook a failed one, an
 * UNKNOWN_PRODUCER_ID, a DUPLICATE_SEQUENCE_NUMBER, an exhausted epoch, a throttle, a KIP-951 leader hint.
 *
 * <p>Metadata and InitProducerId are answered automatically (from {@link #leader}, {@link #leaderEpoch},
 * {@link #advertiseSecondBroker} and {@link #producerIds}); each Produce request is handed to the test through
 * {@link #nextProduce()}, to be answered as the case needs.
 */
final class ScriptedCluster implements AutoCloseable {
    static final String TOPIC = "scripted";

    /** One Produce request carrying one batch (of {@link #TOPIC}, partition 0). */
    final class Produce {
        final int nodeId;
        final ScriptedBroker.Received received;
        final RecordBatch batch;
        final long arrivedNanos;

        Produce(int nodeId, ScriptedBroker.Received received, RecordBatch batch, long arrivedNanos) {
            this.nodeId = nodeId;
            this.received = received;
            this.batch = batch;
            this.arrivedNanos = arrivedNanos;
        }

        void ok(long baseOffset) throws IOException {
            respond(ProduceResponse.PartitionResponse.of(0, (short) 0, baseOffset), 0, List.of());
        }

        void error(Errors error) throws IOException {
            respond(ProduceResponse.PartitionResponse.of(0, error.code(), -1), 0, List.of());
        }

        void respond(ProduceResponse.PartitionResponse partition, int throttleMs,
                     List<ProduceResponse.NodeEndpoint> endpoints) throws IOException {
            short v = received.header.apiVersion();
            boolean byId = v >= 13;
            ProduceResponse resp = new ProduceResponse(List.of(new ProduceResponse.TopicResponse(
                    byId ? null : TOPIC, byId ? topicId : null, List.of(partition))), throttleMs, endpoints);
            received.respond(w -> resp.write(w, v));
        }

        @Override
        public String toString() {
            return "Produce@" + nodeId + "(pid " + batch.producerId() + " epoch " + batch.producerEpoch() + " seq "
                    + batch.baseSequence() + " records " + batch.recordCount() + ")";
        }
    }

    final UUID topicId = UUID.randomUUID();
    final ScriptedBroker[] brokers;
    volatile int leader = 1;
    volatile int leaderEpoch = 0;
    /** Whether metadata lists broker 2 (when not, only a leader hint can tell the client where it is). */
    volatile boolean advertiseSecondBroker = true;
    /**
     * When set, metadata lists broker 1 at this host (and {@link #brokerOnePort}) instead of where it listens:
     * an address a real broker would never advertise, such as a port outside 0..65535.
     */
    volatile String brokerOneHost;
    volatile int brokerOnePort;
    /** Metadata requests are left unanswered while false. */
    volatile boolean answerMetadata = true;
    /** Answers to InitProducerId, in order: {producerId, epoch}. */
    final BlockingQueue<long[]> producerIds = new LinkedBlockingQueue<>();
    final AtomicInteger initProducerIdRequests = new AtomicInteger();
    final AtomicInteger metadataRequests = new AtomicInteger();
    /** The topics each Metadata request asked for, in order (a broker answers only for those). */
    final List<List<String>> metadataTopicsAsked = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final BlockingQueue<Produce> produces = new LinkedBlockingQueue<>();
    private final List<Thread> servers = new ArrayList<>();
    private volatile boolean closed;

    ScriptedCluster() throws IOException {
        brokers = new ScriptedBroker[] {new ScriptedBroker(), new ScriptedBroker()};
        for (int i = 0; i < brokers.length; i++) {
            int nodeId = i + 1;
            ScriptedBroker b = brokers[i];
            Thread t = new Thread(() -> serve(nodeId, b), "scripted-cluster-node-" + nodeId);
            t.setDaemon(true);
            t.start();
            servers.add(t);
        }
    }

    String bootstrap() {
        return "127.0.0.1:" + brokers[0].port();
    }

    int port(int nodeId) {
        return brokers[nodeId - 1].port();
    }

    Produce nextProduce() throws InterruptedException {
        Produce p = produces.poll(15, TimeUnit.SECONDS);
        if (p == null) {
            throw new AssertionError("no Produce request within 15 s");
        }
        return p;
    }

    /** The next Produce request if one arrives within {@code ms}, else null. */
    Produce pollProduce(long ms) throws InterruptedException {
        return produces.poll(ms, TimeUnit.MILLISECONDS);
    }

    private void serve(int nodeId, ScriptedBroker broker) {
        try {
            while (!closed) {
                ScriptedBroker.Received r = broker.requests.poll(100, TimeUnit.MILLISECONDS);
                if (r == null) {
                    continue;
                }
                short v = r.header.apiVersion();
                ApiKey key = r.header.apiKey();
                if (key == ApiKey.METADATA) {
                    metadataRequests.incrementAndGet();
                    MetadataRequest req = MetadataRequest.read(new ProtocolReader(r.body.duplicate()), v);
                    List<String> asked = new ArrayList<>();
                    for (MetadataRequest.Topic t : req.topics()) {
                        asked.add(t.name());
                    }
                    metadataTopicsAsked.add(asked);
                    if (answerMetadata) {
                        MetadataResponse m = metadata(asked.contains(TOPIC));
                        r.respond(w -> m.write(w, v));
                    }
                } else if (key == ApiKey.INIT_PRODUCER_ID) {
                    initProducerIdRequests.incrementAndGet();
                    long[] id = producerIds.poll(10, TimeUnit.SECONDS);
                    if (id == null) {
                        throw new AssertionError("InitProducerId without a scripted answer");
                    }
                    InitProducerIdResponse resp = new InitProducerIdResponse(0, (short) 0, id[0], (short) id[1]);
                    r.respond(w -> resp.write(w, v));
                } else if (key == ApiKey.PRODUCE) {
                    ProduceRequest req = ProduceRequest.read(new ProtocolReader(r.body.duplicate()), v);
                    if (req.topicData().size() != 1 || req.topicData().get(0).partitions().size() != 1) {
                        throw new AssertionError("expected one batch per request: " + req);
                    }
                    RecordBatch batch = RecordBatch.wrap(req.topicData().get(0).partitions().get(0).records());
                    produces.add(new Produce(nodeId, r, batch, System.nanoTime()));
                } else {
                    throw new AssertionError("unexpected request " + key);
                }
            }
        } catch (InterruptedException | IOException e) {
            // closing
        }
    }

    private MetadataResponse metadata(boolean withTopic) {
        List<MetadataResponse.Broker> bs = new ArrayList<>();
        String host1 = brokerOneHost;
        bs.add(host1 == null ? new MetadataResponse.Broker(1, "127.0.0.1", port(1), null)
                : new MetadataResponse.Broker(1, host1, brokerOnePort, null));
        if (advertiseSecondBroker) {
            bs.add(new MetadataResponse.Broker(2, "127.0.0.1", port(2), null));
        }
        MetadataResponse.Partition p = new MetadataResponse.Partition((short) 0, 0, leader, leaderEpoch,
                List.of(leader), List.of(leader), List.of());
        MetadataResponse.Topic t = new MetadataResponse.Topic((short) 0, TOPIC, topicId, false, List.of(p),
                MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED);
        return new MetadataResponse(0, bs, "scripted-cluster", 1, withTopic ? List.of(t) : List.of(),
                MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED, (short) 0);
    }

    @Override
    public void close() throws Exception {
        closed = true;
        for (ScriptedBroker b : brokers) {
            b.close();
        }
        for (Thread t : servers) {
            t.join(5_000);
        }
    }
}

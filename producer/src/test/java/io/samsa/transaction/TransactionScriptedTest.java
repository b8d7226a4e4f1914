package io.samsa.transaction;

import io.samsa.clients.consumer.CommitFailedException;
import io.samsa.clients.consumer.ConsumerGroupMetadata;
import io.samsa.clients.consumer.OffsetAndMetadata;
import io.samsa.clients.producer.KafkaProducer;
import io.samsa.clients.producer.ProducerRecord;
import io.samsa.clients.producer.RecordMetadata;
import io.samsa.common.KafkaException;
import io.samsa.common.TopicPartition;
import io.samsa.common.errors.Errors;
import io.samsa.common.errors.TimeoutException;
import io.samsa.common.errors.TransactionalIdAuthorizationException;
import io.samsa.common.serialization.StringSerializer;
import io.samsa.network.ScriptedBroker;
import io.samsa.protocol.AddOffsetsToTxnResponse;
import io.samsa.protocol.AddPartitionsToTxnRequest;
import io.samsa.protocol.AddPartitionsToTxnResponse;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.EndTxnRequest;
import io.samsa.protocol.EndTxnResponse;
import io.samsa.protocol.FindCoordinatorRequest;
import io.samsa.protocol.FindCoordinatorResponse;
import io.samsa.protocol.InitProducerIdRequest;
import io.samsa.protocol.InitProducerIdResponse;
import io.samsa.protocol.MetadataResponse;
import io.samsa.protocol.ProduceRequest;
import io.samsa.protocol.ProduceResponse;
import io.samsa.protocol.TxnOffsetCommitRequest;
import io.samsa.protocol.TxnOffsetCommitResponse;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.types.ProtocolReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The transaction manager's answers to coordinator errors a real broker does not give on demand (KIP-1050's
 * classes: retried, abortable, fatal), against one scripted broker that is leader and coordinator. It advertises no
 * finalized features, so the producer runs transaction version 1: AddPartitionsToTxn before any data of a partition.
 * A scripted peer because these are the cases where only a scripted peer can be made to answer so (a loading
 * coordinator, CONCURRENT_TRANSACTIONS, TRANSACTION_ABORTABLE to an abort, a stale consumer generation, a held
 * EndTxn); the ordinary paths run on the real broker in TransactionsIT.
 */
class TransactionScriptedTest {
    private static final String TOPIC = "scripted-txn";
    private static final String TXN_ID = "scripted-id";
    private static final long PRODUCER_ID = 7;

    private ScriptedBroker broker;
    private Thread server;
    private volatile boolean closed;
    private final UUID topicId = UUID.randomUUID();

    /** Errors to answer, per API, in order; none left: NONE. */
    private final Map<ApiKey, Queue<Errors>> script = new HashMap<>();
    /** Every request other than Metadata, in arrival order, with when it arrived. */
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** EndTxn requests the test answers itself, while {@link #holdEndTxn}. */
    private final BlockingQueue<ScriptedBroker.Received> heldEndTxn = new LinkedBlockingQueue<>();
    private volatile boolean holdEndTxn;
    private short epoch;

    private record Seen(ApiKey key, Object request, long nanos) {
    }

    @BeforeEach
    void start() throws IOException {
        broker = new ScriptedBroker();
        server = new Thread(this::serve, "scripted-txn-broker");
        server.setDaemon(true);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        closed = true;
        broker.close();
        server.join(5_000);
    }

    private void script(ApiKey key, Errors... errors) {
        script.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).addAll(List.of(errors));
    }

    private Errors next(ApiKey key) {
        Queue<Errors> q = script.get(key);
        Errors e = q == null ? null : q.poll();
        return e == null ? Errors.NONE : e;
    }

    private List<Seen> seen(ApiKey key) {
        List<Seen> out = new ArrayList<>();
        for (Seen s : seen) {
            if (s.key() == key) {
                out.add(s);
            }
        }
        return out;
    }

    private KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", "127.0.0.1:" + broker.port());
        config.put("transactional.id", TXN_ID);
        config.put("max.block.ms", 10_000);
        config.put("retry.backoff.ms", 50);
        config.put("linger.ms", 0);
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    void aLoadingOrMovedCoordinatorIsRetriedAndRediscovered() {
        script(ApiKey.INIT_PRODUCER_ID, Errors.COORDINATOR_LOAD_IN_PROGRESS, Errors.NOT_COORDINATOR);
        try (KafkaProducer<String, String> p = producer(Map.of())) {
            p.initTransactions();
        }
        assertThat(seen(ApiKey.INIT_PRODUCER_ID)).hasSize(3);
        // Loading: the same coordinator again. Not the coordinator: looked up again before the retry.
        assertThat(seen(ApiKey.FIND_COORDINATOR)).hasSize(2);
    }

    @Test
    void aPartitionIsProducedOnlyAfterItJoinedTheTransaction() throws Exception {
        script(ApiKey.ADD_PARTITIONS_TO_TXN, Errors.CONCURRENT_TRANSACTIONS);
        try (KafkaProducer<String, String> p = producer(Map.of("retry.backoff.ms", 5_000))) {
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>(TOPIC, 0, "k", "v")).get(10, TimeUnit.SECONDS);
            p.commitTransaction();
        }
        List<Seen> adds = seen(ApiKey.ADD_PARTITIONS_TO_TXN);
        List<Seen> produces = seen(ApiKey.PRODUCE);
        assertThat(adds).hasSize(2);
        assertThat(produces).hasSize(1);
        assertThat(produces.get(0).nanos()).as("Produce after the successful add").isGreaterThan(adds.get(1).nanos());
        // The first add of a transaction retries CONCURRENT_TRANSACTIONS well before retry.backoff.ms (5 s):
        // the previous transaction completing at the coordinator takes milliseconds.
        assertThat(TimeUnit.NANOSECONDS.toMillis(adds.get(1).nanos() - adds.get(0).nanos())).isLessThan(5_000);
        RecordBatch sent = (RecordBatch) produces.get(0).request();
        assertThat(sent.isTransactional()).isTrue();
        assertThat(sent.producerId()).isEqualTo(PRODUCER_ID);
        EndTxnRequest end = (EndTxnRequest) seen(ApiKey.END_TXN).get(0).request();
        assertThat(end.committed()).isTrue();
    }

    @Test
    void transactionAbortableAnsweringAnAbortIsFatalNeverALoop() throws Exception {
        script(ApiKey.END_TXN, Errors.TRANSACTION_ABORTABLE);
        try (KafkaProducer<String, String> p = producer(Map.of())) {
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>(TOPIC, 0, "k", "v")).get(10, TimeUnit.SECONDS);
            assertThatThrownBy(p::abortTransaction).isInstanceOf(KafkaException.class)
                    .hasMessageContaining("TRANSACTION_ABORTABLE").hasMessageContaining("close it");
            assertThatThrownBy(p::beginTransaction).isInstanceOf(KafkaException.class)
                    .hasMessageContaining("cannot go on");
        }
        assertThat(seen(ApiKey.END_TXN)).hasSize(1);
    }

    @Test
    void offsetsOfAConsumerThatLostItsGenerationFailAndTheTransactionMustAbort() throws Exception {
        script(ApiKey.TXN_OFFSET_COMMIT, Errors.ILLEGAL_GENERATION);
        try (KafkaProducer<String, String> p = producer(Map.of())) {
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>(TOPIC, 0, "k", "v")).get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> p.sendOffsetsToTransaction(
                    Map.of(new TopicPartition("in", 0), new OffsetAndMetadata(5)),
                    new ConsumerGroupMetadata("g", 3, "member-1", java.util.Optional.empty())))
                    .isInstanceOf(CommitFailedException.class).hasMessageContaining("generation 3");
            assertThatThrownBy(p::commitTransaction).isInstanceOf(KafkaException.class)
                    .hasMessageContaining("must be aborted");
            p.abortTransaction();
            p.beginTransaction(); // ready again
        }
        TxnOffsetCommitRequest commit = (TxnOffsetCommitRequest) seen(ApiKey.TXN_OFFSET_COMMIT).get(0).request();
        assertThat(commit.generationId()).isEqualTo(3);
        assertThat(commit.memberId()).isEqualTo("member-1");
        assertThat(seen(ApiKey.ADD_OFFSETS_TO_TXN)).hasSize(1); // version 1: the group joins the transaction first
        EndTxnRequest end = (EndTxnRequest) seen(ApiKey.END_TXN).get(0).request();
        assertThat(end.committed()).isFalse();
    }

    @Test
    void anUnauthorizedInitMayBeCalledAgain() {
        script(ApiKey.INIT_PRODUCER_ID, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
        try (KafkaProducer<String, String> p = producer(Map.of())) {
            assertThatThrownBy(p::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
            p.initTransactions(); // the ACLs were fixed
            p.beginTransaction();
        }
    }

    @Test
    void aTimedOutCommitIsResumedByTheSameCallAndNoOtherCallMayStart() throws Exception {
        try (KafkaProducer<String, String> p = producer(Map.of("max.block.ms", 1_000))) {
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>(TOPIC, 0, "k", "v")).get(10, TimeUnit.SECONDS);
            holdEndTxn = true;
            assertThatThrownBy(p::commitTransaction).isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("call commitTransaction again");
            assertThatThrownBy(p::abortTransaction).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("previous call to `commitTransaction` timed out");
            ScriptedBroker.Received held = heldEndTxn.poll(10, TimeUnit.SECONDS);
            assertThat(held).isNotNull();
            held.respond(w -> EndTxnResponse.of(0, (short) 0).write(w, held.header.apiVersion()));
            p.commitTransaction(); // the same commit, now answered
            p.beginTransaction();
        }
        assertThat(seen(ApiKey.END_TXN)).hasSize(1);
    }

    @Test
    void version1AbortAfterAFailedRecordBumpsTheEpochThroughTheCoordinator() throws Exception {
        script(ApiKey.PRODUCE, Errors.INVALID_RECORD);
        try (KafkaProducer<String, String> p = producer(Map.of())) {
            p.initTransactions();
            p.beginTransaction();
            CompletableFuture<RecordMetadata> failed = p.send(new ProducerRecord<>(TOPIC, 0, "k", "v"));
            assertThat(failed).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class);
            p.abortTransaction();
            p.beginTransaction();
            p.send(new ProducerRecord<>(TOPIC, 0, "k", "again")).get(10, TimeUnit.SECONDS);
            p.commitTransaction();
        }
        List<Seen> inits = seen(ApiKey.INIT_PRODUCER_ID);
        assertThat(inits).hasSize(2);
        InitProducerIdRequest bump = (InitProducerIdRequest) inits.get(1).request();
        assertThat(bump.transactionalId()).isEqualTo(TXN_ID);
        assertThat(bump.producerId()).isEqualTo(PRODUCER_ID); // KIP-360: bump this id's epoch, not a new id
        assertThat(bump.producerEpoch()).isEqualTo((short) 0);
        List<Seen> produces = seen(ApiKey.PRODUCE);
        RecordBatch after = (RecordBatch) produces.get(produces.size() - 1).request();
        assertThat(after.producerEpoch()).isEqualTo((short) 1);
        assertThat(after.baseSequence()).isZero();
    }

    // ---------------------------------------------------------------------------------------------------------

    private void serve() {
        try {
            while (!closed) {
                ScriptedBroker.Received r = broker.requests.poll(100, TimeUnit.MILLISECONDS);
                if (r != null) {
                    answer(r);
                }
            }
        } catch (InterruptedException | IOException e) {
            // closing
        }
    }

    private void answer(ScriptedBroker.Received r) throws IOException {
        short v = r.header.apiVersion();
        ProtocolReader in = new ProtocolReader(r.body.duplicate());
        long now = System.nanoTime();
        switch (r.header.apiKey()) {
            case METADATA -> {
                MetadataResponse.Partition p = new MetadataResponse.Partition((short) 0, 0, 1, 0, List.of(1),
                        List.of(1), List.of());
                MetadataResponse.Topic t = new MetadataResponse.Topic((short) 0, TOPIC, topicId, false, List.of(p),
                        MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED);
                MetadataResponse m = new MetadataResponse(0, List.of(new MetadataResponse.Broker(1, "127.0.0.1",
                        broker.port(), null)), "scripted", 1, List.of(t), MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED,
                        (short) 0);
                r.respond(w -> m.write(w, v));
            }
            case FIND_COORDINATOR -> {
                FindCoordinatorRequest req = FindCoordinatorRequest.read(in, v);
                seen.add(new Seen(ApiKey.FIND_COORDINATOR, req, now));
                List<FindCoordinatorResponse.Coordinator> cs = new ArrayList<>();
                for (String key : req.keys()) {
                    cs.add(new FindCoordinatorResponse.Coordinator(key, 1, "127.0.0.1", broker.port(), (short) 0,
                            null));
                }
                FindCoordinatorResponse resp = new FindCoordinatorResponse(0, cs);
                r.respond(w -> resp.write(w, v));
            }
            case INIT_PRODUCER_ID -> {
                InitProducerIdRequest req = InitProducerIdRequest.read(in, v);
                seen.add(new Seen(ApiKey.INIT_PRODUCER_ID, req, now));
                Errors e = next(ApiKey.INIT_PRODUCER_ID);
                if (e == Errors.NONE && req.producerId() == PRODUCER_ID) {
                    epoch = (short) (req.producerEpoch() + 1);
                }
                InitProducerIdResponse resp = e == Errors.NONE
                        ? new InitProducerIdResponse(0, (short) 0, PRODUCER_ID, epoch)
                        : new InitProducerIdResponse(0, e.code(), -1L, (short) -1);
                r.respond(w -> resp.write(w, v));
            }
            case ADD_PARTITIONS_TO_TXN -> {
                AddPartitionsToTxnRequest req = AddPartitionsToTxnRequest.read(in, v);
                seen.add(new Seen(ApiKey.ADD_PARTITIONS_TO_TXN, req, now));
                Errors e = next(ApiKey.ADD_PARTITIONS_TO_TXN);
                List<AddPartitionsToTxnResponse.TopicResult> results = new ArrayList<>();
                for (AddPartitionsToTxnRequest.Topic t : req.topics()) {
                    List<AddPartitionsToTxnResponse.PartitionResult> ps = new ArrayList<>();
                    for (int p : t.partitions()) {
                        ps.add(new AddPartitionsToTxnResponse.PartitionResult(p, e.code()));
                    }
                    results.add(new AddPartitionsToTxnResponse.TopicResult(t.name(), ps));
                }
                AddPartitionsToTxnResponse resp = new AddPartitionsToTxnResponse(0, results);
                r.respond(w -> resp.write(w, v));
            }
            case ADD_OFFSETS_TO_TXN -> {
                seen.add(new Seen(ApiKey.ADD_OFFSETS_TO_TXN, null, now));
                AddOffsetsToTxnResponse resp = new AddOffsetsToTxnResponse(0, next(ApiKey.ADD_OFFSETS_TO_TXN).code());
                r.respond(w -> resp.write(w, v));
            }
            case TXN_OFFSET_COMMIT -> {
                TxnOffsetCommitRequest req = TxnOffsetCommitRequest.read(in, v);
                seen.add(new Seen(ApiKey.TXN_OFFSET_COMMIT, req, now));
                Errors e = next(ApiKey.TXN_OFFSET_COMMIT);
                List<TxnOffsetCommitResponse.Topic> topics = new ArrayList<>();
                for (TxnOffsetCommitRequest.Topic t : req.topics()) {
                    List<TxnOffsetCommitResponse.Partition> ps = new ArrayList<>();
                    for (TxnOffsetCommitRequest.Partition p : t.partitions()) {
                        ps.add(new TxnOffsetCommitResponse.Partition(p.partitionIndex(), e.code()));
                    }
                    topics.add(new TxnOffsetCommitResponse.Topic(t.name(), ps));
                }
                TxnOffsetCommitResponse resp = new TxnOffsetCommitResponse(0, topics);
                r.respond(w -> resp.write(w, v));
            }
            case END_TXN -> {
                seen.add(new Seen(ApiKey.END_TXN, EndTxnRequest.read(in, v), now));
                if (holdEndTxn) {
                    heldEndTxn.add(r);
                    return;
                }
                EndTxnResponse resp = EndTxnResponse.of(0, next(ApiKey.END_TXN).code());
                r.respond(w -> resp.write(w, v));
            }
            case PRODUCE -> {
                ProduceRequest req = ProduceRequest.read(in, v);
                RecordBatch batch = RecordBatch.wrap(req.topicData().get(0).partitions().get(0).records());
                seen.add(new Seen(ApiKey.PRODUCE, batch, now));
                Errors e = next(ApiKey.PRODUCE);
                boolean byId = v >= 13;
                ProduceResponse resp = new ProduceResponse(List.of(new ProduceResponse.TopicResponse(
                        byId ? null : TOPIC, byId ? topicId : null,
                        List.of(ProduceResponse.PartitionResponse.of(0, e.code(), e == Errors.NONE ? 0 : -1)))),
                        0, List.of());
                r.respond(w -> resp.write(w, v));
            }
            default -> throw new AssertionError("unexpected request " + r.header.apiKey());
        }
    }
}

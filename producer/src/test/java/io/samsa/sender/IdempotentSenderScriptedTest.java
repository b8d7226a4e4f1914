package io.samsa.sender;

import io.samsa.common.serialization.StringSerializer;
import io.samsa.common.errors.ApiException;
import io.samsa.common.errors.Errors;
import io.samsa.common.errors.InvalidProducerEpochException;
import io.samsa.clients.producer.KafkaProducer;
import io.samsa.clients.producer.ProducerRecord;
import io.samsa.clients.producer.RecordMetadata;
import io.samsa.protocol.ProduceResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The idempotence rules of the notes (section 6) and the sender's reactions to broker answers, on the wire,
 * against {@link ScriptedCluster}. A real broker cannot be made to answer OUT_OF_ORDER_SEQUENCE_NUMBER,
 * UNKNOWN_PRODUCER_ID, DUPLICATE_SEQUENCE_NUMBER or INVALID_PRODUCER_EPOCH on demand, nor to hand out an epoch at its limit, a throttle
 * or a leader hint, which is why these tests script the broker; the happy paths and failovers run against the
 * real embedded Kafka in the *IT tests.
 */
class IdempotentSenderScriptedTest {
    private ScriptedCluster cluster;
    private KafkaProducer<String, String> producer;

    @BeforeEach
    void start() throws Exception {
        cluster = new ScriptedCluster();
    }

    @AfterEach
    void stop() throws Exception {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
        cluster.close();
    }

    private void startProducer(long producerId, int epoch) {
        cluster.producerIds.add(new long[] {producerId, epoch});
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrap());
        config.put("linger.ms", 0);
        config.put("retry.backoff.ms", 10);
        config.put("retry.backoff.max.ms", 50);
        config.put("request.timeout.ms", 20_000);
        config.put("delivery.timeout.ms", 60_000);
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private CompletableFuture<RecordMetadata> send(String value) {
        return producer.send(new ProducerRecord<>(ScriptedCluster.TOPIC, null, value));
    }

    private static void assertBatch(ScriptedCluster.Produce p, long pid, int epoch, int sequence) {
        assertThat(p.batch.producerId()).as("producer id of %s", p).isEqualTo(pid);
        assertThat(p.batch.producerEpoch()).as("epoch of %s", p).isEqualTo((short) epoch);
        assertThat(p.batch.baseSequence()).as("sequence of %s", p).isEqualTo(sequence);
    }

    private static RecordMetadata done(CompletableFuture<RecordMetadata> f) throws Exception {
        return f.get(15, TimeUnit.SECONDS);
    }

    /** One record sent and acknowledged at offset 0: the partition has an acknowledged sequence. */
    private void firstRecordAcknowledged(long pid, int epoch) throws Exception {
        CompletableFuture<RecordMetadata> f0 = send("v0");
        ScriptedCluster.Produce p0 = cluster.nextProduce();
        assertBatch(p0, pid, epoch, 0);
        p0.ok(0);
        assertThat(done(f0).offset()).isZero();
    }

    @Test
    void aBatchThatOvertookAFailedOneIsRetriedInOrderUnderTheSameEpoch() throws Exception {
        startProducer(1000, 0);
        firstRecordAcknowledged(1000, 0);
        CompletableFuture<RecordMetadata> f1 = send("v1");
        ScriptedCluster.Produce p1 = cluster.nextProduce();
        CompletableFuture<RecordMetadata> f2 = send("v2");
        ScriptedCluster.Produce p2 = cluster.nextProduce(); // pipelined: the partition has an acknowledged batch
        assertBatch(p1, 1000, 0, 1);
        assertBatch(p2, 1000, 0, 2);

        p1.error(Errors.NOT_LEADER_OR_FOLLOWER); // retriable: sequence 1 will come again
        p2.error(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER); // because 1 is missing: not a real gap

        ScriptedCluster.Produce retry1 = cluster.nextProduce();
        assertBatch(retry1, 1000, 0, 1); // same bytes, same epoch: the broker can recognise a duplicate
        // The retry goes alone: sequence 2 must not overtake it again.
        assertThat(cluster.pollProduce(200)).isNull();
        retry1.ok(1);
        ScriptedCluster.Produce retry2 = cluster.nextProduce();
        assertBatch(retry2, 1000, 0, 2);
        retry2.ok(2);
        assertThat(done(f1).offset()).isEqualTo(1);
        assertThat(done(f2).offset()).isEqualTo(2);
        assertThat(cluster.initProducerIdRequests).hasValue(1);
    }

    @Test
    void outOfOrderForTheNextExpectedBatchIsARealGapAndBumpsTheEpoch() throws Exception {
        startProducer(1000, 0);
        firstRecordAcknowledged(1000, 0);
        CompletableFuture<RecordMetadata> f1 = send("v1");
        ScriptedCluster.Produce p1 = cluster.nextProduce();
        assertBatch(p1, 1000, 0, 1);
        p1.error(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER); // nothing before it is unresolved: the broker lost track

        ScriptedCluster.Produce retry = cluster.nextProduce();
        assertBatch(retry, 1000, 1, 0); // client-side bump (KIP-360): epoch + 1, sequences restart at 0
        retry.ok(1);
        assertThat(done(f1).offset()).isEqualTo(1);

        CompletableFuture<RecordMetadata> f2 = send("v2");
        ScriptedCluster.Produce p2 = cluster.nextProduce();
        assertBatch(p2, 1000, 1, 1);
        p2.ok(2);
        assertThat(done(f2).offset()).isEqualTo(2);
        assertThat(cluster.initProducerIdRequests).as("a bump needs no new producer id").hasValue(1);
    }

    @Test
    void unknownProducerIdBumpsTheEpochAndResendsFromSequenceZero() throws Exception {
        startProducer(1000, 3);
        firstRecordAcknowledged(1000, 3);
        CompletableFuture<RecordMetadata> f1 = send("v1");
        ScriptedCluster.Produce p1 = cluster.nextProduce();
        assertBatch(p1, 1000, 3, 1);
        p1.error(Errors.UNKNOWN_PRODUCER_ID); // e.g. the broker's producer state expired

        ScriptedCluster.Produce retry = cluster.nextProduce();
        assertBatch(retry, 1000, 4, 0);
        retry.ok(7);
        assertThat(done(f1).offset()).isEqualTo(7);
        assertThat(cluster.initProducerIdRequests).hasValue(1);
    }

    /**
     * INVALID_PRODUCER_EPOCH: fail the batch (it is not retried under an epoch the broker rejects) and bump the
     * epoch, so what is sent next starts again from sequence 0 under epoch + 1. Scripted because a real broker
     * answers INVALID_PRODUCER_EPOCH only when another client bumped this producer id's epoch (transactions or a
     * fenced instance), which an idempotent producer cannot be made to meet on demand.
     */
    @Test
    void invalidProducerEpochFailsTheBatchesAndBumpsTheEpochForWhatFollows() throws Exception {
        startProducer(1000, 0);
        firstRecordAcknowledged(1000, 0);
        CompletableFuture<RecordMetadata> f1 = send("v1");
        ScriptedCluster.Produce p1 = cluster.nextProduce();
        CompletableFuture<RecordMetadata> f2 = send("v2");
        ScriptedCluster.Produce p2 = cluster.nextProduce(); // pipelined: both carry the epoch the broker refuses
        assertBatch(p1, 1000, 0, 1);
        assertBatch(p2, 1000, 0, 2);
        p1.error(Errors.INVALID_PRODUCER_EPOCH);
        p2.error(Errors.INVALID_PRODUCER_EPOCH);

        for (CompletableFuture<RecordMetadata> f : List.of(f1, f2)) {
            assertThatThrownBy(() -> done(f)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(InvalidProducerEpochException.class)
                    .hasMessageContaining("INVALID_PRODUCER_EPOCH")
                    .hasMessageContaining(ScriptedCluster.TOPIC + "-0");
        }
        assertThat(cluster.pollProduce(200)).as("a batch refused for its epoch is failed, not retried").isNull();

        CompletableFuture<RecordMetadata> f3 = send("v3");
        ScriptedCluster.Produce p3 = cluster.nextProduce();
        assertBatch(p3, 1000, 1, 0); // epoch + 1, sequences from 0 again
        p3.ok(3);
        assertThat(done(f3).offset()).isEqualTo(3);
        assertThat(cluster.initProducerIdRequests).as("a bump needs no new producer id").hasValue(1);
    }

    @Test
    void anExhaustedEpochFetchesANewProducerId() throws Exception {
        startProducer(1000, Short.MAX_VALUE);
        firstRecordAcknowledged(1000, Short.MAX_VALUE);
        cluster.producerIds.add(new long[] {2000, 0});
        CompletableFuture<RecordMetadata> f1 = send("v1");
        ScriptedCluster.Produce p1 = cluster.nextProduce();
        p1.error(Errors.UNKNOWN_PRODUCER_ID);

        ScriptedCluster.Produce retry = cluster.nextProduce();
        assertBatch(retry, 2000, 0, 0); // epoch Short.MAX_VALUE + 1 does not exist: a new producer id instead
        retry.ok(1);
        assertThat(done(f1).offset()).isEqualTo(1);
        assertThat(cluster.initProducerIdRequests).hasValue(2);
    }

    @Test
    void aDuplicateSequenceIsAWriteThatAlreadyHappened() throws Exception {
        startProducer(1000, 0);
        CompletableFuture<RecordMetadata> f0 = send("v0");
        cluster.nextProduce().error(Errors.DUPLICATE_SEQUENCE_NUMBER);
        RecordMetadata md = done(f0);
        assertThat(md.offset()).as("the broker does not say where the original went").isEqualTo(-1);
        assertThat(md.partition()).isZero();

        CompletableFuture<RecordMetadata> f1 = send("v1");
        ScriptedCluster.Produce p1 = cluster.nextProduce();
        assertBatch(p1, 1000, 0, 1); // the sequence moved on
        p1.ok(5);
        assertThat(done(f1).offset()).isEqualTo(5);
    }

    @Test
    void aThrottledBrokerGetsNoRequestBeforeTheThrottleTimeIsOver() throws Exception {
        startProducer(1000, 0);
        CompletableFuture<RecordMetadata> f0 = send("v0");
        ScriptedCluster.Produce p0 = cluster.nextProduce();
        int throttleMs = 400;
        long answeredAt = System.nanoTime();
        p0.respond(ProduceResponse.PartitionResponse.of(0, (short) 0, 0), throttleMs, List.of());
        assertThat(done(f0).offset()).isZero(); // a throttle delays what follows, not this answer

        CompletableFuture<RecordMetadata> f1 = send("v1");
        ScriptedCluster.Produce p1 = cluster.nextProduce();
        long heldMs = (p1.arrivedNanos - answeredAt) / 1_000_000;
        // A lower bound (the client must wait at least this long), so a slow machine cannot make it fail.
        assertThat(heldMs).as("ms between the throttled answer and the next Produce").isGreaterThanOrEqualTo(throttleMs);
        p1.ok(1);
        assertThat(done(f1).offset()).isEqualTo(1);
    }

    @Test
    void aLeaderHintSendsTheRetryToTheNewLeaderWithoutAMetadataRoundTrip() throws Exception {
        cluster.advertiseSecondBroker = false; // only the hint can say where broker 2 is
        startProducer(1000, 0);
        CompletableFuture<RecordMetadata> f0 = send("v0");
        ScriptedCluster.Produce p0 = cluster.nextProduce();
        assertThat(p0.nodeId).isEqualTo(1);
        cluster.answerMetadata = false; // a metadata refresh would hang: the retry must come from the hint alone
        p0.respond(new ProduceResponse.PartitionResponse(0, Errors.NOT_LEADER_OR_FOLLOWER.code(), -1, -1, -1,
                List.of(), null, new ProduceResponse.LeaderIdAndEpoch(2, 1)), 0,
                List.of(new ProduceResponse.NodeEndpoint(2, "127.0.0.1", cluster.port(2), null)));

        ScriptedCluster.Produce retry = cluster.nextProduce();
        assertThat(retry.nodeId).as("the retry went to the hinted leader").isEqualTo(2);
        assertBatch(retry, 1000, 0, 0);
        retry.ok(0);
        assertThat(done(f0).offset()).isZero();
    }

    @Test
    void aLeaderHintNoNewerThanWhatWeKnowIsIgnoredAndMetadataIsAskedInstead() throws Exception {
        cluster.leaderEpoch = 5;
        startProducer(1000, 0);
        CompletableFuture<RecordMetadata> f0 = send("v0");
        ScriptedCluster.Produce p0 = cluster.nextProduce();
        assertThat(p0.nodeId).isEqualTo(1);
        int metadataBefore = cluster.metadataRequests.get();
        // The hint names broker 2 at the epoch we already know for broker 1: it says nothing newer, so it must
        // not move the partition (a lagging broker must not roll leadership around). Metadata keeps broker 1.
        p0.respond(new ProduceResponse.PartitionResponse(0, Errors.NOT_LEADER_OR_FOLLOWER.code(), -1, -1, -1,
                List.of(), null, new ProduceResponse.LeaderIdAndEpoch(2, 5)), 0, List.of());

        ScriptedCluster.Produce retry = cluster.nextProduce();
        assertThat(retry.nodeId).as("the retry stayed with the leader metadata names").isEqualTo(1);
        retry.ok(3);
        assertThat(done(f0).offset()).isEqualTo(3);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cluster.metadataRequests.get() == metadataBefore && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(cluster.metadataRequests.get()).as("an unusable hint asks metadata instead")
                .isGreaterThan(metadataBefore);
    }
}

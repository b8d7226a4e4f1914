package io.samsa.clients.producer.internals;

import io.samsa.accumulator.RecordCompletion;
import io.samsa.common.TopicPartition;

/**
 * One record's fate, for a bridge to another client API (samsa-kafka-clients' {@code SamsaKafkaProducer}): the
 * object {@code KafkaProducer.send(RecordDelivery, topic, partition, timestamp, key, value, headers, mayBlock)}
 * reports to instead of a {@code CompletableFuture} and a
 * {@code Callback}. Not an application API: applications call {@code send(ProducerRecord)}.
 *
 * <p>Why it exists: a bridge must hand its caller its own future type. Through {@code send(ProducerRecord)} that
 * costs, per record, a second record object and a second future beside the producer's own, both alive until the
 * broker answers; a subclass of this class is the bridge's future <em>and</em> the producer's in-flight hook, one
 * object per record.
 *
 * <p>Threads: the producer calls {@link #deliver} exactly once per record, always on its callback thread (from
 * wherever the record's fate became known, it is handed over there first), so a subclass sees its outcomes in the
 * order records complete and needs no lock to run them; making the outcome visible to other threads (a future's
 * {@code get}) is the subclass's business. {@link #route} is written by the sending thread before the record is
 * appended and only read afterwards, by whichever thread completes the batch; the accumulator's hand-over orders
 * the two.
 */
public abstract class RecordDelivery implements RecordCompletion {
    /** Where {@link #onCompletion} goes: the producer this record was sent through, which hops threads. */
    private Route route;

    /** What a producer does with a completed {@link RecordDelivery}: count it, then deliver on its callback thread. */
    public interface Route {
        void complete(RecordDelivery delivery, TopicPartition partition, long offset, long timestamp, int keySize,
                      int valueSize, RuntimeException exception);
    }

    /** Called by the producer's {@code send}, once, before the record can complete. */
    public final void bind(Route route) {
        if (this.route != null) {
            throw new IllegalStateException("A RecordDelivery reports one record; this one was sent already");
        }
        this.route = route;
    }

    @Override
    public final void onCompletion(TopicPartition partition, long offset, long timestamp, int serializedKeySize,
                                   int serializedValueSize, RuntimeException exception) {
        route.complete(this, partition, offset, timestamp, serializedKeySize, serializedValueSize, exception);
    }

    /**
     * The record's fate, on the producer's callback thread, exactly once; the arguments are those of
     * {@link RecordCompletion#onCompletion}: on failure the offset is -1, the partition -1 when none was chosen.
     * Must not throw (what it runs for the application, it guards itself).
     */
    public abstract void deliver(TopicPartition partition, long offset, long timestamp, int serializedKeySize,
                                 int serializedValueSize, RuntimeException exception);
}

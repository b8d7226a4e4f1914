package io.samsa.clients.producer;

/**
 * Code to run when a record sent with {@code send(record, callback)} is done: acknowledged by the broker, or
 * failed for good (after whatever retries {@code delivery.timeout.ms} allowed). The shape of Apache Kafka's
 * {@code org.apache.kafka.clients.producer.Callback}.
 *
 * <p><b>Threads.</b> Callbacks run on the producer's callback thread ({@code samsa-callbacks-<client.id>}), not on
 * the I/O thread that sends the requests, so a slow callback does not hold up the network. It does hold up every
 * callback and future behind it, and once the callbacks fall far enough behind, {@code send()} waits for
 * {@code buffer.memory} (at most {@code max.block.ms}). So keep callbacks short, hand slow work to an executor of
 * your own, and do not wait in one for another record's future: futures complete on this same thread. Callbacks
 * of records sent to the same partition run in the order the records were sent. A callback may also run on the
 * thread calling {@code send()}, for a record that fails in {@code send()} while the callback thread is that far
 * behind (or gone, after close).
 */
@FunctionalInterface
public interface Callback {

    /**
     * Called once per record when it is done.
     *
     * @param metadata  where the record went. On success: topic, partition, offset (-1 with {@code acks=0}) and
     *                  timestamp. On error it is still given, carrying the topic and the partition (or
     *                  {@link RecordMetadata#UNKNOWN_PARTITION}, -1, if the record failed before a partition
     *                  was chosen) with offset -1 and timestamp -1, so that the callback can tell where the lost
     *                  record was going.
     * @param exception null on success; otherwise why the record was not written, e.g. a
     *                  {@code TimeoutException} (not sent within {@code delivery.timeout.ms}), a record-too-large
     *                  error, an authorization error. A retriable error reaching the callback means the producer
     *                  already retried until {@code delivery.timeout.ms} ran out.
     */
    void onCompletion(RecordMetadata metadata, Exception exception);
}

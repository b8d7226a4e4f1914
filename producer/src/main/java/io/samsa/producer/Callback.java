package io.samsa.producer;

/**
 * Code to run when a record sent with {@code send(record, callback)} is done: acknowledged by the broker, or
 * failed for good (after whatever retries {@code delivery.timeout.ms} allowed). The shape of Apache Kafka's
 * {@code org.apache.kafka.clients.producer.Callback}.
 *
 * <p><b>Threads.</b> Callbacks usually run on the producer's I/O thread, the one that sends every request:
 * keep them short and never block in them (no {@code future.get()}, no {@code flush()}, no synchronous I/O),
 * or every other record waits too. Hand slow work to an executor of your own. Callbacks of records sent to the
 * same partition run in the order the records were sent. A callback may also run on the thread calling
 * {@code send()} when the send fails before the record is accepted.
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

package io.samsa.accumulator;

/**
 * Where the accumulator notes every record it takes, and the sender every batch identity and outcome, so that the
 * records outlive the process (the durable spool, {@code spool.dir}). Implemented outside this package; the
 * accumulator and the sender only call it.
 *
 * <p>Threads: {@link #recordAppended} runs on application threads under the record's partition lock (so each
 * partition's records are journaled in their append order); {@link #batchSending} and {@link #requestReady} on the
 * I/O thread; {@link #batchDone} on whichever thread settles the batch.
 */
public interface RecordJournal {

    /**
     * The record just appended is the last {@code recordBytes} bytes of {@code batch}: write it.
     *
     * @return its position in the journal
     * @throws io.samsa.common.KafkaException when it could not be written; the caller takes the record back out
     *                                        of the batch and fails the send with it
     */
    long recordAppended(ProducerBatch batch, int recordBytes);

    /**
     * A record goes to the journal only (buffer.memory is full): {@code record} is its encoding alone (record format
     * v2, offset delta 0, timestamp delta 0). Application threads, under the partition lock.
     *
     * @return its position
     * @throws io.samsa.common.KafkaException when it could not be written (the send fails with it)
     */
    long recordSpilled(io.samsa.common.TopicPartition tp, long recordNo, long timestamp, java.nio.ByteBuffer record);

    /** Reads back the record written at {@code position} (to move a spilled record into a batch). I/O thread. */
    RestoredBatch.Record readRecord(long position);

    /**
     * The batch goes into a Produce request with its current producer id, epoch and base sequence: note them, so
     * that a restart resends it with the same identity (and the broker drops it if it has it already).
     */
    void batchSending(ProducerBatch batch);

    /**
     * Every batch of a Produce request has been noted: returns once those notes are as durable as the journal's
     * sync policy promises, so that no batch reaches a broker before its identity is safe.
     */
    void requestReady();

    /** Every record of the batch has its outcome (acknowledged, or failed for good); not called for a split batch. */
    void batchDone(ProducerBatch batch);
}

package io.samsa.accumulator;

import io.samsa.common.header.Header;

import java.util.List;

/**
 * A batch put back from the spool when a producer starts ({@link RecordAccumulator#restore}): its records, their
 * numbers in the partition, and - when it had been sent before the last producer stopped - the producer id, epoch and
 * base sequence it was sent with, so that the broker recognises it if it has it already.
 *
 * @param firstRecordNo  the partition's record number of the first record (the rest follow one by one)
 * @param spoolPosition  the lowest journal position among its records
 * @param producerId     the identity it was sent with, or -1 when it was never sent (it is stamped when drained)
 */
public record RestoredBatch(long firstRecordNo, long spoolPosition, List<Record> records, long producerId,
                            short producerEpoch, int baseSequence) {

    /** One record as the spool holds it. */
    public record Record(long timestamp, byte[] key, byte[] value, Header[] headers) {
    }
}

package io.samsa.spool;

import io.samsa.accumulator.ProducerBatch;
import io.samsa.accumulator.RecordJournal;
import io.samsa.accumulator.RestoredBatch;
import io.samsa.common.KafkaException;
import io.samsa.common.TopicPartition;
import io.samsa.common.errors.TimeoutException;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

/**
 * The producer's side of the spool: every record the accumulator takes, every batch identity the sender uses and
 * every batch outcome, as entries of a {@link SpoolLog}, and the plan that puts the unfinished records back when a
 * producer starts on the same directory.
 *
 * <h2>Entries (big-endian)</h2>
 * <pre>
 *   TOPIC   (1)  topic_id int32 | name utf8...                     once per topic, re-written before a release
 *                                                                  could drop it
 *   RECORD  (2)  topic_id int32 | partition int32 | batch_first_record_no int64 | batch_base_timestamp int64
 *                | record: the record's bytes exactly as the batch holds them (record format v2: length varint,
 *                  attributes int8, timestamp_delta varlong, offset_delta varint, key, value, headers)
 *   SEALED  (3)  topic_id int32 | partition int32 | first_record_no int64 | record_count int32
 *                | producer_id int64 | producer_epoch int16 | base_sequence int32
 *   DONE    (4)  topic_id int32 | partition int32 | first_record_no int64 | record_count int32
 * </pre>
 *
 * A record's number in its partition is {@code batch_first_record_no + offset_delta}; numbers keep growing across
 * restarts, so a record is known by (topic, partition, number) for as long as the spool holds it. A record is
 * finished once a DONE entry covers it; SEALED says with which identity its batch last went to a broker.
 *
 * <h2>Guarantees</h2>
 * The record's entry is written before {@code send()} returns, and with {@code spool.fsync=always} also synced
 * (threads share the fsync). A SEALED entry is written before its batch's request goes out (synced first under
 * {@code always}), so a restart resends an unfinished batch with the identity the broker may already have, and
 * the broker drops it if it has it (exactly once, within the broker's memory of the last 5 batches per partition
 * and {@code producer.id.expiration.ms}). Under {@code interval} and {@code os} a process crash loses nothing
 * (written bytes are in the OS's page cache); an operating-system crash loses what the last sync had not covered.
 *
 * <p>Threads: {@link #recordAppended} on application threads (under the record's partition lock),
 * {@link #batchSending}, {@link #requestReady} and {@link #release} on the I/O thread, {@link #batchDone} on any.
 * The log serializes writes; the topic ids are a concurrent map.
 */
public final class SpoolJournal implements RecordJournal, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SpoolJournal.class);

    static final byte TOPIC = 1;
    static final byte RECORD = 2;
    static final byte SEALED = 3;
    static final byte DONE = 4;
    private static final int RECORD_HEADER_BYTES = 24;
    /** How long the I/O thread waits for a SEALED entry's fsync before sending anyway (and saying so). */
    private static final long SEAL_SYNC_TIMEOUT_MS = 10_000;

    private final SpoolLog spool;
    private final String dirConfig;
    private final Map<String, Integer> topicIds = new ConcurrentHashMap<>();
    private final Object topicLock = new Object();
    /** Position of the oldest TOPIC entry of the current dictionary copy (I/O thread reads; writers under topicLock). */
    private volatile long dictionaryPosition = Long.MAX_VALUE;
    private final ThreadLocal<long[]> lastAppended = ThreadLocal.withInitial(() -> new long[] {-1});
    private final ThreadLocal<ByteBuffer> recordHeader =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(RECORD_HEADER_BYTES));
    /** I/O thread: the last SEALED entry's position, to sync before the request goes out. */
    private long lastSealPosition = -1;
    private volatile long lastDoneFailureLogMs;
    private volatile long lastSyncFailureLogMs;

    private SpoolJournal(SpoolLog spool) {
        this.spool = spool;
        this.dirConfig = "spool.dir=" + spool.directory();
    }

    /** Opens (and locks) the spool directory; {@link #recover} then says what to put back. */
    public static SpoolJournal open(Path dir, SpoolOptions options) {
        try {
            return new SpoolJournal(SpoolLog.open(dir, options));
        } catch (SpoolException e) {
            throw new KafkaException("Cannot open the spool (spool.dir=" + dir + "): " + e.getMessage(), e);
        }
    }

    public SpoolLog log() {
        return spool;
    }

    // =============================================================================================================
    // Writing
    // =============================================================================================================

    @Override
    public long recordAppended(ProducerBatch batch, int recordBytes) {
        TopicPartition tp = batch.topicPartition();
        ByteBuffer header = recordHeader.get();
        header.clear();
        header.putInt(topicId(tp.topic())).putInt(tp.partition()).putLong(batch.firstRecordNo())
                .putLong(batch.baseTimestamp()).flip();
        long position = append(RECORD, header, batchBytes(batch, recordBytes));
        lastAppended.get()[0] = position;
        return position;
    }

    @Override
    public long recordSpilled(TopicPartition tp, long recordNo, long timestamp, ByteBuffer record) {
        ByteBuffer header = recordHeader.get();
        header.clear();
        header.putInt(topicId(tp.topic())).putInt(tp.partition()).putLong(recordNo).putLong(timestamp).flip();
        long position = append(RECORD, header, record);
        lastAppended.get()[0] = position;
        return position;
    }

    @Override
    public RestoredBatch.Record readRecord(long position) {
        RestoredBatch.Record[] out = new RestoredBatch.Record[1];
        try {
            spool.read(position, (at, type, payload) -> {
                if (at != position || type != RECORD) {
                    throw new IOException("no record at spool position " + position + " (found type " + type
                            + " at " + at + ")");
                }
                payload.getInt();
                payload.getInt();
                payload.getLong();
                long baseTimestamp = payload.getLong();
                out[0] = RecordBytes.decode(payload, baseTimestamp).record();
                return false;
            });
        } catch (IOException e) {
            throw new KafkaException("Cannot read a record back from the spool (" + dirConfig + "): "
                    + e.getMessage(), e);
        }
        if (out[0] == null) {
            throw new KafkaException("No record at spool position " + position + " (" + dirConfig + ")");
        }
        return out[0];
    }

    private static ByteBuffer batchBytes(ProducerBatch batch, int recordBytes) {
        return RecordBytes.lastRecord(batch, recordBytes);
    }

    /**
     * Waits, before an append, until the spool has room for a record of at most {@code recordBound} bytes: at most
     * {@code maxBlockMs}. Application threads, holding no lock.
     *
     * @throws TimeoutException naming {@code spool.max.bytes} when the spool stays full
     */
    public void awaitSpace(int recordBound, long maxBlockMs) throws InterruptedException {
        long entry = SpoolLog.entryBytes(RECORD_HEADER_BYTES + (long) recordBound);
        if (!spool.awaitSpace(entry, maxBlockMs, TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("The spool is full: " + SpoolOptions.MAX_BYTES_CONFIG + "="
                    + spool.options().maxBytes() + " bytes hold " + spool.sizeInBytes() + " bytes of records not yet "
                    + "acknowledged, and none was acknowledged within max.block.ms=" + maxBlockMs + " ms to make room "
                    + "for this record (" + dirConfig + ")");
        }
    }

    /**
     * Waits until the record this thread appended last is durable per {@code spool.fsync} (at once unless
     * {@code always}), at most {@code maxBlockMs}. The record is already in its batch and will be sent whatever
     * happens here, so a sync that fails or takes too long is logged (at most every 30 s), not thrown.
     */
    public void awaitAppendedDurable(long maxBlockMs) throws InterruptedException {
        if (spool.options().syncPolicy() != SyncPolicy.ALWAYS) {
            return;
        }
        long position = lastAppended.get()[0];
        String problem;
        try {
            if (position < 0 || spool.awaitDurable(position, maxBlockMs, TimeUnit.MILLISECONDS)) {
                return;
            }
            problem = "the fsync did not finish within max.block.ms=" + maxBlockMs + " ms";
        } catch (SpoolException e) {
            problem = "the fsync failed: " + e.getMessage();
        }
        long now = System.currentTimeMillis();
        if (now - lastSyncFailureLogMs > 30_000) {
            lastSyncFailureLogMs = now;
            log.warn("A record was written to the spool ({}, spool.fsync=always) but {}; it is sent anyway, and may "
                    + "not survive an operating-system crash before it is acknowledged", dirConfig, problem);
        }
    }

    @Override
    public void batchSending(ProducerBatch batch) {
        if (batch.producerId() < 0) {
            return; // without idempotence there is no identity to keep: a restart resends (at least once)
        }
        TopicPartition tp = batch.topicPartition();
        ByteBuffer e = ByteBuffer.allocate(34);
        e.putInt(topicId(tp.topic())).putInt(tp.partition()).putLong(batch.firstRecordNo())
                .putInt(batch.recordCount()).putLong(batch.producerId()).putShort(batch.producerEpoch())
                .putInt(batch.baseSequence()).flip();
        try {
            lastSealPosition = spool.append(SEALED, e);
        } catch (SpoolException ex) {
            // Sending without the note risks a duplicate only if this process then dies: not worth stopping for.
            log.warn("Could not note the identity of {} in the spool ({}): a restart may write it twice: {}", batch,
                    dirConfig, ex.getMessage());
        }
    }

    @Override
    public void requestReady() {
        if (lastSealPosition < 0 || spool.options().syncPolicy() != SyncPolicy.ALWAYS) {
            return;
        }
        try {
            if (!spool.awaitDurable(lastSealPosition, SEAL_SYNC_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                log.warn("The spool's fsync took over {} ms ({}); sending anyway", SEAL_SYNC_TIMEOUT_MS, dirConfig);
            }
        } catch (SpoolException e) {
            log.warn("The spool could not be synced ({}): {}", dirConfig, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void batchDone(ProducerBatch batch) {
        TopicPartition tp = batch.topicPartition();
        ByteBuffer e = ByteBuffer.allocate(20);
        e.putInt(topicId(tp.topic())).putInt(tp.partition()).putLong(batch.firstRecordNo())
                .putInt(batch.recordCount()).flip();
        try {
            spool.append(DONE, e);
        } catch (SpoolException | IllegalStateException ex) {
            long now = System.currentTimeMillis();
            if (now - lastDoneFailureLogMs > 30_000) {
                lastDoneFailureLogMs = now;
                log.warn("Could not note finished records in the spool ({}): a restart may send them again: {}",
                        dirConfig, ex.getMessage());
            }
        }
    }

    private long append(byte type, ByteBuffer... payload) {
        try {
            return spool.append(type, payload);
        } catch (SpoolFullException e) {
            throw new TimeoutException("The spool is full (" + dirConfig + "): " + e.getMessage(), e);
        } catch (SpoolException e) {
            throw new KafkaException("The record could not be written to the spool (" + dirConfig + "): "
                    + e.getMessage(), e);
        }
    }

    /** The topic's id in this spool, writing its TOPIC entry the first time. */
    private int topicId(String topic) {
        Integer id = topicIds.get(topic);
        if (id != null) {
            return id;
        }
        synchronized (topicLock) {
            id = topicIds.get(topic);
            if (id == null) {
                id = topicIds.size();
                long position = writeTopic(id, topic);
                dictionaryPosition = Math.min(dictionaryPosition, position);
                topicIds.put(topic, id);
            }
            return id;
        }
    }

    private long writeTopic(int id, String topic) {
        byte[] name = topic.getBytes(StandardCharsets.UTF_8);
        ByteBuffer e = ByteBuffer.allocate(4 + name.length);
        e.putInt(id).put(name).flip();
        return append(TOPIC, e);
    }

    // =============================================================================================================
    // Releasing (I/O thread)
    // =============================================================================================================

    /**
     * Frees the spool's whole segments below {@code floor} (which the caller computed as the lowest position a
     * record not yet finished may be at). The topic dictionary is written again first if the release would drop it.
     *
     * @param floorOf given the end position (read first), the floor, or -1 to skip this time
     * @return bytes freed
     */
    public long release(LongUnaryOperator floorOf) {
        long floor = floorOf.applyAsLong(spool.endPosition());
        if (floor <= spool.startPosition()) {
            return 0;
        }
        synchronized (topicLock) {
            if (dictionaryPosition < floor) {
                long first = Long.MAX_VALUE;
                for (Map.Entry<String, Integer> t : topicIds.entrySet()) {
                    first = Math.min(first, writeTopic(t.getValue(), t.getKey()));
                }
                dictionaryPosition = first;
            }
        }
        return spool.release(floor);
    }

    @Override
    public void close() {
        try {
            spool.close();
        } catch (SpoolException e) {
            log.warn("Closing the spool ({}) failed: {}", dirConfig, e.getMessage());
        }
    }

    // =============================================================================================================
    // Recovery
    // =============================================================================================================

    /** What a previous producer left unfinished, and the identity to resend its already-sent batches with. */
    public record Recovery(long producerId, short producerEpoch, Map<TopicPartition, Integer> nextSequences,
                           Map<TopicPartition, Partition> partitions, int records, int sentBatches) {
        public boolean isEmpty() {
            return records == 0;
        }
    }

    /**
     * One partition's unfinished records: the batches already sent, put back whole with their identity, then the
     * records never sent, left in the spool ({@code [position, record number]} each) for the accumulator to move
     * into batches as memory allows; and the partition's next record number.
     */
    public record Partition(long nextRecordNo, List<RestoredBatch> batches, List<long[]> unsent) {
        public int records() {
            int n = unsent.size();
            for (RestoredBatch b : batches) {
                n += b.records().size();
            }
            return n;
        }
    }

    private static final class Seal {
        final int count;
        final long producerId;
        final short epoch;
        final int baseSequence;
        final long position;

        Seal(int count, long producerId, short epoch, int baseSequence, long position) {
            this.count = count;
            this.producerId = producerId;
            this.epoch = epoch;
            this.baseSequence = baseSequence;
            this.position = position;
        }
    }

    /** Where an unfinished record is: read back only if it belongs to a batch put back whole. */
    private static final class Spooled {
        final long position;

        Spooled(long position) {
            this.position = position;
        }
    }

    private static final class PartitionLog {
        final TreeMap<Long, Spooled> records = new TreeMap<>();
        final TreeMap<Long, Seal> seals = new TreeMap<>();
        final List<long[]> done = new ArrayList<>();
        long maxRecordNo = -1;
    }

    /**
     * Reads the whole spool and plans what to put back: per partition, the records no DONE entry covers, in order:
     * those whose last SEALED entry covers exactly unfinished records with the newest identity as batches that keep
     * it (they are resent as they were), the rest as records to batch anew. Remembers the topic ids, so entries written
     * from now on use the same ones.
     *
     */
    public Recovery recover() {
        Map<Integer, String> topics = new HashMap<>();
        Map<TopicPartition, PartitionLog> logs = new LinkedHashMap<>();
        long[] newest = {-1, -1, -1}; // producer id, epoch, position of the newest SEALED entry
        try {
            // The dictionary first: a release leaves entries that name a topic before its re-written TOPIC entry.
            spool.read(0, (position, type, payload) -> {
                if (type == TOPIC) {
                    int id = payload.getInt();
                    byte[] name = new byte[payload.remaining()];
                    payload.get(name);
                    topics.put(id, new String(name, StandardCharsets.UTF_8));
                }
                return true;
            });
            spool.read(0, (position, type, payload) -> {
                switch (type) {
                    case TOPIC:
                        return true;
                    case RECORD: {
                        TopicPartition tp = tp(topics, payload.getInt(), payload.getInt());
                        long batchFirst = payload.getLong();
                        long baseTimestamp = payload.getLong();
                        RecordBytes.Decoded r = RecordBytes.decode(payload, baseTimestamp);
                        long recordNo = batchFirst + r.offsetDelta();
                        PartitionLog p = logs.computeIfAbsent(tp, k -> new PartitionLog());
                        p.records.put(recordNo, new Spooled(position));
                        p.maxRecordNo = Math.max(p.maxRecordNo, recordNo);
                        return true;
                    }
                    case SEALED: {
                        TopicPartition tp = tp(topics, payload.getInt(), payload.getInt());
                        long first = payload.getLong();
                        int count = payload.getInt();
                        long pid = payload.getLong();
                        short epoch = payload.getShort();
                        int seq = payload.getInt();
                        PartitionLog p = logs.computeIfAbsent(tp, k -> new PartitionLog());
                        p.seals.put(first, new Seal(count, pid, epoch, seq, position));
                        p.maxRecordNo = Math.max(p.maxRecordNo, first + count - 1);
                        newest[0] = pid;
                        newest[1] = epoch;
                        newest[2] = position;
                        return true;
                    }
                    case DONE: {
                        TopicPartition tp = tp(topics, payload.getInt(), payload.getInt());
                        long first = payload.getLong();
                        int count = payload.getInt();
                        PartitionLog p = logs.computeIfAbsent(tp, k -> new PartitionLog());
                        p.done.add(new long[] {first, first + count});
                        p.maxRecordNo = Math.max(p.maxRecordNo, first + count - 1);
                        return true;
                    }
                    default:
                        throw new IOException("unknown spool entry type " + type + " at position " + position);
                }
            });
        } catch (IOException e) {
            throw new KafkaException("Cannot read the spool back (" + dirConfig + "): " + e.getMessage(), e);
        }
        topics.forEach((id, name) -> topicIds.putIfAbsent(name, id));
        dictionaryPosition = spool.startPosition(); // the dictionary copy is somewhere in what was just read

        Map<TopicPartition, Partition> partitions = new LinkedHashMap<>();
        Map<TopicPartition, Integer> nextSequences = new HashMap<>();
        int records = 0;
        int sent = 0;
        boolean anySealed = false;
        for (Map.Entry<TopicPartition, PartitionLog> e : logs.entrySet()) {
            PartitionLog p = e.getValue();
            for (long[] range : p.done) {
                p.records.subMap(range[0], range[1]).clear();
            }
            // Next sequence under the newest identity, past every batch sealed with it.
            for (Seal s : p.seals.values()) {
                if (s.producerId == newest[0] && s.epoch == newest[1]) {
                    int next = (int) ((s.baseSequence + (long) s.count) % (Integer.MAX_VALUE + 1L));
                    nextSequences.merge(e.getKey(), next, (a, b) -> after(a, b) ? a : b);
                }
            }
            List<RestoredBatch> batches = new ArrayList<>();
            List<long[]> unsent = new ArrayList<>();
            // Batches drain in record order, so a sealed batch follows only sealed or finished records; an
            // unsealed record before it (its seal was of an older identity, say) means that order cannot be
            // vouched for, and from there on every record is batched and stamped anew.
            boolean trustSeals = true;
            Long n = p.records.isEmpty() ? null : p.records.firstKey();
            while (n != null) {
                Seal seal = p.seals.get(n);
                if (trustSeals && seal != null && seal.producerId == newest[0] && seal.epoch == newest[1]
                        && covers(p.records, n, seal.count)) {
                    List<RestoredBatch.Record> sealed = new ArrayList<>(seal.count);
                    long lowest = Long.MAX_VALUE;
                    for (long k = n; k < n + seal.count; k++) {
                        Spooled sp = p.records.get(k);
                        sealed.add(readRecord(sp.position));
                        lowest = Math.min(lowest, sp.position);
                    }
                    batches.add(new RestoredBatch(n, lowest, sealed, seal.producerId, seal.epoch, seal.baseSequence));
                    anySealed = true;
                    sent++;
                    n = p.records.ceilingKey(n + seal.count);
                    continue;
                }
                trustSeals = false;
                unsent.add(new long[] {p.records.get(n).position, n});
                n = p.records.higherKey(n);
            }
            Partition restored = new Partition(p.maxRecordNo + 1, batches, unsent);
            records += restored.records();
            partitions.put(e.getKey(), restored);
        }
        return new Recovery(anySealed ? newest[0] : -1, anySealed ? (short) newest[1] : -1,
                anySealed ? nextSequences : Map.of(), partitions, records, sent);
    }

    private static boolean covers(TreeMap<Long, Spooled> records, long first, int count) {
        for (long n = first; n < first + count; n++) {
            if (!records.containsKey(n)) {
                return false;
            }
        }
        return true;
    }

    private static TopicPartition tp(Map<Integer, String> topics, int id, int partition) throws IOException {
        String name = topics.get(id);
        if (name == null) {
            throw new IOException("spool entry names topic id " + id + ", which no TOPIC entry defines");
        }
        return new TopicPartition(name, partition);
    }

    /** True if sequence {@code a} comes after {@code b} (wrap-aware). */
    private static boolean after(int a, int b) {
        long d = ((long) a - b + (Integer.MAX_VALUE + 1L)) % (Integer.MAX_VALUE + 1L);
        return d != 0 && d < (Integer.MAX_VALUE / 2);
    }
}

package io.samsa.bench.compression;

import io.samsa.common.header.Header;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Realistic record batches to compress: real magic-v2 batches built by {@link RecordBatchBuilder}, whose records
 * section (what Kafka compresses) holds JSON-ish event values. The values mix what makes real events compressible
 * (repeated field names, small vocabularies, increasing timestamps) with what does not (random ids, session
 * hashes, prices), so ratios are neither the best case of repeated bytes nor the worst case of random ones.
 * Deterministic (fixed seed): every run and every codec sees the same bytes.
 */
public final class BatchShapes {

    private static final String[] EVENTS = {"page_view", "add_to_cart", "checkout", "search", "login", "logout"};
    private static final String[] PATHS = {"/", "/products", "/products/shoes", "/cart", "/checkout", "/search",
            "/account/orders", "/help/returns"};
    private static final String[] AGENTS = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
            "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"};

    private BatchShapes() {
    }

    /**
     * The records section (bytes 61..end of the batch, the part a codec compresses) of a batch of about
     * {@code batchBytes} bytes holding records whose values are about {@code recordBytes} long.
     *
     * @param shape {@code json-100b-16k}, {@code json-1k-16k} or {@code json-1k-64k}
     */
    public static byte[] recordsSection(String shape) {
        switch (shape) {
            case "json-100b-16k":
                return recordsSection(100, 16 * 1024, 1);
            case "json-1k-16k":
                return recordsSection(1024, 16 * 1024, 2);
            case "json-1k-64k":
                return recordsSection(1024, 64 * 1024, 3);
            default:
                throw new IllegalArgumentException("unknown batch shape " + shape);
        }
    }

    /** A full closed batch (header + uncompressed records) as the accumulator would hand to the sender. */
    public static ByteBuffer batch(int recordBytes, int batchBytes, long seed) {
        Random random = new Random(seed);
        RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(batchBytes));
        long ts = 1_700_000_000_000L;
        Header[] none = new Header[0];
        while (true) {
            byte[] key = ("user-" + random.nextInt(100_000)).getBytes(StandardCharsets.UTF_8);
            byte[] value = jsonValue(random, recordBytes, ts);
            if (!builder.hasRoomFor(ts, key, value, none)) {
                break;
            }
            builder.append(ts, key, value, none);
            ts += random.nextInt(20);
        }
        return builder.close(RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE,
                false);
    }

    static byte[] recordsSection(int recordBytes, int batchBytes, long seed) {
        ByteBuffer batch = batch(recordBytes, batchBytes, seed);
        return Arrays.copyOfRange(batch.array(), batch.arrayOffset() + RecordBatch.HEADER_SIZE,
                batch.arrayOffset() + batch.remaining());
    }

    /** One event of about {@code size} bytes of UTF-8 JSON. */
    static byte[] jsonValue(Random r, int size, long ts) {
        StringBuilder sb = new StringBuilder(size + 64);
        sb.append("{\"event_id\":\"").append(Long.toHexString(r.nextLong())).append(Long.toHexString(r.nextLong()))
                .append("\",\"type\":\"").append(EVENTS[r.nextInt(EVENTS.length)])
                .append("\",\"ts\":").append(ts)
                .append(",\"user\":{\"id\":").append(r.nextInt(1_000_000))
                .append(",\"country\":\"").append((char) ('A' + r.nextInt(26))).append((char) ('A' + r.nextInt(26)))
                .append("\",\"premium\":").append(r.nextBoolean()).append('}');
        int i = 0;
        while (sb.length() < size - 2) {
            switch (i++ % 4) {
                case 0 -> sb.append(",\"page\":\"").append(PATHS[r.nextInt(PATHS.length)]).append("?ref=")
                        .append(r.nextInt(10_000)).append('"');
                case 1 -> sb.append(",\"ua\":\"").append(AGENTS[r.nextInt(AGENTS.length)]).append('"');
                case 2 -> sb.append(",\"amount\":").append(r.nextInt(100_000) / 100.0)
                        .append(",\"currency\":\"EUR\"");
                default -> sb.append(",\"session\":\"").append(Integer.toHexString(r.nextInt())).append('-')
                        .append(Integer.toHexString(r.nextInt())).append('"');
            }
        }
        sb.append('}');
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        return bytes.length <= size ? bytes : Arrays.copyOf(bytes, size); // cut to size: still realistic bytes
    }
}

package io.samsa.protocol.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Test helper for other packages: small closed batches. */
public final class RecordBatchBuilderAccess {
    private RecordBatchBuilderAccess() {
    }

    /** A closed, uncompressed batch holding one record (value "v"). */
    public static ByteBuffer oneRecordBatch() {
        RecordBatchBuilder b = new RecordBatchBuilder(ByteBuffer.allocate(256));
        b.append(1_700_000_000_000L, null, "v".getBytes(StandardCharsets.UTF_8), null);
        return b.close(-1L, (short) -1, -1, false);
    }
}

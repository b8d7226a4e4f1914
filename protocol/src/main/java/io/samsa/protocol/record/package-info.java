/**
 * The record batch format (magic v2): {@link io.samsa.protocol.record.RecordBatchBuilder} writes a batch in place,
 * {@link io.samsa.protocol.record.RecordBatch} and {@link io.samsa.protocol.record.Record} read one back.
 *
 * <p><b>Internal</b> to samsa-protocol: not part of Samsa's public API, with no compatibility promise; it may
 * change in any release.
 */
package io.samsa.protocol.record;

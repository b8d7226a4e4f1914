/**
 * Batch compression: {@link io.samsa.protocol.record.compression.CompressionType} and the codecs (gzip from the
 * JDK; lz4, zstd and snappy from optional libraries, reported by
 * {@link io.samsa.protocol.record.compression.CodecUnavailableException} when absent).
 *
 * <p><b>Internal</b> to samsa-protocol: not part of Samsa's public API, with no compatibility promise; it may
 * change in any release.
 */
package io.samsa.protocol.record.compression;

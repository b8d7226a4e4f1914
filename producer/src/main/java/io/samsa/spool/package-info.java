/**
 * The durable spool (internal: not part of Samsa's public API, free to change between releases): a write-ahead
 * log in a local directory, so that records accepted by {@code send} survive a crash of the producer (and, per the
 * {@link io.samsa.spool.SyncPolicy}, of the machine) until the broker has acknowledged them.
 *
 * <ul>
 *   <li>{@link io.samsa.spool.SpoolLog}: open (lock, recover), append, await durability, read, release, close;
 *       its class comment has the on-disk format and who owns what between threads.</li>
 *   <li>{@link io.samsa.spool.SpoolOptions} and {@link io.samsa.spool.SyncPolicy}: segment size, the
 *       {@code spool.max.bytes} bound, when to fsync.</li>
 *   <li>{@link io.samsa.spool.EntryVisitor}: what {@code read} hands entries to.</li>
 *   <li>{@link io.samsa.spool.SpoolException} and its subclasses: locked, corrupt, over the bound, disk full.</li>
 * </ul>
 *
 * This package knows nothing of records, batches or the producer: entries are a type byte and opaque bytes, and
 * the layer above decides what they mean. It depends on the JDK and slf4j-api only.
 */
package io.samsa.spool;

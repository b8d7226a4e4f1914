/**
 * The record accumulator: per-partition batches built in place, the memory they are charged to, and the built-in
 * partitioning (internal: not part of Samsa's public API, free to change between releases).
 *
 * <ul>
 *   <li>Application threads' side: {@link io.samsa.accumulator.RecordAccumulator} (append, flush, close),
 *       {@link io.samsa.accumulator.BatchMemory} ({@code buffer.memory}, fair blocking),
 *       {@link io.samsa.accumulator.BatchSizes}.</li>
 *   <li>Shared by both sides: {@link io.samsa.accumulator.QueueTable} of
 *       {@link io.samsa.accumulator.PartitionQueue}s, {@link io.samsa.accumulator.ProducerBatch} and the
 *       {@link io.samsa.accumulator.BatchResources} it is given, {@link io.samsa.accumulator.BusyNodes}.</li>
 *   <li>The I/O thread's side: {@link io.samsa.accumulator.BatchDrainer} (ready, drain, retry, split),
 *       {@link io.samsa.accumulator.DeliveryTimeouts}, {@link io.samsa.accumulator.BatchSplitter},
 *       {@link io.samsa.accumulator.BatchCompressor} with each topic's
 *       {@link io.samsa.accumulator.CompressionRatioEstimator}.</li>
 *   <li>Partitioning: {@link io.samsa.accumulator.Murmur2} and {@link io.samsa.accumulator.BuiltInPartitioner}
 *       (the keyed partition, bit-for-bit Apache Kafka's); {@link io.samsa.accumulator.StickyPartitioner} (where
 *       unkeyed records go: KIP-794 uniform sticky, adaptive), one per topic;
 *       {@link io.samsa.accumulator.LeaderAvailability} (which leaders to avoid,
 *       {@code partitioner.availability.timeout.ms}).</li>
 * </ul>
 */
package io.samsa.accumulator;

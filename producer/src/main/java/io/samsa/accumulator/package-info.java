/**
 * The record accumulator and the built-in partitioning it applies (internal: not part of Samsa's public API,
 * free to change between releases).
 *
 * <ul>
 *   <li>{@link io.samsa.accumulator.Murmur2} and {@link io.samsa.accumulator.BuiltInPartitioner}: the keyed
 *       partition, bit-for-bit Apache Kafka's;</li>
 *   <li>{@link io.samsa.accumulator.StickyPartitioner}: where unkeyed records go (KIP-794 uniform sticky,
 *       adaptive), one per topic, fed by the accumulator with appended bytes and queue lengths;</li>
 *   <li>{@link io.samsa.accumulator.LeaderAvailability}: which leaders to avoid
 *       ({@code partitioner.availability.timeout.ms}).</li>
 * </ul>
 */
package io.samsa.accumulator;

/**
 * Types every Kafka client shares, at Apache Kafka's names under {@code io.samsa}:
 * {@link io.samsa.common.TopicPartition}, {@link io.samsa.common.PartitionInfo}, {@link io.samsa.common.Node},
 * {@link io.samsa.common.Cluster}, {@link io.samsa.common.Metric} and {@link io.samsa.common.MetricName},
 * {@link io.samsa.common.Uuid}, and the root exception {@link io.samsa.common.KafkaException}.
 *
 * <p><b>Public API</b> of samsa-protocol: covered by the API check (japicmp against {@code api-baseline/}) and by
 * the version policy in the README.
 */
package io.samsa.common;

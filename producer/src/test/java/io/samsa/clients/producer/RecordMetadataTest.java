package io.samsa.clients.producer;

import io.samsa.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** RecordMetadata against Apache Kafka's. */
class RecordMetadataTest {

    @Test
    void offsetIsBasePlusIndexAndPrintsAsTopicPartitionAtOffset() {
        RecordMetadata ours = new RecordMetadata(new TopicPartition("orders", 2), 100, 5, 1_700_000_000_000L, 3, 4);
        org.apache.kafka.clients.producer.RecordMetadata theirs = new org.apache.kafka.clients.producer.RecordMetadata(
                new org.apache.kafka.common.TopicPartition("orders", 2), 100, 5, 1_700_000_000_000L, 3, 4);
        same(ours, theirs);
        assertThat(ours.offset()).isEqualTo(105);
        assertThat(ours).hasToString("orders-2@105");
    }

    @Test
    void unknownOffsetAndTimestampAreMinusOne() {
        RecordMetadata ours = new RecordMetadata(new TopicPartition("t", RecordMetadata.UNKNOWN_PARTITION), -1, 7,
                -1, -1, -1);
        org.apache.kafka.clients.producer.RecordMetadata theirs = new org.apache.kafka.clients.producer.RecordMetadata(
                new org.apache.kafka.common.TopicPartition("t", -1), -1, 7, -1, -1, -1);
        same(ours, theirs);
        assertThat(ours.hasOffset()).isFalse();
        assertThat(ours.hasTimestamp()).isFalse();
        assertThat(ours.partition()).isEqualTo(org.apache.kafka.clients.producer.RecordMetadata.UNKNOWN_PARTITION);
        assertThat(ours).hasToString("t--1@-1");
    }

    @Test
    void anyNegativeBaseOffsetMeansUnknown() {
        // Apache Kafka adds the index to any base other than -1; a negative offset is never real, so Samsa
        // reports it as unknown rather than as a made-up offset.
        RecordMetadata md = new RecordMetadata(new TopicPartition("t", 0), -7, 5, 0, 0, 0);
        assertThat(md.offset()).isEqualTo(-1);
        assertThat(md.hasOffset()).isFalse();
        assertThat(md.hasTimestamp()).isTrue();
    }

    private static void same(RecordMetadata ours, org.apache.kafka.clients.producer.RecordMetadata theirs) {
        assertThat(ours.topic()).isEqualTo(theirs.topic());
        assertThat(ours.partition()).isEqualTo(theirs.partition());
        assertThat(ours.offset()).isEqualTo(theirs.offset());
        assertThat(ours.hasOffset()).isEqualTo(theirs.hasOffset());
        assertThat(ours.timestamp()).isEqualTo(theirs.timestamp());
        assertThat(ours.hasTimestamp()).isEqualTo(theirs.hasTimestamp());
        assertThat(ours.serializedKeySize()).isEqualTo(theirs.serializedKeySize());
        assertThat(ours.serializedValueSize()).isEqualTo(theirs.serializedValueSize());
        assertThat(ours.toString()).isEqualTo(theirs.toString());
    }
}

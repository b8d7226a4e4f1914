package io.samsa.accumulator;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The keyed partition must be bit-for-bit Apache Kafka's, or keys land on different partitions. */
class Murmur2Test {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void kafkaTestVectors() {
        assertThat(Murmur2.hash(utf8("21"))).isEqualTo(-973932308);
        assertThat(Murmur2.hash(utf8("foobar"))).isEqualTo(-790332482);
        assertThat(Murmur2.hash(utf8("abc"))).isEqualTo(479470107);
        assertThat(Murmur2.hash(utf8("a-little-bit-long-string"))).isEqualTo(-985981536);
        assertThat(Murmur2.hash(utf8("a-little-bit-longer-string"))).isEqualTo(-1486304829);
        assertThat(Murmur2.hash(new byte[0])).isEqualTo(275646681);
        assertThat(BuiltInPartitioner.partitionForKey(utf8("abc"), 6)).isEqualTo(3);
    }

    @Test
    void toPositiveClearsOnlyTheSignBit() {
        assertThat(Murmur2.toPositive(Integer.MIN_VALUE)).isZero();
        assertThat(Murmur2.toPositive(-1)).isEqualTo(Integer.MAX_VALUE);
        assertThat(Murmur2.toPositive(5)).isEqualTo(5);
        for (int n : new int[]{0, 1, -1, 42, -42, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertThat(Murmur2.toPositive(n)).isEqualTo(Utils.toPositive(n));
        }
    }

    /** Keys of every length 0..64 (all tail cases), bytes over the whole range including >= 0x80. */
    private static byte[] randomKey(Random r, int i) {
        byte[] key = new byte[i % 4 == 0 ? r.nextInt(65) : r.nextInt(9)];
        r.nextBytes(key);
        if (i % 7 == 0) {
            for (int j = 0; j < key.length; j++) {
                key[j] = (byte) (0x80 | key[j]); // only high bytes: sign extension must not leak into the hash
            }
        }
        return key;
    }

    @Test
    void hashEqualsApacheOnRandomKeys() {
        Random r = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] key = randomKey(r, i);
            assertThat(Murmur2.hash(key)).as("key #%d of length %d", i, key.length).isEqualTo(Utils.murmur2(key));
        }
    }

    @Test
    void keyedPartitionEqualsApacheBuiltInPartitioner() {
        int[] partitionCounts = {1, 2, 3, 6, 7, 100, 1000};
        Random r = new Random(1234);
        int checked = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] key = randomKey(r, i);
            for (int n : partitionCounts) {
                int expected = org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(key, n);
                assertThat(BuiltInPartitioner.partitionForKey(key, n)).as("key #%d, %d partitions", i, n)
                        .isEqualTo(expected);
                checked++;
            }
        }
        for (int n : partitionCounts) {
            assertThat(BuiltInPartitioner.partitionForKey(new byte[0], n))
                    .isEqualTo(org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(new byte[0], n));
        }
        assertThat(checked).isEqualTo(70_000);
    }

    @Test
    void everyPartitionIsReachedAndResultsStayInRange() {
        Random r = new Random(9);
        boolean[] seen = new boolean[7];
        for (int i = 0; i < 1000; i++) {
            int p = BuiltInPartitioner.partitionForKey(randomKey(r, i), 7);
            assertThat(p).isBetween(0, 6);
            seen[p] = true;
        }
        assertThat(seen).containsOnly(true);
    }

    @Test
    void zeroPartitionsIsRejected() {
        assertThatThrownBy(() -> BuiltInPartitioner.partitionForKey(new byte[1], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numPartitions");
    }
}

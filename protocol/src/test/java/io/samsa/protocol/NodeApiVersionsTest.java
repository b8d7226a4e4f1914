package io.samsa.protocol;

import io.samsa.common.errors.ApiException;
import io.samsa.common.errors.Errors;
import io.samsa.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeApiVersionsTest {

    private static ApiVersionsResponse.ApiVersion range(ApiKey key, int min, int max) {
        return new ApiVersionsResponse.ApiVersion(key.id(), (short) min, (short) max);
    }

    @Test
    void choosesMinOfOurMaxAndBrokerMax() {
        // A Kafka 3.9-like broker, and one from the future.
        NodeApiVersions old = NodeApiVersions.of(List.of(range(ApiKey.PRODUCE, 0, 11), range(ApiKey.METADATA, 0, 12),
                range(ApiKey.API_VERSIONS, 0, 4), range(ApiKey.INIT_PRODUCER_ID, 0, 5)));
        assertThat(old.latestUsableVersion(ApiKey.PRODUCE)).isEqualTo((short) 11);
        assertThat(old.latestUsableVersion(ApiKey.METADATA)).isEqualTo((short) 12);
        assertThat(old.latestUsableVersion(ApiKey.API_VERSIONS)).isEqualTo((short) 4);
        assertThat(old.latestUsableVersion(ApiKey.INIT_PRODUCER_ID)).isEqualTo((short) 5);

        NodeApiVersions future = NodeApiVersions.of(List.of(range(ApiKey.PRODUCE, 3, 20),
                range(ApiKey.METADATA, 10, 30)));
        assertThat(future.latestUsableVersion(ApiKey.PRODUCE)).isEqualTo((short) 13);
        assertThat(future.latestUsableVersion(ApiKey.METADATA)).isEqualTo((short) 13);
        assertThat(future.supports(ApiKey.PRODUCE)).isTrue();
        assertThat(future.supports(ApiKey.INIT_PRODUCER_ID)).isFalse();
    }

    @Test
    void aRequestsMaxVersionCapsTheNegotiatedOne() {
        NodeApiVersions broker = NodeApiVersions.of(List.of(range(ApiKey.PRODUCE, 3, 13),
                range(ApiKey.END_TXN, 0, 5)));
        // Transaction version 1 on a 4.x broker: Produce at v11, EndTxn at v4 (KIP-890 reads the version).
        assertThat(broker.latestUsableVersion(ApiKey.PRODUCE, ProduceRequest.LAST_VERSION_BEFORE_TRANSACTION_V2))
                .isEqualTo((short) 11);
        assertThat(broker.latestUsableVersion(ApiKey.END_TXN, EndTxnRequest.LAST_VERSION_BEFORE_TRANSACTION_V2))
                .isEqualTo((short) 4);
        assertThat(broker.latestUsableVersion(ApiKey.PRODUCE, Short.MAX_VALUE)).isEqualTo((short) 13);
        assertThatThrownBy(() -> broker.latestUsableVersion(ApiKey.PRODUCE, (short) 2))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("Produce(0)").hasMessageContaining("version 2 or older")
                .hasMessageContaining("oldest both sides speak is 3");
    }

    @Test
    void noOverlapNamesTheApiAndBothRanges() {
        NodeApiVersions ancient = NodeApiVersions.of(List.of(range(ApiKey.PRODUCE, 0, 2)));
        assertThat(ancient.supports(ApiKey.PRODUCE)).isFalse();
        assertThatThrownBy(() -> ancient.latestUsableVersion(ApiKey.PRODUCE))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessage("Produce(0): no common version: Samsa supports v3..13, broker supports v0..2")
                .satisfies(e -> {
                    UnsupportedVersionException u = (UnsupportedVersionException) e;
                    assertThat(u.apiKeyId()).isEqualTo(ApiKey.PRODUCE.id());
                    assertThat(u.apiName()).isEqualTo("Produce");
                });

        NodeApiVersions tooNew = NodeApiVersions.of(List.of(range(ApiKey.METADATA, 14, 20)));
        assertThatThrownBy(() -> tooNew.latestUsableVersion(ApiKey.METADATA))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("Metadata(3)").hasMessageContaining("v4..13").hasMessageContaining("v14..20");
    }

    @Test
    void apiMissingAtTheBroker() {
        NodeApiVersions none = NodeApiVersions.of(List.of());
        assertThatThrownBy(() -> none.latestUsableVersion(ApiKey.INIT_PRODUCER_ID))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("InitProducerId(22)").hasMessageContaining("does not support")
                .hasMessageContaining("v0..5");
    }

    @Test
    void unimplementedApisAreNeverChosen() {
        NodeApiVersions n = NodeApiVersions.of(List.of(range(ApiKey.CREATE_TOPICS, 0, 7)));
        assertThat(n.supports(ApiKey.CREATE_TOPICS)).isFalse();
        assertThatThrownBy(() -> n.latestUsableVersion(ApiKey.CREATE_TOPICS))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("does not implement");
        assertThat(n.brokerRange(ApiKey.CREATE_TOPICS)).isEqualTo(range(ApiKey.CREATE_TOPICS, 0, 7));
        assertThat(n.toString()).doesNotContain("CreateTopics");
    }

    /**
     * The transaction APIs against the ranges Kafka 3.9 and 4.1 brokers advertise (their kafka-clients'
     * ApiKeys): AddPartitionsToTxn stays at our v3 although both advertise v5; EndTxn and TxnOffsetCommit
     * reach v5 on 4.1 only.
     */
    @Test
    void transactionApisAgainstKafka39And41() {
        NodeApiVersions kafka39 = NodeApiVersions.of(List.of(range(ApiKey.FIND_COORDINATOR, 0, 6),
                range(ApiKey.INIT_PRODUCER_ID, 0, 5), range(ApiKey.ADD_PARTITIONS_TO_TXN, 0, 5),
                range(ApiKey.ADD_OFFSETS_TO_TXN, 0, 4), range(ApiKey.END_TXN, 0, 4),
                range(ApiKey.TXN_OFFSET_COMMIT, 0, 4)));
        assertThat(kafka39.latestUsableVersion(ApiKey.FIND_COORDINATOR)).isEqualTo((short) 6);
        assertThat(kafka39.latestUsableVersion(ApiKey.ADD_PARTITIONS_TO_TXN)).isEqualTo((short) 3);
        assertThat(kafka39.latestUsableVersion(ApiKey.ADD_OFFSETS_TO_TXN)).isEqualTo((short) 4);
        assertThat(kafka39.latestUsableVersion(ApiKey.END_TXN)).isEqualTo((short) 4);
        assertThat(kafka39.latestUsableVersion(ApiKey.TXN_OFFSET_COMMIT)).isEqualTo((short) 4);

        NodeApiVersions kafka41 = NodeApiVersions.of(List.of(range(ApiKey.FIND_COORDINATOR, 0, 6),
                range(ApiKey.INIT_PRODUCER_ID, 0, 6), range(ApiKey.ADD_PARTITIONS_TO_TXN, 0, 5),
                range(ApiKey.ADD_OFFSETS_TO_TXN, 0, 4), range(ApiKey.END_TXN, 0, 5),
                range(ApiKey.TXN_OFFSET_COMMIT, 0, 5)));
        assertThat(kafka41.latestUsableVersion(ApiKey.ADD_PARTITIONS_TO_TXN)).isEqualTo((short) 3);
        assertThat(kafka41.latestUsableVersion(ApiKey.END_TXN)).isEqualTo((short) 5);
        assertThat(kafka41.latestUsableVersion(ApiKey.TXN_OFFSET_COMMIT)).isEqualTo((short) 5);
        assertThat(kafka41.toString()).contains("AddPartitionsToTxn v3 (ours 0..3, broker 0..5)",
                "EndTxn v5 (ours 0..5, broker 0..5)");
    }

    @Test
    void builtFromAResponseWithFeatures() {
        NodeApiVersions n = NodeApiVersions.from(Samples.apiVersionsResponse((short) 4));
        assertThat(n.latestUsableVersion(ApiKey.PRODUCE)).isEqualTo((short) 13);
        assertThat(n.latestUsableVersion(ApiKey.INIT_PRODUCER_ID)).isEqualTo((short) 5);
        assertThat(n.finalizedFeaturesEpoch()).isEqualTo(42L);
        assertThat(n.finalizedFeatureLevel("transaction.version")).isEqualTo((short) 2);
        assertThat(n.finalizedFeatureLevel("no.such.feature")).isZero();
        assertThat(n.supportedFeatures()).containsKey("metadata.version");
        assertThat(n.toString()).contains("Produce v13 (ours 3..13, broker 0..13)",
                "Metadata v13", "ApiVersions v4", "InitProducerId v5 (ours 0..5, broker 0..6)",
                "transaction.version=2");

        NodeApiVersions old = NodeApiVersions.from(Samples.apiVersionsResponse((short) 2));
        assertThat(old.finalizedFeatureLevel("transaction.version")).isZero();
    }

    /** Finalized features count only with an epoch of 0 or more; an absent feature is level 0. */
    @Test
    void finalizedFeatureLevelNeedsAnEpoch() {
        List<ApiVersionsResponse.FinalizedFeature> tv2 = List.of(
                new ApiVersionsResponse.FinalizedFeature(NodeApiVersions.TRANSACTION_VERSION, (short) 2, (short) 2));
        NodeApiVersions noEpoch = NodeApiVersions.from(ApiVersionsResponse.builder().finalizedFeaturesEpoch(-1)
                .finalizedFeatures(tv2).build());
        assertThat(noEpoch.finalizedFeatureLevel(NodeApiVersions.TRANSACTION_VERSION)).isZero();
        NodeApiVersions epochZero = NodeApiVersions.from(ApiVersionsResponse.builder().finalizedFeaturesEpoch(0)
                .finalizedFeatures(tv2).build());
        assertThat(epochZero.finalizedFeatureLevel(NodeApiVersions.TRANSACTION_VERSION)).isEqualTo((short) 2);
        NodeApiVersions tv0 = NodeApiVersions.from(ApiVersionsResponse.builder().finalizedFeaturesEpoch(5)
                .finalizedFeatures(List.of(new ApiVersionsResponse.FinalizedFeature("metadata.version", (short) 27,
                        (short) 27))).build());
        assertThat(tv0.finalizedFeatureLevel(NodeApiVersions.TRANSACTION_VERSION)).isZero();
        assertThat(NodeApiVersions.of(List.of()).finalizedFeatureLevel(NodeApiVersions.TRANSACTION_VERSION)).isZero();
    }

    /**
     * The Produce cap below transaction.version 2 that {@link NodeApiVersions#finalizedFeatureLevel} documents is
     * Apache's (EndTxn's and TxnOffsetCommit's are pinned in their golden tests).
     */
    @Test
    void produceCapBelowTransactionVersion2IsApaches() {
        assertThat(org.apache.kafka.common.requests.ProduceRequest.LAST_STABLE_VERSION_BEFORE_TRANSACTION_V2)
                .isEqualTo((short) 11);
    }

    @Test
    void toStringMarksUnusableApis() {
        NodeApiVersions n = NodeApiVersions.of(List.of(range(ApiKey.PRODUCE, 0, 2)));
        assertThat(n.toString()).contains("Produce UNUSABLE (ours 3..13, broker 0..2)",
                "Metadata UNUSABLE (ours 4..13, broker none)");
    }

    @Test
    void errorResponseCannotBeNegotiated() {
        ApiVersionsResponse error = ApiVersionsResponse.builder().errorCode(Errors.UNSUPPORTED_VERSION.code())
                .addApiKey((short) 18, (short) 0, (short) 3).build();
        assertThatThrownBy(() -> NodeApiVersions.from(error)).isInstanceOf(ApiException.class)
                .hasMessageContaining("UNSUPPORTED_VERSION (35)");
    }
}

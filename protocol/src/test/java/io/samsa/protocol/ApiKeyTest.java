package io.samsa.protocol;

import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyTest {

    @ParameterizedTest
    @EnumSource(ApiKey.class)
    void idAndTitleMatchKafka(ApiKey key) {
        ApiKeys kafka = ApiKeys.forId(key.id());
        assertThat(kafka.name).isEqualTo(key.title());
        assertThat(ApiKey.forId(key.id())).isSameAs(key);
    }

    @ParameterizedTest
    @EnumSource(ApiKey.class)
    void ourRangeIsWithinKafkasAndHeaderVersionsMatchKafkas(ApiKey key) {
        ApiMessageType type = ApiMessageType.fromApiKey(key.id());
        assertThat(key.oldestVersion()).isGreaterThanOrEqualTo(type.lowestSupportedVersion());
        assertThat(key.latestVersion()).isLessThanOrEqualTo(type.highestSupportedVersion(false));
        for (short v = key.oldestVersion(); v <= key.latestVersion(); v++) {
            assertThat(key.requestHeaderVersion(v)).as("%s v%d request header", key, v)
                    .isEqualTo(type.requestHeaderVersion(v));
            assertThat(key.responseHeaderVersion(v)).as("%s v%d response header", key, v)
                    .isEqualTo(type.responseHeaderVersion(v));
        }
    }

    @Test
    void flexibleThresholdsFromTheNotes() {
        assertThat(ApiKey.PRODUCE.isFlexible((short) 8)).isFalse();
        assertThat(ApiKey.PRODUCE.isFlexible((short) 9)).isTrue();
        assertThat(ApiKey.METADATA.firstFlexibleVersion()).isEqualTo((short) 9);
        assertThat(ApiKey.API_VERSIONS.firstFlexibleVersion()).isEqualTo((short) 3);
        assertThat(ApiKey.INIT_PRODUCER_ID.firstFlexibleVersion()).isEqualTo((short) 2);
        assertThat(ApiKey.FIND_COORDINATOR.isFlexible((short) 2)).isFalse();
        assertThat(ApiKey.FIND_COORDINATOR.isFlexible((short) 3)).isTrue();
        assertThat(ApiKey.END_TXN.requestHeaderVersion((short) 2)).isEqualTo((short) 1);
        assertThat(ApiKey.END_TXN.responseHeaderVersion((short) 3)).isEqualTo((short) 1);
        assertThat(ApiKey.SASL_HANDSHAKE.firstFlexibleVersion()).isEqualTo((short) -1);
        assertThat(ApiKey.SASL_HANDSHAKE.isFlexible((short) 1)).isFalse();
        assertThat(ApiKey.SASL_HANDSHAKE.requestHeaderVersion((short) 1)).isEqualTo((short) 1);
    }

    @Test
    void apiVersionsResponsesAlwaysUseHeaderV0() {
        for (short v = 0; v <= 4; v++) {
            assertThat(ApiKey.API_VERSIONS.responseHeaderVersion(v)).isZero();
        }
        assertThat(ApiKey.API_VERSIONS.requestHeaderVersion((short) 3)).isEqualTo((short) 2);
        assertThat(ApiKey.PRODUCE.responseHeaderVersion((short) 9)).isEqualTo((short) 1);
    }

    @Test
    void rangesFromTheBrief() {
        assertThat(ApiKey.PRODUCE.describeRange()).isEqualTo("Produce(0) v3..13");
        assertThat(ApiKey.METADATA.describeRange()).isEqualTo("Metadata(3) v4..13");
        assertThat(ApiKey.API_VERSIONS.describeRange()).isEqualTo("ApiVersions(18) v0..4");
        assertThat(ApiKey.INIT_PRODUCER_ID.describeRange()).isEqualTo("InitProducerId(22) v0..5");
        assertThat(ApiKey.FIND_COORDINATOR.describeRange()).isEqualTo("FindCoordinator(10) v0..6");
        assertThat(ApiKey.ADD_PARTITIONS_TO_TXN.describeRange()).isEqualTo("AddPartitionsToTxn(24) v0..3");
        assertThat(ApiKey.ADD_OFFSETS_TO_TXN.describeRange()).isEqualTo("AddOffsetsToTxn(25) v0..4");
        assertThat(ApiKey.END_TXN.describeRange()).isEqualTo("EndTxn(26) v0..5");
        assertThat(ApiKey.TXN_OFFSET_COMMIT.describeRange()).isEqualTo("TxnOffsetCommit(28) v0..5");
        assertThat(ApiKey.implementedKeys()).containsExactly(ApiKey.PRODUCE, ApiKey.METADATA,
                ApiKey.FIND_COORDINATOR, ApiKey.SASL_HANDSHAKE, ApiKey.API_VERSIONS, ApiKey.INIT_PRODUCER_ID,
                ApiKey.ADD_PARTITIONS_TO_TXN, ApiKey.ADD_OFFSETS_TO_TXN, ApiKey.END_TXN, ApiKey.TXN_OFFSET_COMMIT,
                ApiKey.SASL_AUTHENTICATE, ApiKey.GET_TELEMETRY_SUBSCRIPTIONS, ApiKey.PUSH_TELEMETRY);
    }

    /** The client telemetry APIs (KIP-714): version 0 only, flexible from it, as Kafka's schemas. */
    @Test
    void telemetryApisCoverKafkasSchemas() {
        assertSchemaRange(ApiKey.GET_TELEMETRY_SUBSCRIPTIONS,
                org.apache.kafka.common.message.GetTelemetrySubscriptionsRequestData.LOWEST_SUPPORTED_VERSION,
                org.apache.kafka.common.message.GetTelemetrySubscriptionsRequestData.HIGHEST_SUPPORTED_VERSION,
                org.apache.kafka.common.message.GetTelemetrySubscriptionsRequestData.SCHEMAS.length,
                org.apache.kafka.common.message.GetTelemetrySubscriptionsResponseData.HIGHEST_SUPPORTED_VERSION);
        assertSchemaRange(ApiKey.PUSH_TELEMETRY,
                org.apache.kafka.common.message.PushTelemetryRequestData.LOWEST_SUPPORTED_VERSION,
                org.apache.kafka.common.message.PushTelemetryRequestData.HIGHEST_SUPPORTED_VERSION,
                org.apache.kafka.common.message.PushTelemetryRequestData.SCHEMAS.length,
                org.apache.kafka.common.message.PushTelemetryResponseData.HIGHEST_SUPPORTED_VERSION);
        assertThat(ApiKey.GET_TELEMETRY_SUBSCRIPTIONS.firstFlexibleVersion()).isZero();
        assertThat(ApiKey.PUSH_TELEMETRY.firstFlexibleVersion()).isZero();
    }

    /**
     * The transaction APIs cover every version of Kafka's schemas (request and response), except AddPartitionsToTxn,
     * whose v4+ is the brokers' verification message; the first flexible version is the schemas' too.
     */
    @Test
    void transactionApisCoverKafkasSchemas() {
        assertSchemaRange(ApiKey.FIND_COORDINATOR, FindCoordinatorRequestData.LOWEST_SUPPORTED_VERSION,
                FindCoordinatorRequestData.HIGHEST_SUPPORTED_VERSION, FindCoordinatorRequestData.SCHEMAS.length,
                FindCoordinatorResponseData.HIGHEST_SUPPORTED_VERSION);
        assertSchemaRange(ApiKey.ADD_OFFSETS_TO_TXN, AddOffsetsToTxnRequestData.LOWEST_SUPPORTED_VERSION,
                AddOffsetsToTxnRequestData.HIGHEST_SUPPORTED_VERSION, AddOffsetsToTxnRequestData.SCHEMAS.length,
                AddOffsetsToTxnResponseData.HIGHEST_SUPPORTED_VERSION);
        assertSchemaRange(ApiKey.END_TXN, EndTxnRequestData.LOWEST_SUPPORTED_VERSION,
                EndTxnRequestData.HIGHEST_SUPPORTED_VERSION, EndTxnRequestData.SCHEMAS.length,
                EndTxnResponseData.HIGHEST_SUPPORTED_VERSION);
        assertSchemaRange(ApiKey.TXN_OFFSET_COMMIT, TxnOffsetCommitRequestData.LOWEST_SUPPORTED_VERSION,
                TxnOffsetCommitRequestData.HIGHEST_SUPPORTED_VERSION, TxnOffsetCommitRequestData.SCHEMAS.length,
                TxnOffsetCommitResponseData.HIGHEST_SUPPORTED_VERSION);

        assertThat(ApiKey.ADD_PARTITIONS_TO_TXN.oldestVersion())
                .isEqualTo(AddPartitionsToTxnRequestData.LOWEST_SUPPORTED_VERSION);
        assertThat(AddPartitionsToTxnRequestData.HIGHEST_SUPPORTED_VERSION).isGreaterThan((short) 3);
        assertThat(ApiKey.ADD_PARTITIONS_TO_TXN.latestVersion()).isEqualTo((short) 3);

        for (ApiKey key : List.of(ApiKey.FIND_COORDINATOR, ApiKey.ADD_PARTITIONS_TO_TXN, ApiKey.ADD_OFFSETS_TO_TXN,
                ApiKey.END_TXN, ApiKey.TXN_OFFSET_COMMIT)) {
            assertThat(key.firstFlexibleVersion()).as("%s", key).isEqualTo((short) 3);
            assertThat(key.implemented()).as("%s", key).isTrue();
        }
    }

    private static void assertSchemaRange(ApiKey key, short lowest, short highest, int schemas, short responseHighest) {
        assertThat(key.oldestVersion()).as("%s oldest", key).isEqualTo(lowest);
        assertThat(key.latestVersion()).as("%s latest", key).isEqualTo(highest);
        assertThat(schemas).as("%s schemas", key).isEqualTo(highest + 1);
        assertThat(responseHighest).as("%s response latest", key).isEqualTo(highest);
    }

    @Test
    void unknownIdsGiveNull() {
        assertThat(ApiKey.forId(-1)).isNull();
        assertThat(ApiKey.forId(1)).isNull();
        assertThat(ApiKey.forId(37)).isNull();
        assertThat(ApiKey.forId(32767)).isNull();
    }
}

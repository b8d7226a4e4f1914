package io.samsa.protocol;

import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
        assertThat(ApiKey.implementedKeys()).containsExactly(ApiKey.PRODUCE, ApiKey.METADATA,
                ApiKey.SASL_HANDSHAKE, ApiKey.API_VERSIONS, ApiKey.INIT_PRODUCER_ID, ApiKey.SASL_AUTHENTICATE);
    }

    @Test
    void unknownIdsGiveNull() {
        assertThat(ApiKey.forId(-1)).isNull();
        assertThat(ApiKey.forId(1)).isNull();
        assertThat(ApiKey.forId(37)).isNull();
        assertThat(ApiKey.forId(32767)).isNull();
    }
}

package io.samsa.protocol;

import io.samsa.protocol.types.ProtocolException;
import io.samsa.protocol.types.ProtocolReader;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Request and response headers byte-for-byte against Kafka's RequestHeaderData/ResponseHeaderData. */
class HeaderGoldenTest {

    @Test
    void requestHeadersMatchKafkaForEveryImplementedVersion() {
        int checked = 0;
        for (ApiKey key : ApiKey.implementedKeys()) {
            for (short v = key.oldestVersion(); v <= key.latestVersion(); v++) {
                for (String clientId : Arrays.asList(null, "", "producer-1", Samples.UNICODE)) {
                    short apiVersion = v;
                    int corr = 0x7ABCDEF0 + v;
                    short headerVersion = key.requestHeaderVersion(v);
                    byte[] ours = Bytes.ours(w -> RequestHeader.write(w, key, apiVersion, corr, clientId));
                    byte[] kafka = Bytes.kafka(new RequestHeaderData().setRequestApiKey(key.id())
                            .setRequestApiVersion(v).setCorrelationId(corr).setClientId(clientId), headerVersion);
                    assertThat(Bytes.hex(ours)).as("%s v%d clientId=%s", key, v, clientId).isEqualTo(Bytes.hex(kafka));

                    RequestHeader read = RequestHeader.read(Bytes.reader(kafka));
                    assertThat(read).isEqualTo(new RequestHeader(key, v, corr, clientId));
                    assertThat(read.headerVersion()).isEqualTo(headerVersion);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(4 * (11 + 10 + 7 + 2 + 5 + 6 + 4 + 5 + 6 + 6 + 3 + 1 + 1));
    }

    @Test
    void clientIdStaysInt16LengthInHeaderV2() {
        byte[] v2 = Bytes.ours(w -> RequestHeader.write(w, ApiKey.PRODUCE, (short) 9, 7, "ab"));
        assertThat(Bytes.hex(v2)).isEqualTo("0000" + "0009" + "00000007" + "0002" + "6162" + "00");
        byte[] nullId = Bytes.ours(w -> RequestHeader.write(w, ApiKey.PRODUCE, (short) 8, 7, null));
        assertThat(Bytes.hex(nullId)).isEqualTo("0000" + "0008" + "00000007" + "ffff");
    }

    @Test
    void responseHeadersFromKafkaIncludingUnknownTags() {
        for (ApiKey key : ApiKey.implementedKeys()) {
            for (short v = key.oldestVersion(); v <= key.latestVersion(); v++) {
                short hv = key.responseHeaderVersion(v);
                ResponseHeaderData data = new ResponseHeaderData().setCorrelationId(-5 - v);
                if (hv >= 1) {
                    List<RawTaggedField> unknown = new ArrayList<>();
                    unknown.add(new RawTaggedField(3, new byte[] {1, 2, 3}));
                    unknown.add(new RawTaggedField(200, new byte[0]));
                    data.unknownTaggedFields().addAll(unknown);
                }
                byte[] kafka = Bytes.kafka(data, hv);
                ProtocolReader r = Bytes.reader(kafka);
                assertThat(ResponseHeader.read(r, key, v)).isEqualTo(-5 - v);
                assertThat(r.remaining()).as("%s v%d consumed", key, v).isZero();

                short version = v;
                byte[] ours = Bytes.ours(w -> ResponseHeader.write(w, key, version, -5 - version));
                assertThat(ours).isEqualTo(Bytes.kafka(new ResponseHeaderData().setCorrelationId(-5 - v), hv));
            }
        }
    }

    @Test
    void unknownApiKeyInARequestHeaderIsAProtocolError() {
        assertThatThrownBy(() -> RequestHeader.read(Bytes.reader(Bytes.unhex("0063 0000 00000001 ffff"))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("99");
    }
}

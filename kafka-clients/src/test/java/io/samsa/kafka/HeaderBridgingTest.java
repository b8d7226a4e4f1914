package io.samsa.kafka;

import io.samsa.common.header.Header;
import io.samsa.common.serialization.Serializer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A header-aware Apache serializer writes into the record's own Apache headers through the wrapper the Samsa
 * producer is given, and into Samsa headers through a view when a Samsa interceptor replaced the record; a serializer
 * that ignores headers gets the adapter that tells the Samsa producer so.
 */
class HeaderBridgingTest {

    @Test
    void onlyHeaderAwareSerializersGetTheHeaderAwareAdapter() {
        assertThat(SerializerAdapter.wrap(new StringSerializer(), true))
                .isNotInstanceOf(SerializerAdapter.HeaderAware.class);
        assertThat(SerializerAdapter.wrap(new SendWithoutBrokerTest.TypeHeaderSerializer(), false))
                .isInstanceOf(SerializerAdapter.HeaderAware.class);
    }

    @Test
    void theSerializerAddsToTheRecordsApacheHeadersWhichToArrayFreezes() {
        Serializer<String> adapter = SerializerAdapter.wrap(new SendWithoutBrokerTest.TypeHeaderSerializer(), false);
        RecordHeaders apache = new RecordHeaders();
        apache.add("first", new byte[]{1});
        ApacheHeaders wrapped = new ApacheHeaders(apache);

        adapter.serialize("t", wrapped, "v");

        assertThat(apache.lastHeader("__TypeId__")).isNotNull();
        Header[] written = wrapped.toArray();
        assertThat(written).extracting(Header::key).containsExactly("first", "__TypeId__");
        assertThat(written[0].value()).containsExactly(1);
        assertThat(apache.isReadOnly()).isTrue();
        assertThatThrownBy(() -> wrapped.add("late", null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void samsaHeadersReachTheSerializerThroughAView() {
        Serializer<String> adapter = SerializerAdapter.wrap(new SendWithoutBrokerTest.TypeHeaderSerializer(), false);
        io.samsa.common.header.internals.RecordHeaders samsa = new io.samsa.common.header.internals.RecordHeaders();
        adapter.serialize("t", samsa, "v");
        assertThat(samsa.toArray()).extracting(Header::key).containsExactly("__TypeId__");
    }
}

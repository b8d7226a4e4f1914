package io.samsa.clients;

import io.samsa.clients.producer.ProducerConfig;
import io.samsa.common.config.SaslConfigs;
import io.samsa.common.config.SslConfigs;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CommonClientConfigs, SslConfigs and SaslConfigs hold every key name and default of Apache Kafka's namesakes,
 * with the same Java types (a {@code Long} stays a {@code Long}, so assignments compile unchanged). Only Apache
 * Kafka's documentation strings ({@code *_DOC}) and its sets of broker-reconfigurable keys are left out.
 */
class SharedConfigNamesTest {

    @Test
    void commonClientConfigsHasApacheKafkasConstants() throws Exception {
        assertSameConstants(org.apache.kafka.clients.CommonClientConfigs.class, CommonClientConfigs.class, 48);
    }

    @Test
    void sslConfigsHasApacheKafkasConstants() throws Exception {
        assertSameConstants(org.apache.kafka.common.config.SslConfigs.class, SslConfigs.class, 25);
    }

    @Test
    void saslConfigsHasApacheKafkasConstants() throws Exception {
        assertSameConstants(org.apache.kafka.common.config.SaslConfigs.class, SaslConfigs.class, 60);
    }

    /** One name per key: ProducerConfig's constants are the shared ones, not copies that could drift apart. */
    @Test
    void producerConfigNamesTheSharedKeysThroughTheSharedClasses() {
        assertThat(ProducerConfig.SECURITY_PROTOCOL_CONFIG).isSameAs(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        assertThat(ProducerConfig.SSL_TRUSTSTORE_LOCATION_CONFIG).isSameAs(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
        assertThat(ProducerConfig.SASL_JAAS_CONFIG).isSameAs(SaslConfigs.SASL_JAAS_CONFIG);
        assertThat(ProducerConfig.configDef().key(SslConfigs.SSL_KEYMANAGER_ALGORITHM_CONFIG).defaultValue())
                .isEqualTo(SslConfigs.DEFAULT_SSL_KEYMANGER_ALGORITHM);
        assertThat(ProducerConfig.configDef().key(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG).defaultValue())
                .isEqualTo(CommonClientConfigs.DEFAULT_RETRY_BACKOFF_MS);
    }

    private static void assertSameConstants(Class<?> apache, Class<?> ours, int atLeast) throws Exception {
        int checked = 0;
        for (Field theirs : apache.getFields()) {
            int m = theirs.getModifiers();
            if (!Modifier.isStatic(m) || !Modifier.isFinal(m) || theirs.getName().endsWith("_DOC")
                    || !isConstantType(theirs.getType())) {
                continue;
            }
            Field mine = ours.getField(theirs.getName());
            assertThat(Modifier.isStatic(mine.getModifiers()) && Modifier.isFinal(mine.getModifiers()))
                    .as("%s is static final", mine).isTrue();
            assertThat(mine.getType()).as("type of %s", mine).isEqualTo(theirs.getType());
            assertThat(mine.get(null)).as("value of %s", mine).isEqualTo(theirs.get(null));
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(atLeast);
    }

    private static boolean isConstantType(Class<?> type) {
        return type.isPrimitive() || type == String.class || Number.class.isAssignableFrom(type)
                || type == Boolean.class;
    }
}

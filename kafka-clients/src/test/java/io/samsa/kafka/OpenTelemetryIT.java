package io.samsa.kafka;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.instrumentation.kafkaclients.v2_6.KafkaTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenTelemetry's Kafka instrumentation (opentelemetry-kafka-clients-2.6) over a {@link SamsaKafkaProducer} sending
 * to a real broker, both ways it offers: {@code KafkaTelemetry.wrap(producer)}, a proxy that opens a span per
 * {@code send} and ends it in the record's callback, and {@code producerInterceptorConfigProperties()}, an
 * interceptor configured with an object (not a string) from the producer's configuration. Either way each record
 * gets a PRODUCER span named "{@code <topic> publish"}, and the span's context travels in the record's
 * {@code traceparent} header, read back here with Apache's consumer.
 */
@KafkaCluster
class OpenTelemetryIT {
    private static final int RECORDS = 5;
    private static final long WAIT_SECONDS = 60;
    private static final AttributeKey<String> CLIENT_ID = AttributeKey.stringKey("messaging.client_id");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
    private static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    private static final AttributeKey<Long> OLD_OFFSET = AttributeKey.longKey("messaging.kafka.message.offset");

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    // Not registered as the global instance: KafkaTelemetry takes it as an argument and never reads the global one.
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();

    @AfterEach
    void closeOpenTelemetry() {
        otel.close();
    }

    private static Map<String, Object> config(KafkaTestCluster kafka, String clientId) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
        config.put("client.id", clientId);
        config.put("linger.ms", 5);
        return config;
    }

    @Test
    void wrappedProducerTracesEverySendAndPropagatesTheContext(KafkaTestCluster kafka) throws Exception {
        String topic = "otel-wrap";
        kafka.createTopic(topic, 1, 1);
        List<RecordMetadata> acknowledged = new ArrayList<>();
        CountDownLatch callbacks = new CountDownLatch(RECORDS);
        Producer<String, String> traced = KafkaTelemetry.create(otel).wrap(new SamsaKafkaProducer<>(
                config(kafka, "otel-wrap-it"), new StringSerializer(), new StringSerializer()));
        try {
            for (int i = 0; i < RECORDS; i++) {
                acknowledged.add(traced.send(new ProducerRecord<>(topic, "k" + i, "v" + i), (md, e) -> callbacks
                        .countDown()).get(WAIT_SECONDS, TimeUnit.SECONDS));
            }
            // The user's callback still runs, inside the instrumentation's.
            assertThat(callbacks.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        } finally {
            traced.close(); // the proxy passes close on to the Samsa producer
        }

        // A span ends in the record's callback, which runs before the future completes: all are exported by now.
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).hasSize(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            SpanData span = spans.get(i);
            assertPublishSpan(span, topic, "otel-wrap-it");
            // Ended with the record's metadata: where the broker put it.
            assertThat(span.getAttributes().get(PARTITION)).isEqualTo("0");
            assertThat(offset(span.getAttributes())).isEqualTo(acknowledged.get(i).offset());
        }
        assertTraceparentHeaders(kafka, topic, spans);
    }

    @Test
    void interceptorFromTheConfigurationTracesEverySendAndPropagatesTheContext(KafkaTestCluster kafka)
            throws Exception {
        String topic = "otel-interceptor";
        kafka.createTopic(topic, 1, 1);
        Map<String, Object> config = config(kafka, "otel-interceptor-it");
        // interceptor.classes, and the telemetry object itself under a key of its own: Samsa must hand the
        // interceptor the configuration's values as given, not as strings.
        config.putAll(KafkaTelemetry.create(otel).producerInterceptorConfigProperties());
        try (Producer<String, String> producer =
                     new SamsaKafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        }

        // The interceptor's span ends in onSend, so it has no partition or offset.
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).hasSize(RECORDS);
        for (SpanData span : spans) {
            assertPublishSpan(span, topic, "otel-interceptor-it");
        }
        assertTraceparentHeaders(kafka, topic, spans);
    }

    private static void assertPublishSpan(SpanData span, String topic, String clientId) {
        assertThat(span.getName()).isEqualTo(topic + " publish");
        assertThat(span.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.system"))).isEqualTo("kafka");
        assertThat(span.getAttributes().get(DESTINATION)).isEqualTo(topic);
        // Read from the first of the producer's metrics, by its client-id tag.
        assertThat(span.getAttributes().get(CLIENT_ID)).isEqualTo(clientId);
        assertThat(span.getStatus().getStatusCode().name()).isEqualTo("UNSET");
    }

    private static Long offset(Attributes attributes) {
        Long offset = attributes.get(OFFSET);
        return offset != null ? offset : attributes.get(OLD_OFFSET);
    }

    /**
     * Each record in the topic carries the W3C {@code traceparent} of its own span, in send order (the flags as the
     * SDK set them: sampled, and random trace id in SDKs that follow Trace Context Level 2).
     */
    private static void assertTraceparentHeaders(KafkaTestCluster kafka, String topic, List<SpanData> spans) {
        List<ConsumerRecord<String, String>> back = KafkaClients.readAll(kafka.clientConfigs(), topic, 1, RECORDS,
                new StringDeserializer(), new StringDeserializer());
        assertThat(back).hasSize(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            ConsumerRecord<String, String> r = back.get(i);
            assertThat(r.key()).isEqualTo("k" + i);
            assertThat(r.value()).isEqualTo("v" + i);
            Header traceparent = r.headers().lastHeader("traceparent");
            assertThat(traceparent).as("traceparent of record %d", i).isNotNull();
            SpanData span = spans.get(i);
            assertThat(new String(traceparent.value(), StandardCharsets.UTF_8))
                    .isEqualTo("00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                            + span.getSpanContext().getTraceFlags().asHex());
        }
    }
}

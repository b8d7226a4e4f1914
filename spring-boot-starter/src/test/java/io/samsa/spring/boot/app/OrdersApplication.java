package io.samsa.spring.boot.app;

import org.apache.kafka.clients.producer.Producer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small Spring Boot application that sends with Boot's {@code KafkaTemplate}, as an application would: nothing
 * Samsa-specific in it. Its one bean records the raw producers the factory makes (through a customizer, the way
 * an application adds a post-processor), so the test can see whose they are.
 */
@SpringBootApplication
public class OrdersApplication {
    /** The value type, written as JSON by Spring's serializer. */
    public record Order(String id, int quantity) {
    }

    /** The raw producers made, in order. */
    public static final class MadeProducers {
        public final List<Producer<?, ?>> producers = new CopyOnWriteArrayList<>();
    }

    @Bean
    MadeProducers madeProducers() {
        return new MadeProducers();
    }

    @Bean
    DefaultKafkaProducerFactoryCustomizer recordMadeProducers(MadeProducers made) {
        return factory -> factory.addPostProcessor(producer -> {
            made.producers.add(producer);
            return producer;
        });
    }
}

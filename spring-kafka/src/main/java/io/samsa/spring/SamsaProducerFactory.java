package io.samsa.spring;

import io.samsa.kafka.SamsaKafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.core.ProducerPostProcessor;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Spring Kafka's {@link DefaultKafkaProducerFactory} with Samsa as the producer: {@code KafkaTemplate}, and anything
 * else built on a {@code ProducerFactory}, sends through a {@link SamsaKafkaProducer}. Declare it where you declared
 * a {@code DefaultKafkaProducerFactory}, with the same configuration and serializers:
 *
 * <pre>{@code
 * Map<String, Object> configs = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
 * ProducerFactory<String, Order> factory =
 *         new SamsaProducerFactory<>(configs, new StringSerializer(), new JacksonJsonSerializer<>());
 * KafkaTemplate<String, Order> template = new KafkaTemplate<>(factory);
 * template.send("orders", order.id(), order);
 * }</pre>
 *
 * <p>Only the raw producer changes ({@link #createRawProducer}); everything else is Spring's: the one shared
 * producer wrapped so that {@code close()} keeps it open, {@code client.id} prefixes, producer listeners, post
 * processors (applied to each Samsa producer, as Spring applies them to its own), {@code reset()},
 * {@code destroy()} and the lifecycle. Serializers come from where Spring's factory takes them: the instances or
 * suppliers given here or set later (configured with the factory's configuration unless
 * {@code configureSerializers} is false), else {@code key.serializer} / {@code value.serializer} in the
 * configuration, instantiated and configured by the producer.
 *
 * <p><b>Transactions.</b> A transactional factory ({@code transactional.id} in the configuration, or
 * {@link #setTransactionIdPrefix}) works as Spring's: its producers are transactional Samsa producers (each with
 * the prefix and a suffix of Spring's as its {@code transactional.id}, initialized by Spring), cached between
 * transactions and closed for good after a failure, so {@code KafkaTemplate.executeInTransaction}, a
 * {@code KafkaTransactionManager} and transactional listener containers run on Samsa.
 *
 * <p>Thread-safe, as Spring's factory.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class SamsaProducerFactory<K, V> extends DefaultKafkaProducerFactory<K, V> {
    /** Kept for the class loader {@link #createRawProducer} runs under, as Spring's factory does. */
    private volatile @Nullable ApplicationContext applicationContext;

    /**
     * A factory whose serializers are named by {@code key.serializer} and {@code value.serializer} in
     * {@code configs}.
     *
     * @param configs the producer configuration, Apache Kafka's keys
     */
    public SamsaProducerFactory(Map<String, Object> configs) {
        super(configs);
    }

    /**
     * A factory with serializer instances, shared by every producer it makes and configured with {@code configs}
     * when a producer is made.
     *
     * @param configs the producer configuration, Apache Kafka's keys
     * @param keySerializer the key serializer; null: {@code key.serializer} in {@code configs}
     * @param valueSerializer the value serializer; null: {@code value.serializer} in {@code configs}
     */
    public SamsaProducerFactory(Map<String, Object> configs, @Nullable Serializer<K> keySerializer,
                                @Nullable Serializer<V> valueSerializer) {
        super(configs, keySerializer, valueSerializer);
    }

    /**
     * A factory with serializer instances, configured with {@code configs} when a producer is made unless
     * {@code configureSerializers} is false (they are configured already).
     *
     * @param configs the producer configuration, Apache Kafka's keys
     * @param keySerializer the key serializer; null: {@code key.serializer} in {@code configs}
     * @param valueSerializer the value serializer; null: {@code value.serializer} in {@code configs}
     * @param configureSerializers whether to call the serializers' {@code configure}
     */
    public SamsaProducerFactory(Map<String, Object> configs, @Nullable Serializer<K> keySerializer,
                                @Nullable Serializer<V> valueSerializer, boolean configureSerializers) {
        super(configs, keySerializer, valueSerializer, configureSerializers);
    }

    /**
     * A factory with serializer suppliers, asked once per producer made; what they supply is configured with
     * {@code configs}.
     *
     * @param configs the producer configuration, Apache Kafka's keys
     * @param keySerializerSupplier the key serializers; null, or supplying null: {@code key.serializer}
     * @param valueSerializerSupplier the value serializers; null, or supplying null: {@code value.serializer}
     */
    public SamsaProducerFactory(Map<String, Object> configs,
                                @Nullable Supplier<@Nullable Serializer<K>> keySerializerSupplier,
                                @Nullable Supplier<@Nullable Serializer<V>> valueSerializerSupplier) {
        super(configs, keySerializerSupplier, valueSerializerSupplier);
    }

    /**
     * A factory with serializer suppliers, asked once per producer made; what they supply is configured with
     * {@code configs} unless {@code configureSerializers} is false.
     *
     * @param configs the producer configuration, Apache Kafka's keys
     * @param keySerializerSupplier the key serializers; null, or supplying null: {@code key.serializer}
     * @param valueSerializerSupplier the value serializers; null, or supplying null: {@code value.serializer}
     * @param configureSerializers whether to call the supplied serializers' {@code configure}
     */
    public SamsaProducerFactory(Map<String, Object> configs,
                                @Nullable Supplier<@Nullable Serializer<K>> keySerializerSupplier,
                                @Nullable Supplier<@Nullable Serializer<V>> valueSerializerSupplier,
                                boolean configureSerializers) {
        super(configs, keySerializerSupplier, valueSerializerSupplier, configureSerializers);
    }

    @Override
    public void setApplicationContext(ApplicationContext applicationContext) throws BeansException {
        super.setApplicationContext(applicationContext);
        this.applicationContext = applicationContext;
    }

    /**
     * A copy of this factory with some configuration changed, as Spring's factory copies itself (for
     * {@code new KafkaTemplate<>(factory, overrides)}), but a Samsa one: Spring's would make a
     * {@code DefaultKafkaProducerFactory}, and the template would send through Apache's producer.
     */
    @Override
    public ProducerFactory<K, V> copyWithConfigurationOverride(@Nullable Map<String, Object> overrideProperties) {
        Map<String, Object> properties = new HashMap<>(getConfigurationProperties());
        if (overrideProperties != null) {
            properties.putAll(overrideProperties);
        }
        // Spring's factory moves transactional.id out of its configuration into the prefix; the copy gets it back.
        String transactionIdPrefix = getTransactionIdPrefix();
        if (transactionIdPrefix != null && !transactionIdPrefix.isBlank()
                && !properties.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)) {
            properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionIdPrefix);
        }
        SamsaProducerFactory<K, V> copy = new SamsaProducerFactory<>(properties, getKeySerializerSupplier(),
                getValueSerializerSupplier(), isConfigureSerializers());
        copy.setPhysicalCloseTimeout((int) getPhysicalCloseTimeout().getSeconds());
        copy.setProducerPerThread(isProducerPerThread());
        getPostProcessors().forEach(copy::addPostProcessor);
        getListeners().forEach(copy::addListener);
        return copy;
    }

    /**
     * A {@link SamsaKafkaProducer} where Spring's factory makes a {@code KafkaProducer}, then each
     * {@link ProducerPostProcessor} in turn, as Spring's factory does.
     *
     * <p>The serializers are {@link #getKeySerializer()} and {@link #getValueSerializer()}: the factory's suppliers
     * through Spring's configuring step (the raw {@code getKeySerializerSupplier()} would skip {@code configure},
     * and a serializer such as {@code JacksonJsonSerializer} reads its settings there). Like Spring's factory, the
     * producer is made with the application context's class loader as the thread's context class loader, which is
     * where class names in the configuration are loaded from.
     */
    @Override
    protected Producer<K, V> createRawProducer(Map<String, Object> rawConfigs) {
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        ApplicationContext context = applicationContext;
        ClassLoader target = context != null && context.getClassLoader() != null ? context.getClassLoader()
                : getClass().getClassLoader();
        try {
            if (target != original) {
                thread.setContextClassLoader(target);
            }
            Producer<K, V> producer = new SamsaKafkaProducer<>(rawConfigs, getKeySerializer(), getValueSerializer());
            for (ProducerPostProcessor<K, V> postProcessor : getPostProcessors()) {
                producer = postProcessor.apply(producer);
            }
            return producer;
        } finally {
            if (target != original) {
                thread.setContextClassLoader(original);
            }
        }
    }
}

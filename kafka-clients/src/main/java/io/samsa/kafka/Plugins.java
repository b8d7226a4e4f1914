package io.samsa.kafka;

import io.samsa.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a configuration written for Apache Kafka's producer: makes and configures the Apache plugins it names,
 * as Apache's producer does, and builds the Samsa producer's configuration from the rest.
 *
 * <ul>
 *   <li>{@code key.serializer}, {@code value.serializer}, {@code partitioner.class} and {@code interceptor.classes}
 *       naming Apache classes (a {@code Class} or a name) are instantiated with their no-argument constructor and
 *       configured with the configuration as the user gave it (every value, strings or not) plus the effective
 *       {@code client.id}; serializers with {@code configure(configs, isKey)}. Serializer instances given to the
 *       constructor are used as they are, not configured (Apache's rule).</li>
 *   <li>Apache classes the Samsa producer has a namesake of ({@code StringSerializer} and the other built-in
 *       serializers, {@code RoundRobinPartitioner}) are left to it: it reads them as its own, which give the same
 *       bytes and partitions without a wrapper.</li>
 *   <li>Samsa's own classes work as with the Samsa producer. Samsa interceptors run inside the Samsa producer, after
 *       the Apache ones.</li>
 *   <li>Apache classes in {@code metric.reporters} are left out, with a warning: they need Apache's metric objects.
 *       Samsa's reporters there run in the Samsa producer.</li>
 *   <li>Every other key goes to the Samsa producer unchanged; it uses Apache's names and defaults and accepts keys
 *       it does not know (logging each once), as Apache's producer accepts unknown keys.</li>
 * </ul>
 *
 * <p>Used by one thread, while a producer is constructed.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class Plugins<K, V> {
    private static final Logger log = LoggerFactory.getLogger(Plugins.class);

    final ProducerConfig config;
    /** The Samsa serializers to give the Samsa producer; null: the class in {@link #config}. */
    final io.samsa.common.serialization.Serializer<K> keySerializer;
    final io.samsa.common.serialization.Serializer<V> valueSerializer;
    /** The partitioner to give the Samsa producer; null: {@code partitioner.class} in {@link #config}, if any. */
    final PartitionerAdapter partitioner;
    final Interceptors<K, V> interceptors;

    private Plugins(ProducerConfig config, io.samsa.common.serialization.Serializer<K> keySerializer,
                    io.samsa.common.serialization.Serializer<V> valueSerializer, PartitionerAdapter partitioner,
                    Interceptors<K, V> interceptors) {
        this.config = config;
        this.keySerializer = keySerializer;
        this.valueSerializer = valueSerializer;
        this.partitioner = partitioner;
        this.interceptors = interceptors;
    }

    /**
     * Validates the configuration and makes the Apache plugins.
     *
     * @throws org.apache.kafka.common.config.ConfigException for a configuration the Samsa producer refuses (as
     *         Apache's {@code ProducerConfig} would throw it, unwrapped)
     * @throws KafkaException "Failed to construct kafka producer" when a plugin cannot be made or configured, with
     *         the reason as the cause (as Apache's producer); what was made is closed first
     */
    @SuppressWarnings("unchecked")
    static <K, V> Plugins<K, V> make(Map<String, Object> configs, Serializer<K> keyInstance,
                                     Serializer<V> valueInstance) {
        Map<String, Object> originals = new LinkedHashMap<>(configs);
        Map<String, Object> forSamsa = new LinkedHashMap<>(originals);
        Class<?> keyClass = null;
        Class<?> valueClass = null;
        if (keyInstance != null) {
            originals.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, keyInstance.getClass());
            forSamsa.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, adapterClass(keyInstance.getClass()));
        } else {
            keyClass = apacheClass(originals.get(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG), Serializer.class,
                    io.samsa.common.serialization.Serializer.class);
            if (keyClass != null) {
                forSamsa.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, adapterClass(keyClass));
            }
        }
        if (valueInstance != null) {
            originals.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, valueInstance.getClass());
            forSamsa.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, adapterClass(valueInstance.getClass()));
        } else {
            valueClass = apacheClass(originals.get(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG), Serializer.class,
                    io.samsa.common.serialization.Serializer.class);
            if (valueClass != null) {
                forSamsa.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, adapterClass(valueClass));
            }
        }
        Class<?> partitionerClass = apacheClass(originals.get(ProducerConfig.PARTITIONER_CLASS_CONFIG),
                org.apache.kafka.clients.producer.Partitioner.class, io.samsa.clients.producer.Partitioner.class);
        if (partitionerClass != null) {
            forSamsa.remove(ProducerConfig.PARTITIONER_CLASS_CONFIG);
        }
        List<Class<?>> interceptorClasses = new ArrayList<>();
        Object samsaInterceptors = splitPlugins(originals.get(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG),
                ProducerInterceptor.class, io.samsa.clients.producer.ProducerInterceptor.class, interceptorClasses);
        if (!interceptorClasses.isEmpty()) {
            forSamsa.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, samsaInterceptors);
        }
        List<Class<?>> apacheReporters = new ArrayList<>();
        Object samsaReporters = splitPlugins(originals.get(ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG),
                org.apache.kafka.common.metrics.MetricsReporter.class, io.samsa.metrics.MetricsReporter.class,
                apacheReporters);
        if (!apacheReporters.isEmpty()) {
            // Apache's reporters take Apache's KafkaMetric objects, which the Samsa producer does not make; code that
            // had them (Apache's JmxReporter by name, say) must still start, as it did before metric.reporters was
            // read at all.
            log.warn("metric.reporters: Apache Kafka reporters {} are not run by SamsaKafkaProducer; its metrics() "
                    + "and JMX (samsa.jmx.domain=kafka.producer for Apache's names) publish the metrics", apacheReporters);
            forSamsa.put(ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG, samsaReporters);
        }

        ProducerConfig config;
        try {
            config = new ProducerConfig(forSamsa);
        } catch (RuntimeException e) {
            throw ApacheExceptions.thrown(e);
        }
        originals.put(ProducerConfig.CLIENT_ID_CONFIG, config.clientId());

        // Apache's order: partitioner, key serializer, value serializer, interceptors.
        List<AutoCloseable> made = new ArrayList<>();
        try {
            PartitionerAdapter partitioner = null;
            if (partitionerClass != null) {
                org.apache.kafka.clients.producer.Partitioner p =
                        (org.apache.kafka.clients.producer.Partitioner) newInstance(partitionerClass);
                made.add(p);
                p.configure(originals);
                partitioner = new PartitionerAdapter(p);
            }
            Serializer<K> key = keyInstance;
            if (key != null) {
                made.add(key);
            } else if (keyClass != null) {
                key = (Serializer<K>) newInstance(keyClass);
                made.add(key);
                key.configure(originals, true);
            }
            Serializer<V> value = valueInstance;
            if (value != null) {
                made.add(value);
            } else if (valueClass != null) {
                value = (Serializer<V>) newInstance(valueClass);
                made.add(value);
                value.configure(originals, false);
            }
            List<ProducerInterceptor<K, V>> interceptors = new ArrayList<>();
            for (Class<?> c : interceptorClasses) {
                ProducerInterceptor<K, V> i = (ProducerInterceptor<K, V>) newInstance(c);
                made.add(i);
                i.configure(originals);
                interceptors.add(i);
            }
            return new Plugins<>(config, key == null ? null : SerializerAdapter.wrap(key, true),
                    value == null ? null : SerializerAdapter.wrap(value, false), partitioner,
                    new Interceptors<>(interceptors));
        } catch (RuntimeException | Error e) {
            for (AutoCloseable c : made) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw SamsaKafkaProducer.constructionFailure(e);
        }
    }

    /** The Samsa serializer class that will wrap an Apache serializer of this class, for the Samsa config. */
    private static Class<?> adapterClass(Class<?> apacheSerializer) {
        return SerializerAdapter.seesHeaders(apacheSerializer) ? SerializerAdapter.HeaderAware.class
                : SerializerAdapter.class;
    }

    /**
     * The class {@code value} names if it is an Apache plugin this adapter makes: it implements {@code apache},
     * not {@code samsa}, and the Samsa producer has no namesake for it. Null otherwise, so that the Samsa producer
     * handles the value (its own classes, its namesakes, or an error naming the key).
     */
    private static Class<?> apacheClass(Object value, Class<?> apache, Class<?> samsa) {
        Class<?> c = load(value);
        if (c == null || !apache.isAssignableFrom(c) || samsa.isAssignableFrom(c)
                || ProducerConfig.configDef().classAliases().containsKey(c.getName())) {
            return null;
        }
        return c;
    }

    /**
     * Moves the Apache classes of a list key ({@code interceptor.classes}, {@code metric.reporters}) into
     * {@code apache}, in order, and returns the rest for the Samsa producer (a list, as it accepts; the value itself
     * when it is not a list or string).
     */
    private static Object splitPlugins(Object value, Class<?> apacheType, Class<?> samsaType, List<Class<?>> apache) {
        List<?> entries;
        if (value instanceof String) {
            entries = List.of(((String) value).split(","));
        } else if (value instanceof List) {
            entries = (List<?>) value;
        } else {
            return value;
        }
        List<Object> rest = new ArrayList<>();
        for (Object entry : entries) {
            if (entry instanceof String && ((String) entry).isBlank()) {
                continue;
            }
            Class<?> c = apacheClass(entry, apacheType, samsaType);
            if (c != null) {
                apache.add(c);
            } else {
                rest.add(entry instanceof String ? ((String) entry).trim() : entry);
            }
        }
        return rest;
    }

    /** A {@code Class}, or a class name loaded as Apache's producer loads it; null if neither. */
    private static Class<?> load(Object value) {
        if (value instanceof Class) {
            return (Class<?>) value;
        }
        if (!(value instanceof String) || ((String) value).isBlank()) {
            return null;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = Serializer.class.getClassLoader();
        }
        try {
            return Class.forName(((String) value).trim(), true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null; // the Samsa producer reports it, naming the key
        }
    }

    /** As Apache's {@code Utils.newInstance}, with its messages. */
    private static Object newInstance(Class<?> c) {
        try {
            return c.getDeclaredConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new KafkaException("Could not find a public no-argument constructor for " + c.getName(), e);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new KafkaException("Could not instantiate class " + c.getName(), e);
        }
    }
}

package io.samsa.clients.producer;

import io.samsa.accumulator.AccumulatorConfig;
import io.samsa.common.utils.ExponentialBackoff;
import io.samsa.metadata.MetadataManager;
import io.samsa.network.NetworkConfig;
import io.samsa.protocol.record.compression.CompressionType;
import io.samsa.sender.Sender;

import java.util.HashMap;
import java.util.Map;

/**
 * Component settings for tests that build a component without a producer: the configuration table's defaults
 * (through the same {@link ComponentConfigs} the producer uses), with the overrides a test needs. Tests never
 * restate a default.
 */
public final class TestConfigs {
    private TestConfigs() {
    }

    /** A valid producer configuration: the table's defaults plus {@code overrides}. */
    public static ProducerConfig producerConfig(Map<String, ?> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "io.samsa.common.serialization.ByteArraySerializer");
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "io.samsa.common.serialization.ByteArraySerializer");
        props.putAll(overrides);
        return new ProducerConfig(props);
    }

    public static Sender.Config sender(Map<String, ?> overrides) {
        return ComponentConfigs.sender(producerConfig(overrides));
    }

    public static NetworkConfig network(Map<String, ?> overrides) {
        return ComponentConfigs.network(producerConfig(overrides));
    }

    public static MetadataManager.Config metadata(Map<String, ?> overrides) {
        return ComponentConfigs.metadata(producerConfig(overrides));
    }

    /** The accumulator's settings from the table's defaults, changed field by field. */
    public static AccumulatorBuilder accumulator() {
        return new AccumulatorBuilder(ComponentConfigs.accumulator(producerConfig(Map.of())));
    }

    /** Fluent changes to an {@link AccumulatorConfig} (a record, so a test names only what it changes). */
    public static final class AccumulatorBuilder {
        private int batchSize;
        private long bufferMemory;
        private long lingerMs;
        private int maxRequestSize;
        private long deliveryTimeoutMs;
        private long retryBackoffMs;
        private long retryBackoffMaxMs;
        private double retryBackoffJitter = ExponentialBackoff.KAFKA_JITTER;
        private boolean adaptivePartitioning;
        private CompressionType compressionType;
        private int compressionLevel;
        private int initialBatchBytes;

        private AccumulatorBuilder(AccumulatorConfig defaults) {
            batchSize = defaults.batchSize();
            bufferMemory = defaults.bufferMemory();
            lingerMs = defaults.lingerMs();
            maxRequestSize = defaults.maxRequestSize();
            deliveryTimeoutMs = defaults.deliveryTimeoutMs();
            retryBackoffMs = defaults.retryBackoff().initial();
            retryBackoffMaxMs = defaults.retryBackoff().max();
            adaptivePartitioning = defaults.adaptivePartitioning();
            compressionType = defaults.compressionType();
            compressionLevel = defaults.compressionLevel();
            initialBatchBytes = defaults.initialBatchBytes();
        }

        public AccumulatorBuilder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public AccumulatorBuilder bufferMemory(long v) {
            bufferMemory = v;
            return this;
        }

        public AccumulatorBuilder lingerMs(long v) {
            lingerMs = v;
            return this;
        }

        public AccumulatorBuilder maxRequestSize(int v) {
            maxRequestSize = v;
            return this;
        }

        public AccumulatorBuilder deliveryTimeoutMs(long v) {
            deliveryTimeoutMs = v;
            return this;
        }

        public AccumulatorBuilder retryBackoffMs(long v) {
            retryBackoffMs = v;
            return this;
        }

        public AccumulatorBuilder retryBackoffMaxMs(long v) {
            retryBackoffMaxMs = v;
            return this;
        }

        /** 0 makes backoffs exact, for tests that check when a retry goes out. */
        public AccumulatorBuilder retryBackoffJitter(double v) {
            retryBackoffJitter = v;
            return this;
        }

        public AccumulatorBuilder adaptivePartitioning(boolean v) {
            adaptivePartitioning = v;
            return this;
        }

        public AccumulatorBuilder compression(CompressionType type, int level) {
            compressionType = type;
            compressionLevel = level;
            return this;
        }

        public AccumulatorBuilder initialBatchBytes(int v) {
            initialBatchBytes = v;
            return this;
        }

        public AccumulatorConfig build() {
            return new AccumulatorConfig(batchSize, bufferMemory, lingerMs, maxRequestSize, deliveryTimeoutMs,
                    new ExponentialBackoff(retryBackoffMs, 2, retryBackoffMaxMs, retryBackoffJitter),
                    adaptivePartitioning, compressionType, compressionLevel, initialBatchBytes);
        }
    }
}

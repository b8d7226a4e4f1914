package io.samsa.clients.producer;

import io.samsa.accumulator.AccumulatorConfig;
import io.samsa.common.utils.ExponentialBackoff;
import io.samsa.transaction.TransactionManager;
import io.samsa.metadata.MetadataManager;
import io.samsa.network.NetworkConfig;
import io.samsa.sender.Sender;

/**
 * Turns the validated {@link ProducerConfig} into the plain settings each component is built with. The
 * configuration table holds every key's default and bounds; this is the one place that reads keys for the
 * components, so each value reaches every component that needs it as the same number (and the components keep no
 * defaults or bounds of their own).
 *
 * <p>Stateless; any thread.
 */
final class ComponentConfigs {
    /** The largest response the network layer reads before taking the peer for broken (Kafka's socket limit). */
    private static final int MIN_MAX_RESPONSE_BYTES = 100 * 1024 * 1024;

    private ComponentConfigs() {
    }

    /** {@code retry.backoff.ms} doubling up to {@code retry.backoff.max.ms}, with jitter (KIP-580). */
    static ExponentialBackoff retryBackoff(ProducerConfig config) {
        return new ExponentialBackoff(config.getLong(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 2,
                config.getLong(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG), ExponentialBackoff.KAFKA_JITTER);
    }

    static AccumulatorConfig accumulator(ProducerConfig config) {
        return new AccumulatorConfig(
                config.getInt(ProducerConfig.BATCH_SIZE_CONFIG),
                config.getLong(ProducerConfig.BUFFER_MEMORY_CONFIG),
                config.getLong(ProducerConfig.LINGER_MS_CONFIG),
                config.getInt(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                config.getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG),
                retryBackoff(config),
                config.getBoolean(ProducerConfig.PARTITIONER_ADAPTIVE_PARTITIONING_ENABLE_CONFIG),
                config.compressionType(),
                config.compressionLevel(),
                AccumulatorConfig.DEFAULT_INITIAL_BATCH_BYTES);
    }

    /** Null unless {@code transactional.id} is set. */
    static TransactionManager.Config transactions(ProducerConfig config) {
        String id = config.getString(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return id == null ? null : new TransactionManager.Config(id,
                config.getInt(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), retryBackoff(config));
    }

    static Sender.Config sender(ProducerConfig config) {
        return new Sender.Config(config.acks().code(),
                config.getInt(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG),
                config.getInt(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                config.getInt(ProducerConfig.RETRIES_CONFIG),
                retryBackoff(config),
                config.getInt(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION) == 1);
    }

    static NetworkConfig network(ProducerConfig config) {
        return new NetworkConfig(config.clientId(), NetworkConfig.SOFTWARE_NAME, NetworkConfig.SOFTWARE_VERSION,
                (int) Math.min(Integer.MAX_VALUE,
                        config.getLong(ProducerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG)),
                (int) Math.min(Integer.MAX_VALUE,
                        config.getLong(ProducerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG)),
                // request.timeout.ms=0 is accepted, as by Apache Kafka; the network layer's deadline is then 1 ms.
                Math.max(1, config.getInt(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)),
                config.getLong(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG),
                config.getLong(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG),
                config.getInt(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION),
                config.getInt(ProducerConfig.SEND_BUFFER_CONFIG),
                config.getInt(ProducerConfig.RECEIVE_BUFFER_CONFIG),
                Math.max(MIN_MAX_RESPONSE_BYTES, config.getInt(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)),
                config.getLong(ProducerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG));
    }

    static MetadataManager.Config metadata(ProducerConfig config) {
        return new MetadataManager.Config(config.getLong(ProducerConfig.METADATA_MAX_AGE_CONFIG),
                config.getLong(ProducerConfig.METADATA_MAX_IDLE_CONFIG),
                config.getLong(ProducerConfig.RETRY_BACKOFF_MS_CONFIG),
                config.getLong(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG),
                true,
                "rebootstrap".equalsIgnoreCase(config.getString(ProducerConfig.METADATA_RECOVERY_STRATEGY_CONFIG)),
                config.getLong(ProducerConfig.METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS_CONFIG));
    }
}

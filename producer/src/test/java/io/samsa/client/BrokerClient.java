package io.samsa.client;

import io.samsa.common.Node;
import io.samsa.common.utils.Time;
import io.samsa.common.errors.ClosedException;
import io.samsa.common.KafkaException;
import io.samsa.metadata.BootstrapServers;
import io.samsa.common.Cluster;
import io.samsa.metadata.MetadataManager;
import io.samsa.network.IoThread;
import io.samsa.network.NetworkClient;
import io.samsa.network.NetworkConfig;
import io.samsa.clients.producer.TestConfigs;
import io.samsa.protocol.NodeApiVersions;
import io.samsa.protocol.Request;
import io.samsa.protocol.Response;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thread-safe, asynchronous, low-level Kafka client: send any request to any broker and get a
 * {@link CompletableFuture} of its response; ask for metadata. The producer is built on the same parts
 * (one {@link IoThread} owning a {@link NetworkClient} and a {@link MetadataManager}); this class exposes them
 * to tests that need a raw request. Test code only: it is not part of the library.
 *
 * <p>Futures complete on the client's I/O thread. Keep continuations short, or use the {@code *Async}
 * variants of {@link CompletableFuture} with your own executor: a slow continuation delays all network I/O.
 */
public final class BrokerClient implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final IoThread io;
    private final NetworkClient network;
    private final MetadataManager metadata;
    private final Time time;

    private BrokerClient(String bootstrapServers, NetworkConfig networkConfig, MetadataManager.Config metadataConfig,
                         Time time) {
        List<Node> bootstrap = BootstrapServers.parse(bootstrapServers);
        this.time = time;
        this.network = new NetworkClient(networkConfig, time);
        this.metadata = new MetadataManager(network, time, bootstrap, metadataConfig);
        String name = "samsa-io-" + (networkConfig.clientId().isEmpty() ? "client-" + INSTANCES.incrementAndGet()
                : networkConfig.clientId());
        this.io = new IoThread(name, network, time);
        io.addService(metadata);
        io.start();
    }

    public static BrokerClient create(String bootstrapServers, NetworkConfig networkConfig,
                                      MetadataManager.Config metadataConfig) {
        return new BrokerClient(bootstrapServers, networkConfig, metadataConfig, Time.SYSTEM);
    }

    public static BrokerClient create(String bootstrapServers) {
        return create(bootstrapServers, TestConfigs.network(Map.of()), TestConfigs.metadata(Map.of()));
    }

    /** The latest metadata snapshot (may be empty before the first fetch). */
    public Cluster cluster() {
        return metadata.cluster();
    }

    /**
     * Metadata in which every given topic is known, fetching it if needed. Fails with
     * {@link io.samsa.common.errors.TimeoutException} after {@code timeout} (naming the topics and the last error),
     * or with {@link io.samsa.common.errors.ApiException} for a non-retriable topic error.
     */
    public CompletableFuture<Cluster> metadata(Collection<String> topics, Duration timeout) {
        CompletableFuture<Cluster> result = new CompletableFuture<>();
        long deadline = time.milliseconds() + timeout.toMillis();
        submit(result, () -> {
            long now = time.milliseconds();
            metadata.awaitTopics(topics, now, deadline).whenComplete((c, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(c);
                }
            });
        });
        return result;
    }

    /** Forces a metadata refresh and completes with the first snapshot fetched after this call. */
    public CompletableFuture<Cluster> refreshMetadata(Collection<String> topics, Duration timeout) {
        CompletableFuture<Cluster> result = new CompletableFuture<>();
        long deadline = time.milliseconds() + timeout.toMillis();
        submit(result, () -> metadata.awaitUpdate(topics, time.milliseconds(), deadline).whenComplete((c, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(c);
            }
        }));
        return result;
    }

    /**
     * Sends a request to the broker with this id (which must be in the current metadata) and completes with its
     * response, or with the request's typed failure.
     */
    public <R extends Response> CompletableFuture<R> send(int nodeId, Request<R> request) {
        CompletableFuture<R> result = new CompletableFuture<>();
        submit(result, () -> {
            Node node = metadata.cluster().node(nodeId);
            if (node == null) {
                result.completeExceptionally(new KafkaException("Broker " + nodeId
                        + " is not in the current metadata (known: " + metadata.cluster().nodes() + ")"));
                return;
            }
            sendTo(node, request, result);
        });
        return result;
    }

    /** Sends a request to the given node (which may be a bootstrap address). */
    public <R extends Response> CompletableFuture<R> send(Node node, Request<R> request) {
        CompletableFuture<R> result = new CompletableFuture<>();
        submit(result, () -> sendTo(node, request, result));
        return result;
    }

    private <R extends Response> void sendTo(Node node, Request<R> request, CompletableFuture<R> result) {
        network.send(node, request, time.milliseconds(), (req, response, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(response);
            }
        });
    }

    /** The versions negotiated with the broker, once connected to it (null before). */
    public CompletableFuture<NodeApiVersions> apiVersions(int nodeId) {
        CompletableFuture<NodeApiVersions> result = new CompletableFuture<>();
        submit(result, () -> result.complete(network.apiVersions(nodeId)));
        return result;
    }

    /** Requests written to the broker and not yet answered, right now (for tools and tests). */
    public CompletableFuture<Integer> inFlightRequests(int nodeId) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        submit(result, () -> result.complete(network.inFlightCount(nodeId)));
        return result;
    }

    private void submit(CompletableFuture<?> result, Runnable task) {
        try {
            io.execute(task);
        } catch (ClosedException e) {
            result.completeExceptionally(e);
        }
    }

    /** Closes every connection; pending futures fail with {@link ClosedException}. Idempotent. */
    public void close(Duration timeout) {
        io.close(timeout.toMillis());
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}

package io.samsa.telemetry;

import io.samsa.common.KafkaException;
import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import io.samsa.common.Node;
import io.samsa.common.Uuid;
import io.samsa.common.errors.ClosedException;
import io.samsa.common.errors.Errors;
import io.samsa.common.errors.RetriableException;
import io.samsa.common.utils.Time;
import io.samsa.metadata.MetadataManager;
import io.samsa.network.ClientRequest;
import io.samsa.network.IoService;
import io.samsa.network.NetworkClient;
import io.samsa.protocol.GetTelemetrySubscriptionsRequest;
import io.samsa.protocol.GetTelemetrySubscriptionsResponse;
import io.samsa.protocol.PushTelemetryRequest;
import io.samsa.protocol.PushTelemetryResponse;
import io.samsa.protocol.record.compression.Compression;
import io.samsa.protocol.record.compression.CompressionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * KIP-714 client telemetry: asks the cluster which of the producer's metrics it wants (GetTelemetrySubscriptions),
 * then pushes them every interval it names (PushTelemetry), and once more, marked terminating, as the producer
 * closes. The broker hands the pushes to its telemetry plugin; without one it does not offer the two APIs, and the
 * producer stops asking after the first refusal, as Apache Kafka's does.
 *
 * <pre>
 *   SUBSCRIPTION_NEEDED --get--&gt; SUBSCRIPTION_IN_PROGRESS --metrics wanted--&gt; PUSH_NEEDED --push--&gt; PUSH_IN_PROGRESS
 *        ^                              |  no metrics wanted: ask again after the interval   |  ok: next interval
 *        +-------- unknown subscription, unsupported compression, too large, throttled ------+
 *   any --close--&gt; TERMINATING_PUSH_NEEDED --push--&gt; TERMINATING_PUSH_IN_PROGRESS --&gt; TERMINATED
 *   any --invalid request / unsupported / non-retriable error--&gt; DISABLED
 * </pre>
 *
 * Requests start only once the producer knows a broker (it has sent, or {@link #clientInstanceId} asked), so an
 * idle producer opens no connection for telemetry alone.
 *
 * <p>Threads: everything runs on the I/O thread except {@link #clientInstanceIdFuture()}, a future completed there
 * and read anywhere.
 */
public final class ClientTelemetry implements IoService {
    private static final Logger log = LoggerFactory.getLogger(ClientTelemetry.class);

    /** The push interval when the broker names none, and the wait after a retriable failure (Apache's default). */
    static final int DEFAULT_PUSH_INTERVAL_MS = 5 * 60 * 1000;
    /** The first wait after a request got no answer; it doubles with each failure in a row. */
    private static final long RETRY_BACKOFF_MS = 1_000;
    /** How long to wait for metadata to name a broker before looking again. */
    private static final long NO_BROKER_WAIT_MS = 100;
    /** Whether each compression type's codec runs here: checked once per JVM, as it cannot change. */
    private static final Map<CompressionType, Boolean> USABLE = new java.util.concurrent.ConcurrentHashMap<>();

    enum State {
        SUBSCRIPTION_NEEDED, SUBSCRIPTION_IN_PROGRESS, PUSH_NEEDED, PUSH_IN_PROGRESS, TERMINATING_PUSH_NEEDED,
        TERMINATING_PUSH_IN_PROGRESS, TERMINATED, DISABLED
    }

    /** What the broker answered to GetTelemetrySubscriptions. */
    record Subscription(Uuid clientInstanceId, int subscriptionId, int pushIntervalMs, List<Byte> compressionTypes,
                        boolean deltaTemporality, Predicate<String> selector, boolean wantsMetrics) {
    }

    private final NetworkClient client;
    private final MetadataManager metadata;
    private final Time time;
    private final TelemetryCollector collector;
    private final Map<String, String> resourceAttributes;
    private final String version;
    private final CompletableFuture<Uuid> instanceId = new CompletableFuture<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    private State state = State.SUBSCRIPTION_NEEDED;
    private Subscription subscription;
    private long nextRequestMs;
    /** Set by {@link #clientInstanceId}: connect for the subscription even though the producer has not sent. */
    private boolean instanceIdWanted;
    private String disabledReason;
    private int pushes;
    /** Requests in a row that got no answer. */
    private int failures;

    /**
     * @param metrics            the producer's metrics, read at each push
     * @param resourceAttributes the client's resource attributes ({@code transactional_id})
     * @param version            Samsa's version, sent as the instrumentation scope's version
     */
    public ClientTelemetry(NetworkClient client, MetadataManager metadata, Time time,
                           Supplier<Map<MetricName, ? extends Metric>> metrics, Map<String, String> resourceAttributes,
                           String version) {
        this.client = client;
        this.metadata = metadata;
        this.time = time;
        this.collector = new TelemetryCollector(metrics);
        this.resourceAttributes = Map.copyOf(resourceAttributes);
        this.version = version;
    }

    /**
     * Completes with the client instance id once the first subscription arrives, or with null once telemetry is
     * known to be unavailable (the cluster has no telemetry plugin, or refused the client). Safe from any thread.
     */
    public CompletableFuture<Uuid> clientInstanceIdFuture() {
        return instanceId;
    }

    /** Asks for the subscription now even if the producer has not needed a broker yet. I/O thread. */
    public void wantInstanceId() {
        instanceIdWanted = true;
    }

    /**
     * Starts the terminating push, if there is a subscription to push to; the future completes when it is answered
     * (or could not be sent). I/O thread.
     */
    public CompletableFuture<Void> terminate() {
        switch (state) {
            case PUSH_NEEDED:
            case PUSH_IN_PROGRESS:
                if (subscription != null && subscription.wantsMetrics()) {
                    // A push in flight is not waited for: its answer is ignored, and the last push goes now.
                    state = State.TERMINATING_PUSH_NEEDED;
                    nextRequestMs = 0;
                    break;
                }
                finish(State.TERMINATED);
                break;
            case TERMINATING_PUSH_NEEDED:
            case TERMINATING_PUSH_IN_PROGRESS:
                break;
            default:
                if (state != State.DISABLED) {
                    state = State.TERMINATED;
                }
                terminated.complete(null);
        }
        return terminated;
    }

    State state() {
        return state;
    }

    int pushes() {
        return pushes;
    }

    @Override
    public long poll(long nowMs) {
        switch (state) {
            case SUBSCRIPTION_NEEDED:
            case PUSH_NEEDED:
            case TERMINATING_PUSH_NEEDED:
                break;
            default:
                return Long.MAX_VALUE; // a request is in flight (it completes within request.timeout.ms), or done
        }
        if (nowMs < nextRequestMs) {
            return nextRequestMs - nowMs;
        }
        if (metadata.cluster().nodes().isEmpty()) {
            if (state == State.TERMINATING_PUSH_NEEDED) {
                finish(State.TERMINATED);
                return Long.MAX_VALUE;
            }
            if (!instanceIdWanted) {
                return Long.MAX_VALUE; // woken again when the producer has work, and so metadata
            }
            metadata.requestUpdate();
            return NO_BROKER_WAIT_MS;
        }
        Node node = client.leastLoadedNode(metadata.cluster().nodes(), nowMs);
        if (node == null) {
            if (state == State.TERMINATING_PUSH_NEEDED) {
                finish(State.TERMINATED); // every broker is backing off: closing does not wait for one
                return Long.MAX_VALUE;
            }
            return NO_BROKER_WAIT_MS;
        }
        if (state == State.SUBSCRIPTION_NEEDED) {
            state = State.SUBSCRIPTION_IN_PROGRESS;
            Uuid id = subscription != null ? subscription.clientInstanceId() : Uuid.ZERO_UUID;
            client.send(node, new GetTelemetrySubscriptionsRequest(id.toJavaUuid()), nowMs, this::onSubscription);
        } else {
            push(node, nowMs, state == State.TERMINATING_PUSH_NEEDED);
        }
        return Long.MAX_VALUE;
    }

    private void push(Node node, long nowMs, boolean terminating) {
        state = terminating ? State.TERMINATING_PUSH_IN_PROGRESS : State.PUSH_IN_PROGRESS;
        Subscription s = subscription;
        byte[] payload = OtlpMetrics.encode(resourceAttributes, version,
                collector.collect(s.selector(), s.deltaTemporality(), time.wallClockMillis()));
        CompressionType type = preferredCompression(s.compressionTypes());
        ByteBuffer data;
        try {
            data = Compression.compress(type, payload, 0, payload.length);
        } catch (RuntimeException e) {
            log.debug("Compressing the telemetry payload with {} failed; sending it uncompressed", type, e);
            USABLE.put(type, false);
            type = CompressionType.NONE;
            data = ByteBuffer.wrap(payload);
        }
        client.send(node, new PushTelemetryRequest(s.clientInstanceId().toJavaUuid(), s.subscriptionId(), terminating,
                (byte) type.id(), data), nowMs, this::onPush);
    }

    /** The broker's first accepted type that can run here (it lists them in its order of preference). */
    private static CompressionType preferredCompression(List<Byte> accepted) {
        for (Byte id : accepted) {
            CompressionType type;
            try {
                type = CompressionType.forId(id);
            } catch (IllegalArgumentException e) {
                continue;
            }
            boolean usable = USABLE.computeIfAbsent(type, t -> {
                try {
                    Compression.requireAvailable(t);
                    return true;
                } catch (RuntimeException e) {
                    return false;
                }
            });
            if (usable) {
                return type;
            }
        }
        return CompressionType.NONE;
    }

    private void onSubscription(ClientRequest<GetTelemetrySubscriptionsResponse> request,
                                GetTelemetrySubscriptionsResponse response, KafkaException error) {
        long nowMs = time.milliseconds();
        if (error == null) {
            failures = 0;
        }
        if (state != State.SUBSCRIPTION_IN_PROGRESS) {
            // Closing began meanwhile: no subscription means no terminating push.
            if (state == State.TERMINATING_PUSH_NEEDED) {
                finish(State.TERMINATED);
            }
            return;
        }
        if (error != null) {
            failed(error, "GetTelemetrySubscriptions to " + request.node(), nowMs);
            return;
        }
        if (response.error() != Errors.NONE) {
            brokerError(response.error(), "GetTelemetrySubscriptions", nowMs);
            return;
        }
        Uuid id = Uuid.of(response.clientInstanceId());
        if (id.equals(Uuid.ZERO_UUID)) {
            disable("the broker " + request.node() + " gave no client instance id");
            return;
        }
        int interval = response.pushIntervalMs() > 0 ? response.pushIntervalMs() : DEFAULT_PUSH_INTERVAL_MS;
        List<String> requested = response.requestedMetrics();
        boolean wants = !requested.isEmpty();
        Predicate<String> selector;
        if (!wants) {
            selector = name -> false;
        } else if (requested.size() == 1 && requested.get(0).equals("*")) {
            selector = name -> true;
        } else {
            List<String> prefixes = new ArrayList<>(requested);
            selector = name -> {
                for (String p : prefixes) {
                    if (name.startsWith(p)) {
                        return true;
                    }
                }
                return false;
            };
        }
        boolean first = subscription == null;
        subscription = new Subscription(id, response.subscriptionId(), interval, response.acceptedCompressionTypes(),
                response.deltaTemporality(), selector, wants);
        if (first) {
            log.info("Client telemetry registered with client instance id {}", id);
        }
        instanceId.complete(id);
        if (wants) {
            state = State.PUSH_NEEDED;
            // Spread the first push over 0.5-1.5 intervals so that producers started together do not push together.
            long wait = first ? Math.round(ThreadLocalRandom.current().nextDouble(0.5, 1.5) * interval) : interval;
            nextRequestMs = nowMs + wait;
        } else {
            state = State.SUBSCRIPTION_NEEDED; // nothing wanted now: ask again after the interval
            nextRequestMs = nowMs + interval;
        }
    }

    private void onPush(ClientRequest<PushTelemetryResponse> request, PushTelemetryResponse response,
                        KafkaException error) {
        long nowMs = time.milliseconds();
        if (state == State.TERMINATING_PUSH_IN_PROGRESS) {
            pushes += error == null && response.error() == Errors.NONE ? 1 : 0;
            if (error != null || response.error() != Errors.NONE) {
                log.debug("The terminating telemetry push to {} failed: {}", request.node(),
                        error != null ? error.getMessage() : response.error());
            }
            finish(State.TERMINATED);
            return;
        }
        if (state == State.TERMINATING_PUSH_NEEDED) {
            return; // closing began while this push was in flight: poll sends the terminating one now
        }
        if (state != State.PUSH_IN_PROGRESS) {
            return;
        }
        if (error != null) {
            failed(error, "PushTelemetry to " + request.node(), nowMs);
            return;
        }
        if (response.error() != Errors.NONE) {
            brokerError(response.error(), "PushTelemetry", nowMs);
            return;
        }
        pushes++;
        failures = 0;
        state = State.PUSH_NEEDED;
        nextRequestMs = nowMs + subscription.pushIntervalMs();
    }

    /** The broker answered with an error code: KIP-714 says which to retry, when, and which end telemetry. */
    private void brokerError(Errors error, String api, long nowMs) {
        switch (error) {
            case UNKNOWN_SUBSCRIPTION_ID:
            case UNSUPPORTED_COMPRESSION_TYPE:
                // The subscription changed, or the compression offered is gone: ask again at once.
                state = State.SUBSCRIPTION_NEEDED;
                nextRequestMs = nowMs;
                break;
            case TELEMETRY_TOO_LARGE:
            case THROTTLING_QUOTA_EXCEEDED:
                state = State.SUBSCRIPTION_NEEDED;
                nextRequestMs = nowMs + (subscription != null ? subscription.pushIntervalMs() : DEFAULT_PUSH_INTERVAL_MS);
                break;
            default:
                disable(api + " failed with " + error.name() + ": " + Errors.describe(error.code()));
        }
    }

    /** The request got no answer: retry after the default interval if the failure may pass, else stop. */
    private void failed(KafkaException error, String what, long nowMs) {
        if (error instanceof ClosedException) {
            finish(State.TERMINATED);
            return;
        }
        if (error instanceof RetriableException || error.getCause() instanceof RetriableException) {
            // A lost connection or a broker restarting: ask again soon, backing off to the default interval.
            long wait = Math.min(DEFAULT_PUSH_INTERVAL_MS, RETRY_BACKOFF_MS << Math.min(16, failures++));
            log.debug("{} failed; asking again in {} ms: {}", what, wait, error.getMessage());
            state = State.SUBSCRIPTION_NEEDED;
            nextRequestMs = nowMs + wait;
            return;
        }
        disable(what + " failed: " + error.getMessage());
    }

    private void disable(String reason) {
        if (disabledReason == null) {
            disabledReason = reason;
            log.debug("Client telemetry disabled: {}", reason);
        }
        state = State.DISABLED;
        instanceId.complete(null);
        terminated.complete(null);
    }

    /**
     * The name a metric of that group and name is pushed under ({@code producer-metrics}, {@code record-send-rate}:
     * {@code org.apache.kafka.producer.record.send.rate}), as Apache Kafka's client names it.
     */
    public static String telemetryName(String group, String name) {
        return TelemetryCollector.telemetryName(group, name);
    }

    /** Why telemetry stopped, or null while it runs. */
    public String disabledReason() {
        return disabledReason;
    }

    private void finish(State end) {
        state = end;
        instanceId.complete(null);
        terminated.complete(null);
    }

    @Override
    public void close() {
        if (state != State.DISABLED) {
            state = State.TERMINATED;
        }
        instanceId.complete(null);
        terminated.complete(null);
    }
}

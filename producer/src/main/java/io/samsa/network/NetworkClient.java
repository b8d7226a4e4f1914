package io.samsa.network;

import io.samsa.common.Node;
import io.samsa.common.utils.Time;
import io.samsa.common.errors.AuthenticationException;
import io.samsa.common.errors.ClosedException;
import io.samsa.common.errors.Errors;
import io.samsa.common.errors.NetworkException;
import io.samsa.common.KafkaException;
import io.samsa.common.errors.SaslAuthenticationException;
import io.samsa.common.errors.SslAuthenticationException;
import io.samsa.common.errors.TimeoutException;
import io.samsa.common.errors.UnsupportedVersionException;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ApiVersionsRequest;
import io.samsa.protocol.ApiVersionsResponse;
import io.samsa.protocol.NodeApiVersions;
import io.samsa.protocol.Request;
import io.samsa.protocol.Response;
import io.samsa.protocol.ResponseHeader;
import io.samsa.protocol.types.ProtocolException;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.security.SecurityConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.Collection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Non-blocking connections to Kafka brokers, one per broker, multiplexed on one {@link Selector}.
 *
 * <p><b>Threading.</b> Everything here is owned by a single I/O thread: it calls {@link #send}, {@link #poll}
 * and the queries. The only method other threads may call is {@link #wakeup()}. Callbacks run on the I/O
 * thread at the end of {@link #poll}, never in the middle of socket work, so a callback may send again.
 *
 * <p><b>What a connection does.</b> Connect (bounded by {@code socket.connection.setup.timeout.ms}), then
 * ApiVersions before anything else (falling back to the broker's own ApiVersions version when it answers
 * UNSUPPORTED_VERSION), then requests flow: each encoded at the highest version both sides support, written
 * with a gathering write (record batches are not copied), pipelined up to
 * {@code max.in.flight.requests.per.connection}. Responses arrive in request order; each is matched to the
 * oldest in-flight request by correlation id.
 *
 * <p><b>How requests end.</b> Every request's callback runs exactly once: with its response; or with
 * {@link TimeoutException} when {@code request.timeout.ms} passes (the connection is then closed, because
 * responses are ordered and a later one cannot overtake the missing one); or with {@link NetworkException}
 * when the connection fails or the peer sends something that is not Kafka; or with
 * {@link UnsupportedVersionException}; or with {@link ClosedException} on {@link #close()}.
 *
 * <p><b>Security</b> ({@link SecurityConfig}): with TLS the connection first completes a TLS handshake
 * ({@link TlsTransport}); with SASL, after ApiVersions, the exchanges of its {@link SaslAuthenticator}
 * authenticate it before anything else is sent, and again before the session the broker granted runs out
 * (KIP-368; the SASL requests then wait for the requests in flight to be answered, and go out alone). A
 * failed authentication (SASL or TLS) closes the connection and fails its requests with an
 * {@link AuthenticationException}, which is not retriable; {@link #authenticationFailureCount()} lets the
 * producer fail its pending records at once instead of retrying until they expire.
 *
 * <p><b>Reconnects</b> back off exponentially per broker, and the set-up timeout grows with consecutive failures
 * ({@link ReconnectBackoff}).
 *
 * <p><b>Parts</b>, all owned by the I/O thread: this class drives each {@link Connection} (its state, queues and
 * timers) through set-up and request flow; {@link TransportFactory} makes its socket and transport,
 * {@link ResponseReader} cuts its incoming bytes into frames, {@link SaslAuthenticator} and
 * {@link TlsFailures} handle authentication, and {@link Completions} holds the callbacks until the end of the
 * poll.
 */
public final class NetworkClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NetworkClient.class);

    private final NetworkConfig config;
    private final Time time;
    private final Selector selector;
    private final Map<Integer, Connection> connections = new HashMap<>();
    private final ReconnectBackoff backoff;
    private final Completions completions = new Completions();
    private final ApiVersionsRequest apiVersionsRequest;
    private final SecurityConfig security;
    private final TransportFactory transports;
    private long authenticationFailures;
    private long reauthentications;
    private AuthenticationException lastAuthenticationFailure;
    private ConnectionListener listener = ConnectionListener.NONE;
    private NetworkListener networkListener = NetworkListener.NONE;
    /** {@code connections.size()}, published for gauges read on other threads. */
    private volatile int connectionCount;
    private int nextCorrelationId;
    private boolean closed;

    /** Hears about connections becoming ready or failing (metadata uses it to refresh after a failure). */
    public interface ConnectionListener {
        ConnectionListener NONE = new ConnectionListener() {
        };

        default void onReady(Node node, NodeApiVersions versions) {
        }

        default void onDisconnect(Node node, KafkaException cause) {
        }
    }

    public NetworkClient(NetworkConfig config, Time time) {
        this(config, SecurityConfig.PLAINTEXT, time);
    }

    public NetworkClient(NetworkConfig config, SecurityConfig security, Time time) {
        this.config = config;
        this.time = time;
        this.security = security == null ? SecurityConfig.PLAINTEXT : security;
        this.backoff = new ReconnectBackoff(config);
        this.transports = new TransportFactory(config, this.security);
        this.apiVersionsRequest = new ApiVersionsRequest(config.clientSoftwareName(), config.clientSoftwareVersion());
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new KafkaException("Cannot open a NIO selector", e);
        }
    }

    public NetworkConfig config() {
        return config;
    }

    public void setListener(ConnectionListener listener) {
        this.listener = listener == null ? ConnectionListener.NONE : listener;
    }

    /** Sets the listener that hears about traffic (the metrics); call before the I/O thread starts. */
    public void setNetworkListener(NetworkListener listener) {
        this.networkListener = listener == null ? NetworkListener.NONE : listener;
    }

    /** Connections open or being opened now; any thread. */
    public int connectionCount() {
        return connectionCount;
    }

    // ---- queries ----------------------------------------------------------------------------------------

    /** True when a connection to the node is established, negotiated, and has room for another request. */
    public boolean isReady(int nodeId) {
        Connection c = connections.get(nodeId);
        return c != null && c.state == Connection.State.READY && c.writing == null && c.unsent.isEmpty()
                && c.inFlightCount() < config.maxInFlightRequestsPerConnection();
    }

    /**
     * True when the node's connection is ready but cannot take another request until a network event: every
     * request it may have in flight is out, or a frame waits for the socket to take the rest. Only this
     * thread's handling of a response or of the socket becoming writable changes that, and either wakes
     * {@link #poll}. (A connection still being set up or backing off is not "busy": timers end those.)
     */
    public boolean awaitsNetwork(int nodeId) {
        Connection c = connections.get(nodeId);
        return c != null && c.state == Connection.State.READY
                && (c.writing != null || c.inFlightCount() >= config.maxInFlightRequestsPerConnection());
    }

    /** True when a connection to the node exists and has negotiated versions (it may be busy). */
    public boolean isConnected(int nodeId) {
        Connection c = connections.get(nodeId);
        return c != null && c.state.established();
    }

    /** True while a connection attempt (TCP or handshake) is under way. */
    public boolean isConnecting(int nodeId) {
        Connection c = connections.get(nodeId);
        return c != null && !c.state.established();
    }

    /**
     * How many connection attempts have failed authentication (SASL or TLS) so far. A service that must react
     * to authentication failures (fail pending records) remembers the count it has seen and compares.
     */
    public long authenticationFailureCount() {
        return authenticationFailures;
    }

    /** How many KIP-368 re-authentications have succeeded (on any connection). */
    public long reauthenticationCount() {
        return reauthentications;
    }

    /** The most recent authentication failure, or null if there has been none. */
    public AuthenticationException lastAuthenticationFailure() {
        return lastAuthenticationFailure;
    }

    /**
     * Returns {@link #isReady}; when there is no connection and the reconnect backoff has passed, starts one
     * (so callers can simply ask again on the next poll).
     */
    public boolean ready(Node node, long nowMs) {
        Connection c = connections.get(node.id());
        if (c != null && !sameAddress(c.node, node)) {
            // The broker moved (restarted elsewhere): the old connection leads nowhere useful.
            disconnect(c, new NetworkException("Node " + node.id() + " moved from " + c.node.address() + " to "
                    + node.address(), node.id(), c.node.address(), null, -1, null), nowMs);
            c = null;
        }
        if (c == null) {
            if (connectionDelay(node.id(), nowMs) == 0) {
                connect(node, nowMs);
            }
            return false;
        }
        return isReady(node.id());
    }

    /** Milliseconds until a new connection attempt to the node is allowed (0: now, or already connected). */
    public long connectionDelay(int nodeId, long nowMs) {
        return connections.containsKey(nodeId) ? 0 : backoff.delayMs(nodeId, nowMs);
    }

    /** The error that ended the last connection attempt to the node, or null. */
    public KafkaException lastError(int nodeId) {
        return backoff.lastError(nodeId);
    }

    /** Requests written (or being written) to the node and not yet answered. */
    public int inFlightCount(int nodeId) {
        Connection c = connections.get(nodeId);
        return c == null ? 0 : c.inFlightCount();
    }

    /** Requests for the node not yet answered: in flight plus those queued behind the connection or the limit. */
    public int pendingCount(int nodeId) {
        Connection c = connections.get(nodeId);
        return c == null ? 0 : c.inFlightCount() + c.unsent.size();
    }

    /** Requests not yet answered, over every connection. */
    public int pendingCount() {
        int n = 0;
        for (Connection c : connections.values()) {
            n += c.inFlightCount() + c.unsent.size();
        }
        return n;
    }

    /** The versions negotiated with the node, or null when not connected. */
    public NodeApiVersions apiVersions(int nodeId) {
        Connection c = connections.get(nodeId);
        return c == null ? null : c.apiVersions;
    }

    /**
     * The node of {@code nodes} to send a request any broker can answer (InitProducerId of an idempotent producer,
     * FindCoordinator): a connected one with the fewest requests pending, else one that may be connected to now,
     * else null (every one is backing off).
     */
    public Node leastLoadedNode(Collection<Node> nodes, long nowMs) {
        Node best = null;
        for (Node n : nodes) {
            if (isConnected(n.id()) && (best == null || pendingCount(n.id()) < pendingCount(best.id()))) {
                best = n;
            }
        }
        if (best != null) {
            return best;
        }
        for (Node n : nodes) {
            if (connectionDelay(n.id(), nowMs) == 0) {
                return n; // send() connects
            }
        }
        return null;
    }

    // ---- sending ----------------------------------------------------------------------------------------

    /** {@link #send(Node, Request, long, int, ResponseCallback)} with {@code request.timeout.ms}. */
    public <R extends Response> ClientRequest<R> send(Node node, Request<R> request, long nowMs,
                                                      ResponseCallback<R> callback) {
        return send(node, request, nowMs, config.requestTimeoutMs(), callback);
    }

    /**
     * Queues a request for the node, connecting first if needed. The request's clock starts now: time spent
     * waiting for the connection counts against {@code timeoutMs}. If the connection cannot be made, the
     * request fails with the connection's error (it does not wait for a later reconnect: the caller decides
     * whether and where to retry). It does not throw for anything about the node or its connection (an address
     * no socket can reach, a transport that fails): the request fails through its callback, so a caller's
     * in-flight bookkeeping always ends there.
     */
    public <R extends Response> ClientRequest<R> send(Node node, Request<R> request, long nowMs, int timeoutMs,
                                                      ResponseCallback<R> callback) {
        ClientRequest<R> req = new ClientRequest<>(node, request, callback, nowMs, timeoutMs, (short) -1);
        if (closed) {
            completions.add(req, null, new ClosedException("The network client is closed; " + req.describe()
                    + " was not sent"));
            return req;
        }
        Connection c = connections.get(node.id());
        if (c == null || !sameAddress(c.node, node)) {
            ready(node, nowMs);
            c = connections.get(node.id());
            if (c == null) {
                KafkaException cause = backoff.lastError(node.id());
                if (cause instanceof AuthenticationException auth) {
                    // Retrying with the same credentials cannot help: say why at once.
                    completions.add(req, null, auth);
                    return req;
                }
                completions.add(req, null, new NetworkException("Not connected to " + node + " (reconnect backoff "
                        + connectionDelay(node.id(), nowMs) + " ms left" + (cause == null ? "" : "; last error: "
                        + cause.getMessage()) + "); " + req.describe() + " was not sent", node.id(), node.address(),
                        request.apiKey().title(), -1, cause));
                return req;
            }
        }
        c.unsent.addLast(req);
        if (c.state == Connection.State.READY) {
            writeMore(c, nowMs);
        }
        return req;
    }

    // ---- polling ----------------------------------------------------------------------------------------

    /**
     * Does the network work that is possible now, waiting at most {@code timeoutMs} for something to happen,
     * then runs the callbacks of every request that completed.
     */
    public void poll(long timeoutMs) {
        if (closed) {
            completions.runAll();
            return;
        }
        long now = time.milliseconds();
        long wait = Math.min(timeoutMs, nextTimeout(now));
        if (!completions.isEmpty()) {
            wait = 0;
        }
        try {
            long selectStart = System.nanoTime();
            int n = wait <= 0 ? selector.selectNow() : selector.select(wait);
            long selectEnd = System.nanoTime();
            now = time.milliseconds();
            if (n > 0) {
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    handleKey((Connection) key.attachment(), key, now);
                }
            }
            networkListener.onPoll(selectEnd - selectStart, System.nanoTime() - selectEnd, now);
        } catch (IOException e) {
            throw new KafkaException("The NIO selector failed", e);
        } finally {
            // Whatever went wrong above, requests still time out and completed ones still get their callbacks:
            // their owners' in-flight flags are cleared only there.
            checkTimeouts(now);
            completions.runAll();
        }
    }

    /** Makes a blocked {@link #poll} return early. Safe from any thread. */
    public void wakeup() {
        selector.wakeup();
    }

    /** Closes the connection to the node; its requests fail with {@link NetworkException}. */
    public void disconnect(int nodeId) {
        Connection c = connections.get(nodeId);
        if (c != null) {
            long now = time.milliseconds();
            disconnect(c, new NetworkException("Disconnected from " + c.node + " on request", nodeId,
                    c.node.address(), null, -1, null), now);
            completions.runAll();
        }
    }

    /** Closes every connection; every queued or in-flight request fails with {@link ClosedException}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Connection c : new ArrayList<>(connections.values())) {
            ClosedException e = new ClosedException("The network client was closed");
            c.failAll(completions, e, e);
            closeQuietly(c);
            networkListener.onConnectionClosed(c.node.id(), time.milliseconds());
        }
        connections.clear();
        connectionCount = 0;
        completions.runAll();
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("Closing the selector failed", e);
        }
    }

    // ---- connection lifecycle ---------------------------------------------------------------------------

    private void connect(Node node, long now) {
        int setupTimeout = backoff.setupTimeoutMs(node.id());
        SocketChannel channel = null;
        try {
            channel = transports.open();
            // Note: resolving a host name here blocks the I/O thread for the DNS lookup, as in Apache's client.
            InetSocketAddress address = new InetSocketAddress(node.host(), node.port());
            if (address.isUnresolved()) {
                throw new UnresolvedAddressException();
            }
            Transport transport;
            try {
                transport = transports.newTransport(channel, node);
            } catch (SslAuthenticationException e) {
                // The ssl.engine.factory.class failed: an authentication failure, so waiting records fail at once.
                closeChannelQuietly(channel);
                countAuthenticationFailure(node, e, now);
                recordFailure(node, e, now);
                return;
            }
            boolean connected = channel.connect(address);
            SelectionKey key = channel.register(selector, connected ? 0 : SelectionKey.OP_CONNECT);
            SaslAuthenticator sasl = security.protocol().usesSasl() ? new SaslAuthenticator(security.sasl(), node)
                    : null;
            Connection c = new Connection(node, channel, transport, new ResponseReader(config.maxResponseBytes()), sasl,
                    key, now, setupTimeout);
            key.attach(c);
            connections.put(node.id(), c);
            connectionCount = connections.size();
            log.debug("Connecting to {} (setup timeout {} ms)", node, setupTimeout);
            if (connected) {
                onConnected(c, now);
            }
        } catch (IOException | RuntimeException e) {
            Connection registered = connections.get(node.id());
            if (registered != null && registered.channel == channel) {
                failUnexpectedly(registered, e, "while connecting", now);
                return;
            }
            closeChannelQuietly(channel);
            // Metadata can name an address no socket can reach (a port outside 0..65535, a host name that is not
            // one): InetSocketAddress and connect() reject it with an IllegalArgumentException. That is a failed
            // attempt like a refused connection, not a bug; anything else unexpected is logged with its trace.
            boolean expected = e instanceof IOException || e instanceof UnresolvedAddressException
                    || e instanceof IllegalArgumentException || e instanceof SecurityException;
            String why = e instanceof UnresolvedAddressException ? "cannot resolve host " + node.host()
                    : e instanceof IllegalArgumentException ? "invalid address (" + e.getMessage() + ")"
                    : e.toString();
            recordFailure(node, new NetworkException("Cannot connect to " + node + ": " + why, node.id(),
                    node.address(), null, -1, e), now, expected ? null : e);
        }
    }

    private void onConnected(Connection c, long now) {
        c.lastActivityMs = now;
        networkListener.onConnectionCreated(c.node.id(), now);
        if (transports.usesTls()) {
            c.state = Connection.State.TLS_HANDSHAKE;
            try {
                continueTlsHandshake(c, now);
            } catch (IOException e) {
                onIoError(c, e, now);
            } catch (RuntimeException e) {
                failUnexpectedly(c, e, "during the TLS handshake", now);
            }
            return;
        }
        startApiVersions(c, now);
    }

    private void continueTlsHandshake(Connection c, long now) throws IOException {
        if (c.transport.handshake()) {
            log.debug("TLS handshake with {} done: {}", c.node, c.transport.describe());
            startApiVersions(c, now);
        } else {
            c.key.interestOps(c.transport.interestOps());
        }
    }

    private void startApiVersions(Connection c, long now) {
        c.state = Connection.State.HANDSHAKE;
        c.key.interestOps(SelectionKey.OP_READ);
        sendApiVersions(c, ApiKey.API_VERSIONS.latestVersion(), now);
    }

    private void sendApiVersions(Connection c, short version, long now) {
        ClientRequest<ApiVersionsResponse> req = new ClientRequest<>(c.node, apiVersionsRequest,
                (r, resp, err) -> guarded(c, "handling the ApiVersions response",
                        () -> onApiVersions(c, r, resp, err)), now,
                (int) Math.max(1, c.setupDeadlineMs - now), version);
        c.unsent.addFirst(req);
        writeMore(c, now);
    }

    private void onApiVersions(Connection c, ClientRequest<ApiVersionsResponse> req, ApiVersionsResponse resp,
                               KafkaException err) {
        if (err != null || connections.get(c.node.id()) != c) {
            return; // the connection already failed and reported why
        }
        long now = time.milliseconds();
        if (resp.errorCode() == Errors.UNSUPPORTED_VERSION.code() && req.version > 0) {
            // The broker is older than our newest ApiVersions: it answered in the v0 layout with its own
            // range for ApiVersions. Ask again at the highest version it supports.
            short retry = (short) Math.min(resp.fallbackRequestVersion(), req.version - 1);
            log.debug("{} does not support ApiVersions v{}; retrying with v{}", c.node, req.version, retry);
            sendApiVersions(c, retry, now);
            return;
        }
        if (resp.errorCode() != Errors.NONE.code()) {
            disconnect(c, new NetworkException("ApiVersions to " + c.node + " failed: "
                    + Errors.describe(resp.errorCode()), c.node.id(), c.node.address(), "ApiVersions v" + req.version,
                    req.correlationId, null), now);
            return;
        }
        c.apiVersions = NodeApiVersions.from(resp);
        if (security.protocol().usesSasl()) {
            startSasl(c, now, false);
            return;
        }
        markReady(c, now);
    }

    private void markReady(Connection c, long now) {
        c.state = Connection.State.READY;
        backoff.onReady(c.node.id());
        lastFailureWarnMs.remove(c.node.id()); // the next failure is news again
        log.debug("Connected to {}: {}", c.node, c.apiVersions);
        networkListener.onAuthenticated(c.node.id(), now);
        listener.onReady(c.node, c.apiVersions);
        writeMore(c, now);
    }

    // ---- SASL (after ApiVersions; again before the session expires, KIP-368) ------------------------------

    private void startSasl(Connection c, long now, boolean reauthenticate) {
        c.state = reauthenticate ? Connection.State.REAUTHENTICATING : Connection.State.AUTHENTICATING;
        if (reauthenticate) {
            c.reauthStartMs = now;
        }
        SaslAuthenticator.Step<?> handshake;
        try {
            handshake = c.sasl.start(c.apiVersions, reauthenticate);
        } catch (SaslAuthenticationException e) {
            authenticationFailed(c, e, now);
            return;
        }
        sendSasl(c, handshake, now);
    }

    private <R extends Response> void sendSasl(Connection c, SaslAuthenticator.Step<R> step, long now) {
        // The first authentication counts against the connection setup timeout, a re-authentication against
        // request.timeout.ms (the connection was working: it gets an ordinary request's time).
        int timeout = c.state == Connection.State.REAUTHENTICATING ? config.requestTimeoutMs()
                : (int) Math.max(1, c.setupDeadlineMs - now);
        ClientRequest<R> req = new ClientRequest<>(c.node, step.request(),
                (r, resp, err) -> guarded(c, "handling a SASL response", () -> onSaslResponse(c, r, resp, err)), now,
                timeout, step.version());
        c.unsent.addFirst(req);
        writeMore(c, now);
    }

    private void onSaslResponse(Connection c, ClientRequest<?> req, Response resp, KafkaException err) {
        if (err != null || connections.get(c.node.id()) != c) {
            return; // the connection already failed and reported why
        }
        long now = time.milliseconds();
        SaslAuthenticator.Step<?> next;
        try {
            next = c.sasl.onResponse(resp, req.version(), now);
        } catch (SaslAuthenticationException e) {
            authenticationFailed(c, e, now);
            return;
        }
        if (next != null) {
            sendSasl(c, next, now);
        } else if (c.state == Connection.State.REAUTHENTICATING) {
            reauthentications++;
            c.state = Connection.State.READY;
            // From the decision to re-authenticate (new requests wait from then on) to the last SASL answer: how
            // long the connection was held up, as Apache's client measures from the start of its re-authentication.
            networkListener.onReauthenticated(c.node.id(), now - c.reauthStartMs, now);
            writeMore(c, now);
        } else {
            markReady(c, now);
        }
    }

    private void authenticationFailed(Connection c, AuthenticationException e, long now) {
        countAuthenticationFailure(c.node, e, c.state == Connection.State.REAUTHENTICATING, now);
        disconnect(c, e, now);
    }

    private void countAuthenticationFailure(Node node, AuthenticationException e, long now) {
        countAuthenticationFailure(node, e, false, now);
    }

    private void countAuthenticationFailure(Node node, AuthenticationException e, boolean reauthenticating,
                                            long now) {
        authenticationFailures++;
        // A connection that authenticated before fails its re-authentication, not its authentication (Apache's
        // Selector tells them apart the same way), so failed-authentication keeps meaning "cannot connect".
        if (reauthenticating) {
            networkListener.onReauthenticationFailed(node.id(), now);
        } else {
            networkListener.onAuthenticationFailed(node.id(), now);
        }
        lastAuthenticationFailure = e;
        log.error("{}", e.getMessage());
    }

    private void recordFailure(Node node, KafkaException error, long now) {
        recordFailure(node, error, now, null);
    }

    /**
     * @param unexpected the exception nobody expected that caused the failure (a bug in a codec, a TLS engine, a
     *                   listener), logged with its stack trace; null for ordinary failures
     */
    private void recordFailure(Node node, KafkaException error, long now, Throwable unexpected) {
        long wait = backoff.onFailure(node.id(), error, now);
        int failures = backoff.failures(node.id());
        // Unexpected failures have their own clock, which a connection becoming ready does not reset: a broker
        // whose answers break the client on every connection would otherwise log a stack trace per reconnect.
        Map<Integer, Long> warned = unexpected == null ? lastFailureWarnMs : lastUnexpectedWarnMs;
        Long lastWarn = warned.get(node.id());
        // At WARN once per broker per FAILURE_WARN_INTERVAL_MS, so that a broker that is down (or a listener that
        // is not what the client expects) is visible at the default log level without flooding it: reconnects
        // back off to reconnect.backoff.max.ms but may still fail several times a second at first.
        if (lastWarn == null || now - lastWarn >= FAILURE_WARN_INTERVAL_MS) {
            warned.put(node.id(), now);
            if (unexpected != null) {
                log.warn("Connection to {} failed ({} in a row), next attempt in {} ms: {}", node, failures, wait,
                        error.getMessage(), unexpected);
            } else {
                log.warn("Connection to {} failed ({} in a row), next attempt in {} ms: {}", node, failures, wait,
                        error.getMessage());
            }
        } else {
            log.debug("Connection to {} failed ({} in a row), next attempt in {} ms: {}", node, failures, wait,
                    error.getMessage());
        }
    }

    /** How often a broker's connection failures are logged at WARN at most (the rest go to DEBUG). */
    static final long FAILURE_WARN_INTERVAL_MS = 30_000;
    /** When each broker's failure was last logged at WARN. I/O thread. */
    private final Map<Integer, Long> lastFailureWarnMs = new HashMap<>();
    /** When each broker's unexpected failure was last logged at WARN (never reset by a success). I/O thread. */
    private final Map<Integer, Long> lastUnexpectedWarnMs = new HashMap<>();

    private void disconnect(Connection c, KafkaException cause, long now) {
        disconnect(c, cause, now, null);
    }

    /**
     * Fails the connection after an exception nobody expected on it (a codec that throws on a malformed body, a
     * TLS engine's RuntimeException, a listener's bug): its requests fail with an error naming the cause, through
     * their callbacks like any other failure, and every other connection carries on.
     */
    private void failUnexpectedly(Connection c, Exception e, String during, long now) {
        disconnect(c, new NetworkException("Connection to " + c.node + " failed " + during + ": unexpected " + e,
                c.node.id(), c.node.address(), null, -1, e), now, e);
    }

    /** Runs a callback of the connection's own exchanges; if it throws, the connection fails, not the poll. */
    private void guarded(Connection c, String what, Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            failUnexpectedly(c, e, "while " + what, time.milliseconds());
        }
    }

    private void disconnect(Connection c, KafkaException cause, long now, Throwable unexpected) {
        if (connections.get(c.node.id()) != c) {
            return;
        }
        connections.remove(c.node.id());
        connectionCount = connections.size();
        closeQuietly(c);
        // Before the listeners: once the connection is out of the map, nothing else would end its requests.
        c.failAll(completions, cause, null);
        networkListener.onConnectionClosed(c.node.id(), now);
        // A working connection was reset to no failures when it became ready, so its drop backs off from the
        // initial wait again, not from where earlier failures left off.
        recordFailure(c.node, cause, now, unexpected);
        listener.onDisconnect(c.node, cause);
    }

    // ---- I/O --------------------------------------------------------------------------------------------

    private void handleKey(Connection c, SelectionKey key, long now) {
        if (c == null || connections.get(c.node.id()) != c) {
            return;
        }
        try {
            if (key.isValid() && key.isConnectable()) {
                if (c.channel.finishConnect()) {
                    onConnected(c, now);
                } else {
                    return;
                }
            }
            if (connections.get(c.node.id()) != c) {
                return;
            }
            if (c.state == Connection.State.TLS_HANDSHAKE) {
                continueTlsHandshake(c, now);
                if (c.state == Connection.State.TLS_HANDSHAKE) {
                    return;
                }
            }
            if (key.isValid() && key.isWritable()) {
                writeMore(c, now);
            }
            if (key.isValid() && key.isReadable()) {
                read(c, now);
            }
        } catch (IOException e) {
            onIoError(c, e, now);
        } catch (ProtocolException e) {
            disconnect(c, new NetworkException("Received invalid data from " + c.node + " (is this a Kafka "
                    + "listener?): " + e.getMessage(), c.node.id(), c.node.address(), null, -1, e), now);
        } catch (RuntimeException e) {
            // Escaping here would abort the poll before timeouts and callbacks, on every turn while the
            // key stays ready: this connection fails instead.
            failUnexpectedly(c, e, "while handling network events", now);
        }
    }

    private void onIoError(Connection c, IOException e, long now) {
        if (e instanceof SSLException ssl && !c.state.established()) {
            authenticationFailed(c, TlsFailures.handshakeFailed(c.node, ssl), now);
            return;
        }
        String what = c.state == Connection.State.CONNECTING ? "Cannot connect to " : "Connection to ";
        String tail = c.state == Connection.State.CONNECTING ? ": " : " failed: ";
        disconnect(c, new NetworkException(what + c.node + tail + e.getMessage(), c.node.id(), c.node.address(),
                null, -1, e), now);
    }

    /** Encodes and writes queued requests while the socket takes bytes and the in-flight limit allows. */
    private void writeMore(Connection c, long now) {
        try {
            if (!c.transport.flush()) {
                c.key.interestOps(c.key.interestOps() | SelectionKey.OP_WRITE);
                return;
            }
            while (true) {
                if (c.writing != null) {
                    long written = c.transport.write(c.writeBuffers, c.writeIndex,
                            c.writeBuffers.length - c.writeIndex);
                    if (written > 0) {
                        c.lastActivityMs = now;
                    }
                    while (c.writeIndex < c.writeBuffers.length && !c.writeBuffers[c.writeIndex].hasRemaining()) {
                        c.writeIndex++;
                    }
                    // A request is written once the socket has all of it: the transport may still hold its tail
                    // (staged plaintext, sealed TLS records), and an acks=0 request completes when written.
                    if (c.writeIndex < c.writeBuffers.length || c.transport.hasPendingWrites()) {
                        c.key.interestOps(c.key.interestOps() | SelectionKey.OP_WRITE);
                        return;
                    }
                    ClientRequest<?> done = c.writing;
                    c.writing = null;
                    c.writeBuffers = null;
                    if (!done.request.expectsResponse()) {
                        completions.add(done, null, null); // first: it is in no queue that failAll would see
                    }
                    networkListener.onRequestSent(c.node.id(), done.requestBytes, now);
                }
                ClientRequest<?> next = c.unsent.peekFirst();
                if (next == null || !mayWrite(c, next)) {
                    // TLS may still hold encrypted bytes of the last request: keep OP_WRITE until they are out.
                    c.key.interestOps(c.transport.hasPendingWrites() ? c.key.interestOps() | SelectionKey.OP_WRITE
                            : c.key.interestOps() & ~SelectionKey.OP_WRITE);
                    return;
                }
                c.unsent.pollFirst();
                encode(c, next, now);
            }
        } catch (IOException e) {
            if (e instanceof SSLException) {
                onIoError(c, e, now);
                return;
            }
            disconnect(c, new NetworkException("Connection to " + c.node + " failed while writing: " + e.getMessage(),
                    c.node.id(), c.node.address(), null, -1, e), now);
        } catch (RuntimeException e) {
            // Called from send() and from callbacks too, not only from handleKey: fail the connection here.
            failUnexpectedly(c, e, "while writing", now);
        }
    }

    private boolean mayWrite(Connection c, ClientRequest<?> next) {
        if (c.state == Connection.State.CONNECTING || c.state == Connection.State.TLS_HANDSHAKE) {
            return false;
        }
        if (c.state.setupOnly()) {
            // Only the connection's own exchanges (ApiVersions, SASL) go out, one at a time; while
            // re-authenticating they also wait for the ordinary requests in flight to be answered.
            return next.fixedVersion >= 0 && c.inFlight.isEmpty();
        }
        return c.inFlightCount() < config.maxInFlightRequestsPerConnection();
    }

    private <R extends Response> void encode(Connection c, ClientRequest<R> req, long now) {
        short version = req.fixedVersion;
        if (version < 0) {
            try {
                version = c.apiVersions.latestUsableVersion(req.request.apiKey(), req.request.maxVersion());
            } catch (UnsupportedVersionException e) {
                completions.add(req, null, e);
                return;
            }
        }
        ByteBuffer[] frame;
        try {
            frame = req.encode(version, nextCorrelationId(), config.clientId());
        } catch (RuntimeException e) {
            // A request our own codec cannot encode: fail it, keep the connection.
            completions.add(req, null, new KafkaException("Cannot encode " + req.describe() + ": " + e.getMessage(),
                    e));
            return;
        }
        req.sendMs = now;
        c.writing = req;
        c.writeBuffers = frame;
        c.writeIndex = 0;
        if (req.request.expectsResponse()) {
            c.inFlight.addLast(req);
        }
    }

    private int nextCorrelationId() {
        int id = nextCorrelationId;
        nextCorrelationId = id == Integer.MAX_VALUE ? 0 : id + 1;
        return id;
    }

    private void read(Connection c, long now) throws IOException {
        while (true) {
            long before = c.reader.bytesRead();
            ByteBuffer body;
            try {
                body = c.reader.read(c.transport, !c.inFlight.isEmpty());
            } catch (EOFException e) {
                if (!c.reader.midResponse() && !c.state.established() && !completions.isEmpty()) {
                    // During set-up the broker answers a refused mechanism or credentials, then closes. When
                    // the answer and the close arrive in one read, let the answer (already read, its handler
                    // queued) say why the connection ended, instead of a bare "closed by the broker".
                    completions.runAll();
                    if (connections.get(c.node.id()) != c) {
                        return;
                    }
                }
                throw e;
            }
            if (c.reader.bytesRead() != before) {
                c.lastActivityMs = now;
            }
            if (body == null) {
                return;
            }
            handleResponse(c, body, now);
            if (connections.get(c.node.id()) != c) {
                return;
            }
        }
    }

    private void handleResponse(Connection c, ByteBuffer body, long now) {
        ClientRequest<?> head = c.inFlight.peekFirst();
        int responseBytes = body.remaining() + 4; // with its size prefix, as Apache Kafka counts incoming bytes
        ProtocolReader reader = new ProtocolReader(body);
        int correlationId = ResponseHeader.read(reader, head.request.apiKey(), head.version);
        if (correlationId != head.correlationId) {
            throw new ProtocolException("response correlation id " + correlationId + " does not match the oldest "
                    + "request in flight, " + head.describe());
        }
        c.inFlight.pollFirst();
        try {
            networkListener.onResponseReceived(c.node.id(), responseBytes, now - head.sendMs, now);
            parseAndComplete(head, reader);
        } catch (RuntimeException e) {
            // The request has left inFlight, so failing the connection would not reach it: fail it here. The
            // connection fails too (handleKey): what a codec that threw has left behind is unknown.
            completions.add(head, null, new NetworkException("Cannot read the response to " + head.describe() + ": "
                    + e, head.node.id(), head.node.address(), head.request.apiKey().title() + " v" + head.version,
                    head.correlationId, e));
            throw e;
        }
        if (c.state == Connection.State.READY || !c.unsent.isEmpty()) {
            writeMore(c, now);
        }
        if (connections.get(c.node.id()) == c && c.state == Connection.State.READY && now >= c.reauthAtMs()) {
            startSasl(c, now, true);
        }
    }

    private <R extends Response> void parseAndComplete(ClientRequest<R> req, ProtocolReader reader) {
        R response;
        try {
            response = req.request.readResponse(reader, req.version);
        } catch (ProtocolException e) {
            // Framing is intact (the size prefix delimited it), so the connection can carry on; this one fails.
            completions.add(req, null, new NetworkException("Cannot decode the response to " + req.describe() + ": "
                    + e.getMessage(), req.node.id(), req.node.address(), req.request.apiKey().title() + " v"
                    + req.version, req.correlationId, e));
            return;
        }
        completions.add(req, response, null);
    }

    // ---- timeouts ---------------------------------------------------------------------------------------

    private long nextTimeout(long now) {
        long next = Long.MAX_VALUE;
        for (Connection c : connections.values()) {
            next = Math.min(next, c.nextDeadlineMs(config.connectionsMaxIdleMs()));
        }
        return next == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, next - now);
    }

    private void checkTimeouts(long now) {
        if (connections.isEmpty()) {
            return;
        }
        for (Connection c : new ArrayList<>(connections.values())) {
            try {
                checkTimeouts(c, now);
            } catch (RuntimeException e) {
                failUnexpectedly(c, e, "while checking its timers", now);
            }
        }
    }

    private void checkTimeouts(Connection c, long now) {
        if (!c.state.established() && now >= c.setupDeadlineMs) {
            TimeoutException e = new TimeoutException("Connection setup to " + c.node + " timed out after "
                    + c.setupTimeoutMs + " ms during the " + c.state.setupPhase()
                    + " (socket.connection.setup.timeout.ms)");
            disconnect(c, e, now);
            return;
        }
        ClientRequest<?> expired = null;
        for (ClientRequest<?> r : c.inFlight) {
            if (now >= r.deadlineMs) {
                expired = r;
                break;
            }
        }
        if (expired != null) {
            // Responses come in order; one that is overdue blocks all after it. Close and start afresh.
            TimeoutException e = new TimeoutException(expired.describe() + " timed out after "
                    + expired.timeoutMs + " ms (request.timeout.ms) with no response; closing the connection");
            c.inFlight.remove(expired);
            completions.add(expired, null, e);
            disconnect(c, new NetworkException("connection closed because " + expired.describe()
                    + " timed out", c.node.id(), c.node.address(), null, -1, e), now);
            return;
        }
        for (Iterator<ClientRequest<?>> it = c.unsent.iterator(); it.hasNext(); ) {
            ClientRequest<?> r = it.next();
            if (now >= r.deadlineMs) {
                it.remove();
                completions.add(r, null, new TimeoutException(r.describe() + " timed out after " + r.timeoutMs
                        + " ms before it could be sent (connection " + c.state.name().toLowerCase()
                        + ", request.timeout.ms)"));
            }
        }
        if (c.state == Connection.State.READY && now >= c.reauthAtMs()) {
            startSasl(c, now, true); // the SASL requests go out once the requests in flight are answered
            return;
        }
        if (!c.hasPendingWork() && now - c.lastActivityMs >= config.connectionsMaxIdleMs()) {
            log.debug("Closing idle connection to {}", c.node);
            connections.remove(c.node.id());
            connectionCount = connections.size();
            closeQuietly(c);
            networkListener.onConnectionClosed(c.node.id(), now);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private void closeQuietly(Connection c) {
        c.key.cancel();
        c.transport.close();
    }

    private static void closeChannelQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("Closing a socket failed", e);
            }
        }
    }

    private static boolean sameAddress(Node a, Node b) {
        return a.port() == b.port() && a.host().equals(b.host());
    }
}

package io.samsa.network;

import io.samsa.common.Node;
import io.samsa.common.errors.Errors;
import io.samsa.common.errors.SaslAuthenticationException;
import io.samsa.common.errors.UnsupportedVersionException;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.NodeApiVersions;
import io.samsa.protocol.Request;
import io.samsa.protocol.Response;
import io.samsa.protocol.SaslAuthenticateRequest;
import io.samsa.protocol.SaslAuthenticateResponse;
import io.samsa.protocol.SaslHandshakeRequest;
import io.samsa.protocol.SaslHandshakeResponse;
import io.samsa.security.SaslClient;
import io.samsa.security.SaslSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The SASL authentication of one connection: what to send next, what the broker's answers mean, and when to
 * authenticate again. {@link NetworkClient} sends the requests it names ahead of everything else on the
 * connection, hands it their responses, and closes the connection when it reports a failure.
 *
 * <p><b>The exchange</b>, after ApiVersions: SaslHandshake v1 names the mechanism; then SaslAuthenticate round
 * trips carry the mechanism's tokens ({@link SaslClient}, a new one per exchange) until the client is satisfied.
 * v1 is required because v0 sent the tokens raw, outside Kafka framing, which Kafka 4.0 no longer accepts.
 *
 * <p><b>Re-authentication</b> (KIP-368). The last SaslAuthenticate answer (v1+) says how long the broker accepts
 * the authentication ({@code session_lifetime_ms}); the connection authenticates again at a random 85-95% of
 * it, as Apache's client does, so that connections opened together do not all re-authenticate at once and the
 * requests already in flight have time to be answered first.
 *
 * <p><b>Threading.</b> One per SASL connection, owned by the I/O thread like the {@link Connection} holding it.
 */
final class SaslAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(SaslAuthenticator.class);

    /** A request to send next, at the version to send it at. */
    record Step<R extends Response>(Request<R> request, short version) {
    }

    private final SaslSettings settings;
    private final Node node;
    /** In [0, 1]: where in the 85-95% window the next re-authentication falls. */
    private final DoubleSupplier random;
    private NodeApiVersions versions;
    /** The exchange in progress, or null between exchanges. */
    private SaslClient client;
    private long reauthenticateAtMs = Long.MAX_VALUE;

    SaslAuthenticator(SaslSettings settings, Node node) {
        this(settings, node, () -> ThreadLocalRandom.current().nextDouble());
    }

    SaslAuthenticator(SaslSettings settings, Node node, DoubleSupplier random) {
        this.settings = settings;
        this.node = node;
        this.random = random;
    }

    /**
     * Starts an exchange: the first authentication of the connection, or a re-authentication of a connection
     * that is working.
     *
     * @return the SaslHandshake to send
     * @throws SaslAuthenticationException if the broker cannot take part (no SaslHandshake v1)
     */
    Step<SaslHandshakeResponse> start(NodeApiVersions versions, boolean reauthenticate) {
        this.versions = versions;
        this.client = null;
        this.reauthenticateAtMs = Long.MAX_VALUE;
        String mechanism = settings.mechanism().mechanismName();
        short version = version(ApiKey.SASL_HANDSHAKE);
        if (version < 1) {
            throw cannotAuthenticate(ApiKey.SASL_HANDSHAKE.unsupportedVersion("the broker supports only "
                    + "SaslHandshake v0 (Kafka before 1.0); Samsa needs v1"));
        }
        log.debug("{} to {} with SASL {}", reauthenticate ? "Re-authenticating" : "Authenticating", node, mechanism);
        return new Step<>(new SaslHandshakeRequest(mechanism), version);
    }

    /**
     * Takes the broker's answer to the last step.
     *
     * @param version the version the answered request was sent at
     * @return the next request to send, or null when the connection is authenticated
     * @throws SaslAuthenticationException if the broker refused the mechanism or the credentials, or did not
     *         prove that it knows them (SCRAM)
     */
    Step<?> onResponse(Response response, short version, long nowMs) {
        if (response instanceof SaslHandshakeResponse handshake) {
            return onHandshake(handshake);
        }
        if (response instanceof SaslAuthenticateResponse authenticate) {
            return onAuthenticate(authenticate, version, nowMs);
        }
        throw new IllegalArgumentException("not a SASL response: " + response);
    }

    /**
     * When the connection must authenticate again (monotonic ms): {@link Long#MAX_VALUE} while an exchange is
     * in progress, and when the broker's session does not expire.
     */
    long reauthenticateAtMs() {
        return reauthenticateAtMs;
    }

    private Step<?> onHandshake(SaslHandshakeResponse resp) {
        String mechanism = settings.mechanism().mechanismName();
        if (resp.errorCode() != Errors.NONE.code()) {
            String why = resp.error() == Errors.UNSUPPORTED_SASL_MECHANISM
                    ? "the broker's listener does not enable SASL mechanism " + mechanism + " (it enables "
                    + resp.mechanisms() + "); set sasl.mechanism to one of those"
                    : "SaslHandshake failed with " + Errors.describe(resp.errorCode());
            throw new SaslAuthenticationException("Authentication to " + node + " failed: " + why);
        }
        client = settings.newClient();
        return token(client.initialResponse());
    }

    private Step<?> onAuthenticate(SaslAuthenticateResponse resp, short version, long nowMs) {
        String who = "SASL " + settings.mechanism().mechanismName() + " authentication of user '"
                + settings.username() + "' to " + node;
        if (resp.errorCode() != Errors.NONE.code()) {
            // The broker's message ("Invalid username or password", ...) never contains the password.
            throw new SaslAuthenticationException(who + " failed: " + Errors.describe(resp.errorCode())
                    + (resp.errorMessage() == null || resp.errorMessage().isEmpty() ? "" : ": " + resp.errorMessage()));
        }
        byte[] next;
        try {
            next = client.evaluateChallenge(resp.authBytes());
        } catch (SaslAuthenticationException e) {
            throw new SaslAuthenticationException(e.getMessage() + " (broker " + node + ")", e);
        }
        if (!client.isComplete()) {
            if (next == null) {
                throw new SaslAuthenticationException(who + " failed: the exchange ended before the client was "
                        + "satisfied");
            }
            return token(next);
        }
        client = null;
        long lifetime = version >= 1 ? resp.sessionLifetimeMs() : 0L;
        if (lifetime > 0) {
            reauthenticateAtMs = nowMs + (long) (lifetime * (0.85 + 0.10 * random.getAsDouble()));
        }
        log.debug("{} succeeded{}", who, lifetime > 0 ? "; session lifetime " + lifetime + " ms" : "");
        return null;
    }

    private Step<SaslAuthenticateResponse> token(byte[] token) {
        return new Step<>(new SaslAuthenticateRequest(token), version(ApiKey.SASL_AUTHENTICATE));
    }

    private short version(ApiKey key) {
        try {
            return versions.latestUsableVersion(key);
        } catch (UnsupportedVersionException e) {
            throw cannotAuthenticate(e);
        }
    }

    private SaslAuthenticationException cannotAuthenticate(UnsupportedVersionException e) {
        return new SaslAuthenticationException("Cannot authenticate to " + node + ": " + e.getMessage(), e);
    }
}

package io.samsa.network;

import io.samsa.common.Node;
import io.samsa.common.errors.Errors;
import io.samsa.common.KafkaException;
import io.samsa.common.errors.SaslAuthenticationException;
import io.samsa.metrics.ManualTime;
import io.samsa.clients.producer.TestConfigs;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.MetadataRequest;
import io.samsa.protocol.MetadataResponse;
import io.samsa.protocol.Response;
import io.samsa.protocol.SaslAuthenticateResponse;
import io.samsa.protocol.SaslHandshakeResponse;
import io.samsa.security.SaslMechanism;
import io.samsa.security.SaslSettings;
import io.samsa.security.SecurityConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SASL connection's authentication and KIP-368 re-authentication as {@link NetworkClient} drives them, against
 * a {@link ScriptedBroker} whose answers the test writes, with a clock that moves only when the test moves it.
 */
class SaslReauthenticationTest {
    /** The session the broker grants: re-authentication is due at 85-95% of it. */
    private static final long LIFETIME_MS = 10_000;

    private final ManualTime time = new ManualTime(1_000_000);
    private final List<KafkaException> errors = new CopyOnWriteArrayList<>();
    private final List<Response> responses = new CopyOnWriteArrayList<>();
    /** What the network listener heard about authentication, in order: "auth", "auth-failed", "reauth <ms>"... */
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private ScriptedBroker broker;
    private NetworkClient client;
    private Node node;

    @BeforeEach
    void setUp() throws Exception {
        broker = new ScriptedBroker();
        node = new Node(1, "127.0.0.1", broker.port());
        client = new NetworkClient(TestConfigs.network(Map.of()),
                SecurityConfig.saslPlaintext(SaslSettings.of(SaslMechanism.PLAIN, "alice", "s3cret")), time);
        client.setNetworkListener(new NetworkListener() {
            @Override
            public void onAuthenticated(int nodeId, long nowMs) {
                heard.add("auth");
            }

            @Override
            public void onAuthenticationFailed(int nodeId, long nowMs) {
                heard.add("auth-failed");
            }

            @Override
            public void onReauthenticated(int nodeId, long latencyMs, long nowMs) {
                heard.add("reauth " + latencyMs);
            }

            @Override
            public void onReauthenticationFailed(int nodeId, long nowMs) {
                heard.add("reauth-failed");
            }
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        broker.close();
    }

    private void sendMetadata() {
        client.send(node, MetadataRequest.forTopics(List.of("t"), false), time.milliseconds(), (req, resp, err) -> {
            if (err != null) {
                errors.add(err);
            } else {
                responses.add(resp);
            }
        });
    }

    private void pollUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
            client.poll(10);
        }
    }

    /** Polls the client until the broker has received a request, which must be of {@code key}. */
    private ScriptedBroker.Received next(ApiKey key) {
        ScriptedBroker.Received[] got = new ScriptedBroker.Received[1];
        pollUntil(() -> (got[0] = broker.requests.poll()) != null, "a " + key.title() + " request at the broker");
        assertThat(got[0].header.apiKey()).as("the next request at the broker").isEqualTo(key);
        return got[0];
    }

    private static void answer(ScriptedBroker.Received r, Response response) throws Exception {
        short v = r.header.apiVersion();
        if (response instanceof SaslHandshakeResponse h) {
            r.respond(w -> h.write(w, v));
        } else if (response instanceof SaslAuthenticateResponse a) {
            r.respond(w -> a.write(w, v));
        } else {
            MetadataResponse m = (MetadataResponse) response;
            r.respond(w -> m.write(w, v));
        }
    }

    private static MetadataResponse metadata() {
        return new MetadataResponse(0, List.of(), "c", 1, List.of(), MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED,
                (short) 0);
    }

    /** Answers one SaslHandshake + SaslAuthenticate exchange, granting {@link #LIFETIME_MS}. */
    private void authenticateOnce() throws Exception {
        answer(next(ApiKey.SASL_HANDSHAKE), new SaslHandshakeResponse(Errors.NONE.code(), List.of("PLAIN")));
        answer(next(ApiKey.SASL_AUTHENTICATE), new SaslAuthenticateResponse(Errors.NONE.code(), null, null,
                LIFETIME_MS));
    }

    @Test
    void reauthenticationWaitsForTheRequestsInFlightGoesOutAloneAndThenRequestsFlowAgain() throws Exception {
        sendMetadata(); // connects; goes out once authenticated
        authenticateOnce();
        ScriptedBroker.Received inFlight = next(ApiKey.METADATA);
        assertThat(client.reauthenticationCount()).isZero();

        time.advance(LIFETIME_MS * 95 / 100); // the latest point re-authentication may be due
        client.poll(0); // starts it; the SaslHandshake waits for the request in flight
        sendMetadata(); // queued behind the re-authentication
        pollUntil(() -> client.pendingCount(1) == 3, "the SaslHandshake and the new request to be queued");
        assertThat(client.isReady(1)).as("re-authenticating").isFalse();
        assertThat(client.inFlightCount(1)).as("only the request sent before it").isEqualTo(1);

        time.advance(25); // the request in flight takes 25 ms more: part of the re-authentication's latency
        answer(inFlight, metadata());
        // The answer frees the connection: the SASL requests go first, each alone, then the queued request.
        authenticateOnce();
        answer(next(ApiKey.METADATA), metadata());
        pollUntil(() -> responses.size() == 2, "both Metadata responses");
        assertThat(errors).isEmpty();
        assertThat(client.reauthenticationCount()).isEqualTo(1);
        assertThat(client.isReady(1)).isTrue();
        // Measured from the decision to re-authenticate: waiting for the request in flight is part of it.
        assertThat(heard).containsExactly("auth", "reauth 25");
    }

    @Test
    void noReauthenticationBeforeEightyFivePercentOfTheSession() throws Exception {
        sendMetadata();
        authenticateOnce();
        answer(next(ApiKey.METADATA), metadata());
        pollUntil(() -> responses.size() == 1, "the Metadata response");

        time.advance(LIFETIME_MS * 85 / 100 - 1);
        client.poll(0); // a re-authentication due now would send its SaslHandshake here
        sendMetadata();
        // The next request at the broker is the Metadata request, not a SaslHandshake.
        answer(next(ApiKey.METADATA), metadata());
        pollUntil(() -> responses.size() == 2, "the second Metadata response");
        assertThat(client.reauthenticationCount()).isZero();
    }

    @Test
    void aRefusedReauthenticationClosesTheConnectionAsAnAuthenticationFailure() throws Exception {
        sendMetadata();
        authenticateOnce();
        answer(next(ApiKey.METADATA), metadata());
        pollUntil(() -> responses.size() == 1, "the Metadata response");

        time.advance(LIFETIME_MS);
        client.poll(0); // due now: nothing is in flight, so the SaslHandshake goes out at once
        answer(next(ApiKey.SASL_HANDSHAKE), new SaslHandshakeResponse(Errors.NONE.code(), List.of("PLAIN")));
        answer(next(ApiKey.SASL_AUTHENTICATE), new SaslAuthenticateResponse(Errors.SASL_AUTHENTICATION_FAILED.code(),
                "Invalid username or password", null, 0));
        pollUntil(() -> client.authenticationFailureCount() == 1, "the failure to be counted");
        assertThat(client.isConnected(1)).isFalse();
        assertThat(client.lastAuthenticationFailure()).isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("Invalid username or password");
        assertThat(client.lastError(1)).isSameAs(client.lastAuthenticationFailure());
        // A failed re-authentication, not a failed authentication: the connection had authenticated.
        assertThat(heard).containsExactly("auth", "reauth-failed");
    }
}

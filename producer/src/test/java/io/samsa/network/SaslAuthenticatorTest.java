package io.samsa.network;

import io.samsa.common.Node;
import io.samsa.common.errors.Errors;
import io.samsa.common.errors.SaslAuthenticationException;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ApiVersionsResponse;
import io.samsa.protocol.NodeApiVersions;
import io.samsa.protocol.SaslAuthenticateRequest;
import io.samsa.protocol.SaslAuthenticateResponse;
import io.samsa.protocol.SaslHandshakeRequest;
import io.samsa.protocol.SaslHandshakeResponse;
import io.samsa.security.SaslMechanism;
import io.samsa.security.SaslSettings;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SASL exchange of one connection, step by step, with the broker's answers made up by the test. */
class SaslAuthenticatorTest {
    private static final Node NODE = new Node(1, "broker-1", 9092);
    private static final SaslSettings PLAIN = SaslSettings.of(SaslMechanism.PLAIN, "alice", "s3cret");
    private static final long NOW = 1_000_000;

    private static NodeApiVersions broker(int handshakeMax, int authenticateMax) {
        return NodeApiVersions.of(List.of(
                new ApiVersionsResponse.ApiVersion(ApiKey.SASL_HANDSHAKE.id(), (short) 0, (short) handshakeMax),
                new ApiVersionsResponse.ApiVersion(ApiKey.SASL_AUTHENTICATE.id(), (short) 0, (short) authenticateMax)));
    }

    private static SaslHandshakeResponse handshakeOk() {
        return new SaslHandshakeResponse(Errors.NONE.code(), List.of("PLAIN"));
    }

    private static SaslAuthenticateResponse authenticated(long sessionLifetimeMs) {
        return new SaslAuthenticateResponse(Errors.NONE.code(), null, new byte[0], sessionLifetimeMs);
    }

    private static String text(SaslAuthenticator.Step<?> step) {
        return new String(((SaslAuthenticateRequest) step.request()).authBytes(), StandardCharsets.UTF_8);
    }

    /** Runs a PLAIN exchange to its end; the broker grants {@code lifetime} at SaslAuthenticate v{@code version}. */
    private static void authenticate(SaslAuthenticator a, boolean reauthenticate, long lifetime, short version) {
        a.start(broker(1, 2), reauthenticate);
        a.onResponse(handshakeOk(), (short) 1, NOW);
        assertThat(a.onResponse(authenticated(lifetime), version, NOW)).isNull();
    }

    @Test
    void plainSendsTheHandshakeThenTheLoginAndIsDoneWhenTheBrokerAccepts() {
        SaslAuthenticator a = new SaslAuthenticator(PLAIN, NODE);
        SaslAuthenticator.Step<?> handshake = a.start(broker(1, 2), false);
        assertThat(handshake.request()).isEqualTo(new SaslHandshakeRequest("PLAIN"));
        assertThat(handshake.version()).isEqualTo((short) 1);

        SaslAuthenticator.Step<?> login = a.onResponse(handshakeOk(), (short) 1, NOW);
        assertThat(login.request()).isInstanceOf(SaslAuthenticateRequest.class);
        assertThat(login.version()).as("the highest SaslAuthenticate both sides support").isEqualTo((short) 2);
        assertThat(text(login)).isEqualTo("\0alice\0s3cret");

        assertThat(a.onResponse(authenticated(0), (short) 2, NOW)).as("authenticated").isNull();
        assertThat(a.reauthenticateAtMs()).as("a session that does not expire").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void reauthenticationFallsBetween85And95PercentOfTheSessionLifetime() {
        SaslAuthenticator earliest = new SaslAuthenticator(PLAIN, NODE, () -> 0.0);
        authenticate(earliest, false, 10_000, (short) 1);
        assertThat(earliest.reauthenticateAtMs()).isEqualTo(NOW + 8_500);

        SaslAuthenticator latest = new SaslAuthenticator(PLAIN, NODE, () -> 1.0);
        authenticate(latest, false, 10_000, (short) 2);
        assertThat(latest.reauthenticateAtMs()).isEqualTo(NOW + 9_500);

        SaslAuthenticator real = new SaslAuthenticator(PLAIN, NODE);
        for (int i = 0; i < 100; i++) {
            authenticate(real, i > 0, 10_000, (short) 2);
            assertThat(real.reauthenticateAtMs()).isBetween(NOW + 8_500, NOW + 9_500);
        }
    }

    @Test
    void aReauthenticationInProgressSchedulesNoOtherAndTheNewSessionSetsTheNext() {
        SaslAuthenticator a = new SaslAuthenticator(PLAIN, NODE, () -> 0.5);
        authenticate(a, false, 10_000, (short) 2);
        assertThat(a.reauthenticateAtMs()).isEqualTo(NOW + 9_000);

        a.start(broker(1, 2), true);
        assertThat(a.reauthenticateAtMs()).as("while re-authenticating").isEqualTo(Long.MAX_VALUE);
        a.onResponse(handshakeOk(), (short) 1, NOW + 9_000);
        assertThat(a.reauthenticateAtMs()).isEqualTo(Long.MAX_VALUE);
        a.onResponse(authenticated(20_000), (short) 2, NOW + 9_000);
        assertThat(a.reauthenticateAtMs()).isEqualTo(NOW + 9_000 + 18_000);
    }

    @Test
    void saslAuthenticateV0CarriesNoSessionLifetime() {
        SaslAuthenticator a = new SaslAuthenticator(PLAIN, NODE, () -> 0.0);
        a.start(broker(1, 0), false);
        SaslAuthenticator.Step<?> login = a.onResponse(handshakeOk(), (short) 1, NOW);
        assertThat(login.version()).isZero();
        a.onResponse(authenticated(10_000), (short) 0, NOW);
        assertThat(a.reauthenticateAtMs()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aBrokerWithoutSaslHandshakeV1CannotBeAuthenticatedTo() {
        SaslAuthenticator a = new SaslAuthenticator(PLAIN, NODE);
        assertThatThrownBy(() -> a.start(broker(0, 2), false)).isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("Cannot authenticate to " + NODE).hasMessageContaining("SaslHandshake v0");
    }

    @Test
    void aMechanismTheListenerDoesNotEnableIsNamedWithThoseItDoes() {
        SaslAuthenticator a = new SaslAuthenticator(PLAIN, NODE);
        a.start(broker(1, 2), false);
        SaslHandshakeResponse refused = new SaslHandshakeResponse(Errors.UNSUPPORTED_SASL_MECHANISM.code(),
                List.of("SCRAM-SHA-512"));
        assertThatThrownBy(() -> a.onResponse(refused, (short) 1, NOW)).isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("does not enable SASL mechanism PLAIN (it enables [SCRAM-SHA-512])");
    }

    @Test
    void refusedCredentialsFailWithTheBrokersMessageAndNeverThePassword() {
        SaslAuthenticator a = new SaslAuthenticator(PLAIN, NODE);
        a.start(broker(1, 2), false);
        a.onResponse(handshakeOk(), (short) 1, NOW);
        SaslAuthenticateResponse refused = new SaslAuthenticateResponse(Errors.SASL_AUTHENTICATION_FAILED.code(),
                "Invalid username or password", null, 0);
        assertThatThrownBy(() -> a.onResponse(refused, (short) 2, NOW)).isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("user 'alice' to " + NODE).hasMessageContaining("Invalid username or password")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void scramTakesTwoRoundTripsAndABadServerProofNamesTheBroker() {
        SaslAuthenticator a = new SaslAuthenticator(SaslSettings.of(SaslMechanism.SCRAM_SHA_256, "alice", "s3cret"),
                NODE);
        SaslAuthenticator.Step<?> handshake = a.start(broker(1, 2), false);
        assertThat(handshake.request()).isEqualTo(new SaslHandshakeRequest("SCRAM-SHA-256"));
        String clientFirst = text(a.onResponse(handshakeOk(), (short) 1, NOW));
        assertThat(clientFirst).startsWith("n,,n=alice,r=");
        String nonce = clientFirst.substring(clientFirst.indexOf(",r=") + 3);

        byte[] serverFirst = ("r=" + nonce + "server,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
                .getBytes(StandardCharsets.UTF_8);
        SaslAuthenticator.Step<?> clientFinal = a.onResponse(
                new SaslAuthenticateResponse(Errors.NONE.code(), null, serverFirst, 0), (short) 2, NOW);
        assertThat(text(clientFinal)).startsWith("c=biws,r=" + nonce + "server,p=");

        byte[] wrongProof = "v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> a.onResponse(new SaslAuthenticateResponse(Errors.NONE.code(), null, wrongProof,
                10_000), (short) 2, NOW)).isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("(broker " + NODE + ")").hasMessageNotContaining("s3cret");
        assertThat(a.reauthenticateAtMs()).isEqualTo(Long.MAX_VALUE);
    }
}

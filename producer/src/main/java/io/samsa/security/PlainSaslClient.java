package io.samsa.security;

import io.samsa.common.errors.SaslAuthenticationException;

import java.nio.charset.StandardCharsets;

/**
 * SASL/PLAIN (RFC 4616): one token {@code authzid NUL authcid NUL password}, UTF-8, with an empty authzid
 * (Kafka's broker accepts only an empty one or one equal to the user). The password travels in clear inside
 * the token: use PLAIN with TLS (SASL_SSL) outside trusted networks.
 */
final class PlainSaslClient implements SaslClient {
    private final String username;
    private final String password;
    private boolean sent;
    private boolean complete;

    PlainSaslClient(String username, String password) {
        this.username = username;
        this.password = password;
    }

    @Override
    public String mechanism() {
        return SaslMechanism.PLAIN.mechanismName();
    }

    @Override
    public byte[] initialResponse() {
        sent = true;
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        byte[] pass = password.getBytes(StandardCharsets.UTF_8);
        byte[] token = new byte[2 + user.length + pass.length];
        // token[0] = 0: empty authorization id
        System.arraycopy(user, 0, token, 1, user.length);
        // token[1 + user.length] = 0
        System.arraycopy(pass, 0, token, 2 + user.length, pass.length);
        return token;
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) {
        if (!sent) {
            throw new SaslAuthenticationException("SASL/PLAIN: a broker token arrived before the login was sent");
        }
        // The broker answers an accepted PLAIN login with an empty token; errors come as error codes.
        complete = true;
        return null;
    }

    @Override
    public boolean isComplete() {
        return complete;
    }

    @Override
    public String toString() {
        return "PlainSaslClient(user=" + username + ", password=[hidden])";
    }
}

package io.samsa.security;

import io.samsa.common.errors.SaslAuthenticationException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * SASL/SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677), client side, without channel binding (as Kafka).
 *
 * <pre>
 *   client-first   n,,n=&lt;user&gt;,r=&lt;client nonce&gt;[,tokenauth=true]
 *   server-first   r=&lt;client nonce + server nonce&gt;,s=&lt;base64 salt&gt;,i=&lt;iterations&gt;
 *   client-final   c=biws,r=&lt;nonce&gt;,p=&lt;base64 ClientProof&gt;
 *   server-final   v=&lt;base64 ServerSignature&gt;   or   e=&lt;error&gt;
 *
 *   SaltedPassword  = Hi(password, salt, i)            (PBKDF2 with HMAC, one block)
 *   ClientKey       = HMAC(SaltedPassword, "Client Key")
 *   StoredKey       = H(ClientKey)
 *   AuthMessage     = client-first-bare + "," + server-first + "," + client-final-without-proof
 *   ClientProof     = ClientKey XOR HMAC(StoredKey, AuthMessage)
 *   ServerSignature = HMAC(HMAC(SaltedPassword, "Server Key"), AuthMessage)
 * </pre>
 *
 * <p>The server signature is checked in constant time: a broker (or a man in the middle) that does not know
 * the password cannot complete the exchange. Only {@code javax.crypto}; no SASL provider is needed.
 */
final class ScramSaslClient implements SaslClient {
    /** Kafka's brokers refuse fewer; a lower count from a "broker" is a downgrade attempt. */
    static final int MIN_ITERATIONS = 4096;
    private static final int MAX_ITERATIONS = 1_000_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum State { INITIAL, SENT_FIRST, SENT_FINAL, COMPLETE, FAILED }

    private final SaslMechanism mechanism;
    private final String username;
    private final String password;
    private final boolean tokenAuth;
    private final String clientNonce;
    private State state = State.INITIAL;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    ScramSaslClient(SaslMechanism mechanism, String username, String password, boolean tokenAuth) {
        this(mechanism, username, password, tokenAuth, newNonce());
    }

    /** With a fixed client nonce: for the RFC test vectors only. */
    ScramSaslClient(SaslMechanism mechanism, String username, String password, boolean tokenAuth,
                    String clientNonce) {
        if (!mechanism.isScram()) {
            throw new IllegalArgumentException(mechanism + " is not a SCRAM mechanism");
        }
        this.mechanism = mechanism;
        this.username = username;
        this.password = password;
        this.tokenAuth = tokenAuth;
        this.clientNonce = clientNonce;
    }

    private static String newNonce() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        // Base64 has no ',' so the nonce is a valid "printable" of RFC 5802.
        return Base64.getEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public String mechanism() {
        return mechanism.mechanismName();
    }

    @Override
    public byte[] initialResponse() {
        if (state != State.INITIAL) {
            throw new IllegalStateException("SCRAM exchange already started");
        }
        clientFirstBare = "n=" + escapeName(username) + ",r=" + clientNonce + (tokenAuth ? ",tokenauth=true" : "");
        state = State.SENT_FIRST;
        return ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) {
        try {
            return switch (state) {
                case SENT_FIRST -> clientFinal(new String(challenge, StandardCharsets.UTF_8));
                case SENT_FINAL -> {
                    verifyServerFinal(new String(challenge, StandardCharsets.UTF_8));
                    state = State.COMPLETE;
                    yield null;
                }
                default -> throw fail("unexpected broker token in state " + state);
            };
        } catch (SaslAuthenticationException e) {
            state = State.FAILED;
            throw e;
        }
    }

    @Override
    public boolean isComplete() {
        return state == State.COMPLETE;
    }

    private byte[] clientFinal(String serverFirst) {
        Map<String, String> attrs = parse(serverFirst, "server-first-message");
        if (attrs.containsKey("e")) {
            throw fail("the broker refused the login: " + attrs.get("e"));
        }
        if (attrs.containsKey("m")) {
            throw fail("the broker requires an unsupported SCRAM extension");
        }
        String nonce = require(attrs, "r", "server-first-message");
        String salt64 = require(attrs, "s", "server-first-message");
        String iter = require(attrs, "i", "server-first-message");
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw fail("the broker's nonce does not extend ours");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(iter);
        } catch (NumberFormatException e) {
            throw fail("iteration count '" + iter + "' is not a number");
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw fail("iteration count " + iterations + " is outside " + MIN_ITERATIONS + ".." + MAX_ITERATIONS);
        }
        byte[] salt;
        try {
            salt = Base64.getDecoder().decode(salt64);
        } catch (IllegalArgumentException e) {
            throw fail("the salt is not base64");
        }
        String clientFinalWithoutProof = "c=biws,r=" + nonce; // biws = base64("n,,"): no channel binding
        String authMessage = clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof;
        byte[] authBytes = authMessage.getBytes(StandardCharsets.UTF_8);
        try {
            byte[] salted = hi(password.getBytes(StandardCharsets.UTF_8), salt, iterations);
            byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
            byte[] storedKey = MessageDigest.getInstance(mechanism.hashAlgorithm()).digest(clientKey);
            byte[] clientSignature = hmac(storedKey, authBytes);
            byte[] proof = clientKey.clone();
            for (int i = 0; i < proof.length; i++) {
                proof[i] ^= clientSignature[i];
            }
            byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
            expectedServerSignature = hmac(serverKey, authBytes);
            Arrays.fill(salted, (byte) 0);
            Arrays.fill(clientKey, (byte) 0);
            state = State.SENT_FINAL;
            return (clientFinalWithoutProof + ",p=" + Base64.getEncoder().encodeToString(proof))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new SaslAuthenticationException(mechanism() + ": the JDK cannot compute " + mechanism.hmacAlgorithm()
                    + ": " + e.getMessage(), e);
        }
    }

    private void verifyServerFinal(String serverFinal) {
        Map<String, String> attrs = parse(serverFinal, "server-final-message");
        if (attrs.containsKey("e")) {
            throw fail("the broker refused the login: " + attrs.get("e"));
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(require(attrs, "v", "server-final-message"));
        } catch (IllegalArgumentException e) {
            throw fail("the server signature is not base64");
        }
        if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw fail("the broker's signature is wrong: it does not know the password (or the exchange was "
                    + "tampered with)");
        }
    }

    /** Hi() of RFC 5802: PBKDF2 with the mechanism's HMAC and one output block (the hash's length). */
    private byte[] hi(byte[] password, byte[] salt, int iterations) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(mechanism.hmacAlgorithm());
        mac.init(new SecretKeySpec(password, mechanism.hmacAlgorithm()));
        mac.update(salt);
        mac.update(new byte[] {0, 0, 0, 1}); // INT(1)
        byte[] u = mac.doFinal();
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    private byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(mechanism.hmacAlgorithm());
        mac.init(new SecretKeySpec(key, mechanism.hmacAlgorithm()));
        return mac.doFinal(data);
    }

    /** RFC 5802 saslname: '=' and ',' are escaped as =3D and =2C. */
    static String escapeName(String name) {
        return name.replace("=", "=3D").replace(",", "=2C");
    }

    private Map<String, String> parse(String message, String what) {
        Map<String, String> out = new HashMap<>();
        for (String part : message.split(",", -1)) {
            if (part.length() < 2 || part.charAt(1) != '=') {
                throw fail("malformed " + what);
            }
            out.putIfAbsent(part.substring(0, 1), part.substring(2));
        }
        return out;
    }

    private String require(Map<String, String> attrs, String key, String what) {
        String v = attrs.get(key);
        if (v == null || v.isEmpty()) {
            throw fail(what + " lacks '" + key + "='");
        }
        return v;
    }

    private SaslAuthenticationException fail(String why) {
        return new SaslAuthenticationException(mechanism() + " authentication of user '" + username + "' failed: "
                + why);
    }

    @Override
    public String toString() {
        return "ScramSaslClient(" + mechanism() + ", user=" + username + ", password=[hidden], state=" + state + ")";
    }
}

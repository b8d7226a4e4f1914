package io.samsa.security;

import io.samsa.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScramSaslClientTest {
    private static final String NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** RFC 7677 section 3: the whole SCRAM-SHA-256 exchange, byte for byte. */
    @Test
    void rfc7677Sha256Vector() {
        ScramSaslClient c = new ScramSaslClient(SaslMechanism.SCRAM_SHA_256, "user", "pencil", false, NONCE);
        assertThat(s(c.initialResponse())).isEqualTo("n,,n=user,r=" + NONCE);
        assertThat(s(c.evaluateChallenge(b(SERVER_FIRST)))).isEqualTo(
                "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                        + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        assertThat(c.isComplete()).isFalse();
        assertThat(c.evaluateChallenge(b("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="))).isNull();
        assertThat(c.isComplete()).isTrue();
    }

    @Test
    void wrongServerSignatureFails() {
        ScramSaslClient c = new ScramSaslClient(SaslMechanism.SCRAM_SHA_256, "user", "pencil", false, NONCE);
        c.initialResponse();
        c.evaluateChallenge(b(SERVER_FIRST));
        assertThatThrownBy(() -> c.evaluateChallenge(b("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")))
                .isInstanceOf(SaslAuthenticationException.class).hasMessageContaining("signature is wrong")
                .hasMessageNotContaining("pencil");
        assertThat(c.isComplete()).isFalse();
    }

    @Test
    void serverErrorsAndDowngradesAreRefused() {
        ScramSaslClient c1 = new ScramSaslClient(SaslMechanism.SCRAM_SHA_512, "user", "pencil", false, NONCE);
        c1.initialResponse();
        assertThatThrownBy(() -> c1.evaluateChallenge(b("r=" + NONCE + "xyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1000")))
                .hasMessageContaining("iteration count 1000");
        ScramSaslClient c2 = new ScramSaslClient(SaslMechanism.SCRAM_SHA_512, "user", "pencil", false, NONCE);
        c2.initialResponse();
        assertThatThrownBy(() -> c2.evaluateChallenge(b("r=someoneelse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")))
                .hasMessageContaining("nonce");
        ScramSaslClient c3 = new ScramSaslClient(SaslMechanism.SCRAM_SHA_512, "user", "pencil", false, NONCE);
        c3.initialResponse();
        c3.evaluateChallenge(b("r=" + NONCE + "abc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        assertThatThrownBy(() -> c3.evaluateChallenge(b("e=invalid-proof"))).hasMessageContaining("invalid-proof");
        ScramSaslClient c4 = new ScramSaslClient(SaslMechanism.SCRAM_SHA_256, "user", "pencil", false, NONCE);
        c4.initialResponse();
        assertThatThrownBy(() -> c4.evaluateChallenge(b("garbage"))).hasMessageContaining("malformed");
    }

    @Test
    void sha512ProducesA64ByteProof() {
        ScramSaslClient c = new ScramSaslClient(SaslMechanism.SCRAM_SHA_512, "user", "pencil", false, NONCE);
        c.initialResponse();
        String fin = s(c.evaluateChallenge(b("r=" + NONCE + "abc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")));
        String proof = fin.substring(fin.indexOf(",p=") + 3);
        assertThat(java.util.Base64.getDecoder().decode(proof)).hasSize(64);
    }

    @Test
    void namesAreEscapedAndTokenAuthIsAnExtension() {
        ScramSaslClient c = new ScramSaslClient(SaslMechanism.SCRAM_SHA_256, "a=b,c", "p", true, NONCE);
        assertThat(s(c.initialResponse())).isEqualTo("n,,n=a=3Db=2Cc,r=" + NONCE + ",tokenauth=true");
        assertThat(c.toString()).doesNotContain("p,").contains("[hidden]");
    }

    @Test
    void randomNoncesDiffer() {
        String a = s(new ScramSaslClient(SaslMechanism.SCRAM_SHA_256, "u", "p", false).initialResponse());
        String b = s(new ScramSaslClient(SaslMechanism.SCRAM_SHA_256, "u", "p", false).initialResponse());
        assertThat(a).isNotEqualTo(b).doesNotContain("=,").startsWith("n,,n=u,r=");
    }

    @Test
    void plainTokenLayout() {
        PlainSaslClient c = new PlainSaslClient("alice", "s3cr\u00e9t");
        assertThat(c.initialResponse()).isEqualTo(b("\0alice\0s3cr\u00e9t"));
        assertThat(c.evaluateChallenge(new byte[0])).isNull();
        assertThat(c.isComplete()).isTrue();
        assertThat(c.toString()).doesNotContain("s3cr");
    }
}

package io.samsa.network;

import io.samsa.common.Node;
import io.samsa.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.security.cert.CertificateException;

import static org.assertj.core.api.Assertions.assertThat;

/** The hints added to the JDK's messages for the common TLS mistakes. */
class TlsFailuresTest {
    private static final Node NODE = new Node(1, "broker-1.example", 9093);

    private static SSLHandshakeException handshake(String message, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException(message);
        e.initCause(cause);
        return e;
    }

    @Test
    void anUntrustedCertificateNamesTheTrustStoreKeys() {
        SslAuthenticationException e = TlsFailures.handshakeFailed(NODE, handshake("PKIX path building failed: "
                + "unable to find valid certification path to requested target", null));
        assertThat(e).hasMessageStartingWith("TLS handshake with " + NODE + " failed: PKIX path building failed")
                .hasMessageEndingWith("(the broker's certificate is not signed by a CA in the trust store: check "
                        + "ssl.truststore.location / ssl.truststore.certificates)");
        assertThat(e.getCause()).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aCertificateForAnotherHostNamesTheHostFoundOnACause() {
        SSLHandshakeException e = handshake("General SSLEngine problem",
                new CertificateException("No subject alternative DNS name matching broker-1.example found."));
        assertThat(TlsFailures.hint(e, NODE.host())).contains("does not name host broker-1.example")
                .contains("ssl.endpoint.identification.algorithm");
    }

    @Test
    void aRefusedClientCertificateAndNoCommonProtocolHaveTheirOwnHints() {
        assertThat(TlsFailures.hint(handshake("Received fatal alert: bad_certificate", null), "h"))
                .contains("refused our client certificate").contains("ssl.keystore.*");
        assertThat(TlsFailures.hint(handshake("Received fatal alert: certificate_required", null), "h"))
                .contains("refused our client certificate");
        assertThat(TlsFailures.hint(handshake("No appropriate protocol (protocol is disabled or cipher suites are "
                + "inappropriate)", null), "h")).contains("ssl.enabled.protocols");
    }

    @Test
    void otherFailuresGetNoHint() {
        assertThat(TlsFailures.hint(handshake("Received fatal alert: handshake_failure", null), "h")).isEmpty();
        assertThat(TlsFailures.handshakeFailed(NODE, handshake("Tag mismatch", null)))
                .hasMessage("TLS handshake with " + NODE + " failed: Tag mismatch");
    }
}

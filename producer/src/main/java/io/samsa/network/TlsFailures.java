package io.samsa.network;

import io.samsa.common.Node;
import io.samsa.common.errors.SslAuthenticationException;
import io.samsa.security.SslEngineProvider;

import javax.net.ssl.SSLException;

/**
 * Turns TLS failures into errors that say what to fix. The JDK's messages for the common mistakes (an untrusted
 * CA, a certificate for another host, a refused client certificate, no protocol version in common) name the
 * symptom in TLS terms; these add the configuration keys that cure it.
 *
 * <p><b>Threading.</b> Stateless; {@link NetworkClient} calls it on the I/O thread.
 */
final class TlsFailures {
    private TlsFailures() {
    }

    /** The handshake with {@code node} failed: not retriable, as retrying cannot change the certificates. */
    static SslAuthenticationException handshakeFailed(Node node, SSLException e) {
        return new SslAuthenticationException("TLS handshake with " + node + " failed: " + e.getMessage()
                + hint(e, node.host()), e);
    }

    /** The {@code ssl.engine.factory.class} could not make an engine for {@code node}. */
    static SslAuthenticationException engineFailed(Node node, SslEngineProvider provider, RuntimeException e) {
        return new SslAuthenticationException("Cannot create the TLS engine for " + node + " (ssl.engine.factory.class "
                + provider.getClass().getName() + "): " + e, e);
    }

    /**
     * A hint in parentheses, with a leading space, for the common failures; empty for others. The whole cause
     * chain is searched, as the telling message may be on a cause of the exception the JDK throws.
     */
    static String hint(Throwable e, String host) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(' ');
        }
        String m = all.toString();
        if (m.contains("PKIX path") || m.contains("unable to find valid certification path")) {
            return " (the broker's certificate is not signed by a CA in the trust store: check "
                    + "ssl.truststore.location / ssl.truststore.certificates)";
        }
        if (m.contains("No subject alternative") || m.contains("No name matching")) {
            return " (the broker's certificate does not name host " + host + ": fix the certificate's "
                    + "subject alternative names or the advertised listener; ssl.endpoint.identification.algorithm="
                    + "\"\" turns the check off)";
        }
        if (m.contains("bad_certificate") || m.contains("certificate_required") || m.contains("unknown_ca")) {
            return " (the broker refused our client certificate: check ssl.keystore.* and the broker's "
                    + "ssl.truststore / ssl.client.auth)";
        }
        if (m.contains("protocol_version") || m.contains("No appropriate protocol")) {
            return " (no TLS version in common: check ssl.enabled.protocols and ssl.protocol)";
        }
        return "";
    }
}

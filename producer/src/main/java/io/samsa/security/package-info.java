/**
 * TLS and SASL settings and their implementations (PLAIN, SCRAM; the SSLEngine factory).
 *
 * <p><b>Internal</b> to samsa-producer: not part of Samsa's public API, with no compatibility promise; it may
 * change in any release. One exception: {@link io.samsa.security.SslEngineProvider}, the interface a class named
 * by {@code ssl.engine.factory.class} implements, is public API and covered by the API check.
 */
package io.samsa.security;

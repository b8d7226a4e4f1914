/**
 * KIP-714 client telemetry: the subscription, the collected metrics, and their OTLP encoding.
 *
 * <p><b>Internal</b> to samsa-producer: not part of Samsa's public API, with no compatibility promise; it may
 * change in any release.
 */
package io.samsa.telemetry;

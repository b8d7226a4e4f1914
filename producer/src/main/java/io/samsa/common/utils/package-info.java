/**
 * Small utilities: the injected clock ({@link io.samsa.common.utils.Time}) and exponential backoff.
 *
 * <p><b>Internal</b> to samsa-producer: not part of Samsa's public API, with no compatibility promise; it may
 * change in any release.
 */
package io.samsa.common.utils;

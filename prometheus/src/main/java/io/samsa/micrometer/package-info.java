/**
 * Samsa producers' metrics for Micrometer: {@link io.samsa.micrometer.SamsaMeterBinder}. Micrometer is a provided
 * dependency: this package is only loaded by applications that have it.
 *
 * <p><b>Public API</b> of samsa-prometheus: covered by the API check (japicmp against {@code api-baseline/}) and by
 * the version policy in the README.
 */
package io.samsa.micrometer;

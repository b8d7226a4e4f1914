/**
 * Samsa producers' metrics for Micrometer: {@link io.samsa.micrometer.SamsaMeterBinder}. Micrometer is a provided
 * dependency: this package is only loaded by applications that have it.
 */
package io.samsa.micrometer;

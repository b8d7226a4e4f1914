/**
 * Samsa producers' metrics for Prometheus, with the official Prometheus Java client: {@link
 * io.samsa.prometheus.SamsaCollector} (a collector read at scrape time, and the naming scheme) and {@link
 * io.samsa.prometheus.SamsaPrometheus} (an HTTP server for {@code /metrics}). For Micrometer, see {@code
 * io.samsa.micrometer}.
 *
 * <p><b>Public API</b> of samsa-prometheus: covered by the API check (japicmp against {@code api-baseline/}) and by
 * the version policy in the README.
 */
package io.samsa.prometheus;

/**
 * Samsa producers' metrics for Prometheus, with the official Prometheus Java client: {@link
 * io.samsa.prometheus.SamsaCollector} (a collector read at scrape time, and the naming scheme) and {@link
 * io.samsa.prometheus.SamsaPrometheus} (an HTTP server for {@code /metrics}).
 */
package io.samsa.prometheus;

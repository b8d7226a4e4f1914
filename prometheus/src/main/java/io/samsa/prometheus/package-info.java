/**
 * Samsa producers' metrics for Prometheus, with the official Prometheus Java client: {@link
 * io.samsa.prometheus.SamsaCollector} (a collector read at scrape time, and the naming scheme) and {@link
 * io.samsa.prometheus.SamsaPrometheus} (an HTTP server for {@code /metrics}). For Micrometer, see {@code
 * io.samsa.micrometer}.
 */
package io.samsa.prometheus;

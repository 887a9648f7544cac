/**
 * Load on the HTTP decision API: a real server on loopback, fed the platform workload through
 * its control plane and log, driven by {@code wrk} (or a keep-alive socket client) with
 * pre-generated request bodies ({@link dev.veto.bench.http.HttpDecisionLoad}).
 */
package dev.veto.bench.http;

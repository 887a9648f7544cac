package dev.veto.bench.http;

/**
 * What one timed load run measured, as the load generator saw it.
 *
 * @param requests HTTP requests completed (a batch is one request)
 * @param seconds how long the run lasted
 * @param errors responses other than 2xx, plus socket errors and timeouts
 * @param p50Us median latency of one HTTP request, in microseconds; likewise the others
 * @param clientCpuSeconds CPU time the load generator used (user + system), or NaN if unknown
 */
record LoadResult(long requests, double seconds, long errors, double meanUs, long p50Us, long p90Us, long p99Us,
                  long p999Us, long maxUs, double clientCpuSeconds) {

    double requestsPerSecond() {
        return requests / seconds;
    }
}

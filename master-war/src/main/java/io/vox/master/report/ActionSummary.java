package io.vox.master.report;

/**
 * Figures of one action: counts of result rows and of rows with an error, of request sequences and
 * failed ones (equal to the rows for a bulk action; a loop's rows sum up its iterations), of HTTP
 * requests ({@code httpRequests}: every step, redirect hop and loop iteration, failed ones too),
 * and latencies in ms of the successful results from their HdrHistograms (3 significant digits);
 * latencies are null while none succeeded. The {@code corrected*} figures add each user's waits
 * before its requests could go out (from its intended start, when its node was told to act, to its
 * first request, and before each later one), so they are not hidden (coordinated omission); think
 * times between requests are not added. {@code phases} says where the action's HTTP requests (each
 * redirect hop and loop iteration counted, failed requests too) spent their time: name resolution,
 * connect and TLS handshake (of the requests that opened a connection), wait for the first byte and
 * download; a phase with no request is left out.
 */
public record ActionSummary(
    long runId,
    int action,
    long count,
    long errors,
    long requests,
    long failures,
    long httpRequests,
    Double minMs,
    Double meanMs,
    Double p50Ms,
    Double p95Ms,
    Double p99Ms,
    Double maxMs,
    Double correctedP50Ms,
    Double correctedP95Ms,
    Double correctedP99Ms,
    Double correctedMaxMs,
    Double dispatchP50Ms,
    Double dispatchP99Ms,
    Double dispatchMaxMs,
    java.util.List<Phase> phases) {

  /** One request phase: how many requests went through it, and their times in ms. */
  public record Phase(
      String name,
      long count,
      double meanMs,
      double p50Ms,
      double p95Ms,
      double p99Ms,
      double maxMs) {}
}

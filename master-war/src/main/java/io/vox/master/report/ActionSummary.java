package io.vox.master.report;

/**
 * Figures of one action: counts of result rows and of rows with an error, of request sequences and
 * failed ones (equal to the rows for a bulk action; a loop's rows sum up its iterations), of HTTP
 * requests ({@code httpRequests}: every step, redirect hop and loop iteration, failed ones too),
 * and latencies in ms of the successful results from their HdrHistograms (3 significant digits);
 * latencies are null while none succeeded. The {@code corrected*} figures add each user's waits
 * before its requests could go out (from its intended start, the master's command on its node's
 * clock, to its first request, and before each later one), so they are not hidden (coordinated
 * omission); think times between requests are not added. {@code phases} says where the action's
 * HTTP requests (each redirect hop and loop iteration counted, failed requests too) spent their
 * time: name resolution, connect and TLS handshake (of the requests that opened a connection), wait
 * for the first byte and download; a phase with no request is left out. {@code loopLagP99Ms} is the
 * p99 of how late the event loops of {@code loopLagNode}, the node whose loops ran latest, ran
 * while the action was under way (null when no node said); from {@link #SATURATED_LAG_MS} on,
 * {@code generatorSaturated} says the generator itself was the bottleneck then, and the latencies
 * are partly its own.
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
    java.util.List<Phase> phases,
    Double loopLagP99Ms,
    String loopLagNode,
    boolean generatorSaturated) {

  /**
   * The loops' lateness (p99, ms) from which an action's generator counts as saturated: a node's
   * loops that late delay every response they handle by about as much.
   */
  public static final double SATURATED_LAG_MS = 50;

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

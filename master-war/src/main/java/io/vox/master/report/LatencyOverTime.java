package io.vox.master.report;

import java.util.List;

/**
 * Latency percentiles (ms) of a run's successful results per second, merged from the per-batch
 * HdrHistograms by the second each batch was stored (a node sends its results every 200 ms, so that
 * is within a fraction of a second of their end while the master keeps up); no row is scanned.
 * {@code requests}: the request steps that ended per second and how many failed, by the same
 * seconds (every step of every user, a loop's iterations included).
 */
public record LatencyOverTime(long runId, List<Second> seconds, List<Requests> requests) {
  public record Second(
      long second, long count, double p50Ms, double p95Ms, double p99Ms, double maxMs) {}

  /** Request steps ended in one second, and failed. */
  public record Requests(long second, long count, long errors) {}
}

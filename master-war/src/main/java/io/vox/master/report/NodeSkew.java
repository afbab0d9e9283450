package io.vox.master.report;

import java.util.List;

/**
 * Dispatch skew per node and action: each user's delay (ms) from its intended start (its node told
 * to act, or its arrival) to its first request, from the nodes' dispatch histograms.
 */
public record NodeSkew(long runId, List<Entry> nodes) {
  public record Entry(
      String nodeId, int action, long users, double p50Ms, double p99Ms, double maxMs) {}
}

package io.vox.master.report;

import java.util.List;

/**
 * Dispatch skew per node and action: each user's delay (ms) from its intended start (the master's
 * command, or its arrival) to its first request, from the nodes' dispatch histograms; and how long
 * the command took from the master to the node ({@code deliveryMs}), measured with a clock offset
 * known within {@code clockErrorMs} (both null when the node had no estimate: its skew then counts
 * from when it received the command).
 */
public record NodeSkew(long runId, List<Entry> nodes) {
  public record Entry(
      String nodeId,
      int action,
      long users,
      double p50Ms,
      double p99Ms,
      double maxMs,
      Double deliveryMs,
      Double clockErrorMs) {}
}

package io.vox.master.report;

import java.util.List;

/**
 * A run's results per second of their start (epoch seconds), for one action or all ({@code action}
 * 0): how many started, how many failed, and the mean and max latency (ms) of those that succeeded
 * (null when none did).
 */
public record Timeline(long runId, int action, List<Second> seconds) {
  public record Second(long second, long count, long errors, Double meanMs, Double maxMs) {}
}

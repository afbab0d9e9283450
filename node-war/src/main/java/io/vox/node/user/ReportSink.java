package io.vox.node.user;

import io.vox.messaging.UserResult;

/** Takes user results for the master; must not block (it is called on event loops). */
public interface ReportSink {
  /** A result row, whose latency also goes into the histograms unless it sums up a loop. */
  void report(long runId, UserResult result);

  /**
   * One successful iteration of a loop action: its latency and corrected latency (µs) go into the
   * histograms only (the loop's row sums the iterations up).
   */
  default void sample(long runId, int action, long latencyUs, long correctedUs) {}
}

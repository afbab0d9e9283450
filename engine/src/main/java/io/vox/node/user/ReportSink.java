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

  /**
   * Where one HTTP request of {@code action} spent its time (µs): name resolution, connect and TLS
   * handshake (0 on a reused connection, then not recorded), wait for the first byte and download
   * (recorded when a response arrived). Goes into the action's phase histograms only, and counts as
   * one HTTP request of the action (every request is told, with zeros when it has no timings).
   */
  default void phases(
      long runId,
      int action,
      long dnsUs,
      long connectUs,
      long tlsUs,
      long waitUs,
      long downloadUs) {}

  /**
   * One request step of {@code action} ended for a user of {@code group}: {@code step} is its place
   * in the group's steps, {@code ok} whether it passed; its latency and corrected latency (µs) go
   * into that step's histograms when it passed.
   */
  default void request(
      long runId,
      int action,
      int group,
      int step,
      long latencyUs,
      long correctedUs,
      boolean ok,
      HttpLane.Timings timings) {}

  /**
   * This node was told to perform {@code action} of run {@code runId}: the event loops' lateness
   * from now on counts for that action (until the run's next action or its end). {@code deliveryUs}
   * is how long the command took from the master to the node (-1 unknown), {@code clockErrorUs} the
   * bound of the clock offset it was measured with (-1 unknown).
   */
  default void acting(long runId, int action, long deliveryUs, long clockErrorUs) {}

  /** Every user of this node reported {@code action}: the loops' lateness stops counting for it. */
  default void acted(long runId, int action) {}

  /**
   * Run {@code runId} ended on this node: what its users reported goes out with the next flush,
   * then its state here is dropped, and samples that come later are ignored.
   */
  default void ended(long runId) {}
}

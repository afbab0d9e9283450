package io.vox.master.run;

/**
 * What the coordinator asks of the way results travel from the nodes to the database before it
 * gives up on an action's missing users: results still on their way must not be stored as failed,
 * and results that were dropped on the way must not pass for the system under test's failures.
 */
public interface ReportPipeline {
  /**
   * Whether results of run {@code runId} may still be on their way at {@code nowMs}: a batch of it
   * waits in the broker, or the collector failed one within the broker's redelivery time (the
   * database was away; a batch waiting to be redelivered is out of sight).
   */
  boolean inFlight(long runId, long nowMs);

  /** Report batches of run {@code runId} in the dead-letter queue. */
  int deadLettered(long runId);

  /** Nothing redelivered, nothing dead-lettered. */
  ReportPipeline CLEAR =
      new ReportPipeline() {
        @Override
        public boolean inFlight(long runId, long nowMs) {
          return false;
        }

        @Override
        public int deadLettered(long runId) {
          return 0;
        }
      };
}

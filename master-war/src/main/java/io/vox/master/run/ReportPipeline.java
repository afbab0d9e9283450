package io.vox.master.run;

/**
 * What the coordinator asks of the way results travel from the nodes to the database before it
 * gives up on an action's missing users: results still on their way must not be stored as failed,
 * and results that were dropped on the way must not pass for the system under test's failures.
 */
public interface ReportPipeline {
  /**
   * Whether batches may still be waiting for redelivery at {@code nowMs}: one failed to store
   * within the broker's redelivery time (the database was away).
   */
  boolean redelivering(long nowMs);

  /** Report batches of run {@code runId} in the dead-letter queue. */
  int deadLettered(long runId);

  /** Nothing redelivered, nothing dead-lettered. */
  ReportPipeline CLEAR =
      new ReportPipeline() {
        @Override
        public boolean redelivering(long nowMs) {
          return false;
        }

        @Override
        public int deadLettered(long runId) {
          return 0;
        }
      };
}

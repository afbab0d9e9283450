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

  /**
   * Whether batches sent by now may still be on their way at {@code nowMs}: one of run {@code
   * runId} waits in the broker, or this master failed to store one within the broker's redelivery
   * time. Unlike {@link #inFlight}, a recent start of the master is no reason: this asks about
   * batches sent while it ran.
   */
  boolean sentInFlight(long runId, long nowMs);

  /** Whether a batch of run {@code runId} waits in the broker for the collector. */
  boolean waiting(long runId);

  /**
   * Report batches of run {@code runId} that the broker dead-lettered after failed deliveries (not
   * those the collector rejected as untrue: they are no results of the run), by batch id. Some may
   * have been stored after all: a commit can reach the database while its answer is lost.
   */
  java.util.List<String> deadLettered(long runId);

  /**
   * The longest the master waits past an action's deadline for results in flight: a node that can
   * never send, or a collector that keeps failing, must not hold a run for ever.
   */
  long holdMs();
}

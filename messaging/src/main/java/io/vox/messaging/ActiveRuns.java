package io.vox.messaging;

import java.util.List;

/**
 * The runs the master holds active, of all those up to run {@code upToRunId} (both read in one
 * snapshot of its database). A node drops each run it holds that is not listed and not newer than
 * {@code upToRunId}: it missed that run's StopRun (or the run was deleted). State, not an event, so
 * a message missed is made good by the next. Sender: master, every few seconds. Receiver: each
 * node's Manager, via topic vox.control. Guarantee: none (non-persistent).
 */
public record ActiveRuns(int schemaVersion, long upToRunId, List<Long> runIds)
    implements ControlMessage {
  public ActiveRuns {
    Messages.version(schemaVersion);
    Messages.require(runIds, "runIds");
    runIds = List.copyOf(runIds);
  }

  /** Whether a node holding run {@code runId} should drop it. */
  public boolean ended(long runId) {
    return runId <= upToRunId && !runIds.contains(runId);
  }
}

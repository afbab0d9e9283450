package io.vox.messaging;

/**
 * Tells every node to perform bulk action {@code action} of run {@code runId}, as of {@code
 * sentAtMs} on the master's clock (0: unknown): a node that knows its clock's offset to the
 * master's takes that instant as its users' intended start, so the broker's delivery counts in
 * their skew and corrected latency. Sender: master RunCoordinator. Receiver: each node's Manager,
 * via topic vox.control. Guarantee: a node acts at most once per (runId, action); a repeat is
 * ignored.
 */
public record RunAction(int schemaVersion, long runId, int action, long sentAtMs)
    implements ControlMessage {
  public RunAction {
    Messages.version(schemaVersion);
  }
}

package io.vox.messaging;

/**
 * Tells every node to perform bulk action {@code action} of run {@code runId}. Sender: master
 * RunCoordinator. Receiver: each node's Manager, via topic vox.control. Guarantee: a node acts at
 * most once per (runId, action); a repeat is ignored.
 */
public record RunAction(int schemaVersion, long runId, int action) implements ControlMessage {
  public RunAction {
    Messages.version(schemaVersion);
  }
}

package io.vox.messaging;

/**
 * Tells every node to stop the users of run {@code runId} and forget it. Sender: master
 * RunCoordinator. Receiver: each node's Manager, via topic vox.control. Guarantee: idempotent;
 * stopping an unknown run does nothing.
 */
public record StopRun(int schemaVersion, long runId) implements ControlMessage {
  public StopRun {
    Messages.version(schemaVersion);
  }
}

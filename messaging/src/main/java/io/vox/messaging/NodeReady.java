package io.vox.messaging;

/**
 * Every user of this node's slice has tried to connect; {@code incarnation} names the node's
 * process that holds them (as its heartbeats do). Sender: node Manager. Receiver: master
 * RunCoordinator, via queue vox.events. Guarantee: persistent; the master counts a node once.
 */
public record NodeReady(
    int schemaVersion, long runId, String nodeId, int connected, int failed, String incarnation)
    implements NodeEvent {
  public NodeReady {
    Messages.version(schemaVersion);
    Messages.require(nodeId, "nodeId");
    Messages.require(incarnation, "incarnation");
  }

  /** The same, of process {@code process} ("" when not named yet). */
  public NodeReady withIncarnation(String process) {
    return new NodeReady(schemaVersion, runId, nodeId, connected, failed, process);
  }
}

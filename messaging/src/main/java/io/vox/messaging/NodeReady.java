package io.vox.messaging;

/**
 * Every user of this node's slice has tried to connect. Sender: node Manager. Receiver: master
 * RunCoordinator, via queue vox.events. Guarantee: persistent; the master counts a node once.
 */
public record NodeReady(int schemaVersion, long runId, String nodeId, int connected, int failed)
    implements NodeEvent {
  public NodeReady {
    Messages.version(schemaVersion);
    Messages.require(nodeId, "nodeId");
  }
}

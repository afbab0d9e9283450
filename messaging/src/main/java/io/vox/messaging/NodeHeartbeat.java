package io.vox.messaging;

/**
 * A node is alive and how many users it holds. Sender: each node, every heartbeat interval.
 * Receiver: master NodeRegistry, via queue vox.events. Guarantee: none (non-persistent); missing
 * ones make the node count as gone.
 */
public record NodeHeartbeat(int schemaVersion, String nodeId, long sentAtMs, int users)
    implements NodeEvent {
  public NodeHeartbeat {
    Messages.version(schemaVersion);
    Messages.require(nodeId, "nodeId");
  }
}

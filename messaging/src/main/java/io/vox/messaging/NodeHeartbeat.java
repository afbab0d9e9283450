package io.vox.messaging;

/**
 * A node is alive, how many users it holds and how loaded it is: its host, the process's share of
 * the machine's CPU (0 to 1, or -1 when the JVM cannot tell), its heap in use and at most, and the
 * users it is sized for ({@code capacity}, 0 when not configured). Sender: each node, every
 * heartbeat interval. Receiver: master NodeRegistry, via queue vox.events. Guarantee: none
 * (non-persistent); missing ones make the node count as gone.
 */
public record NodeHeartbeat(
    int schemaVersion,
    String nodeId,
    long sentAtMs,
    int users,
    String host,
    double cpuLoad,
    long heapUsedBytes,
    long heapMaxBytes,
    int capacity)
    implements NodeEvent {
  public NodeHeartbeat {
    Messages.version(schemaVersion);
    Messages.require(nodeId, "nodeId");
    Messages.require(host, "host");
  }
}

package io.vox.master.run;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The nodes the master has heard from, and which of them are live (a recent heartbeat). */
public final class NodeRegistry {
  /** What the master knows of one node. */
  public record NodeInfo(String nodeId, long lastSeenMs, int users) {}

  private final Map<String, NodeInfo> nodes = new ConcurrentHashMap<>();
  private final long liveForMs;

  public NodeRegistry(long liveForMs) {
    this.liveForMs = liveForMs;
  }

  public void heartbeat(String nodeId, long nowMs, int users) {
    nodes.put(nodeId, new NodeInfo(nodeId, nowMs, users));
  }

  /** Nodes seen within the live window, ordered by id (so allocation is deterministic). */
  public List<NodeInfo> live(long nowMs) {
    return nodes.values().stream()
        .filter(n -> nowMs - n.lastSeenMs() <= liveForMs)
        .sorted((a, b) -> a.nodeId().compareTo(b.nodeId()))
        .toList();
  }
}

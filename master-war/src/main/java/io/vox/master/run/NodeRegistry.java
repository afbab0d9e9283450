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
  private final long startedAtMs;

  /**
   * @param liveForMs a node is live while its last heartbeat is at most this old
   * @param startedAtMs when this registry started listening: a node never heard of has been silent
   *     since then (a restarted master gives running nodes time to be heard)
   */
  public NodeRegistry(long liveForMs, long startedAtMs) {
    this.liveForMs = liveForMs;
    this.startedAtMs = startedAtMs;
  }

  public void heartbeat(String nodeId, long nowMs, int users) {
    nodes.put(nodeId, new NodeInfo(nodeId, nowMs, users));
  }

  /** Notes that {@code nodeId} was heard from, keeping the user count of its last heartbeat. */
  public void seen(String nodeId, long nowMs) {
    nodes.compute(nodeId, (id, old) -> new NodeInfo(id, nowMs, old == null ? 0 : old.users()));
  }

  /** How long since {@code nodeId} was last heard of (or since this registry started). */
  public long silentFor(String nodeId, long nowMs) {
    NodeInfo n = nodes.get(nodeId);
    return nowMs - (n == null ? startedAtMs : n.lastSeenMs());
  }

  /** Nodes seen within the live window, ordered by id (so allocation is deterministic). */
  public List<NodeInfo> live(long nowMs) {
    return nodes.values().stream()
        .filter(n -> nowMs - n.lastSeenMs() <= liveForMs)
        .sorted((a, b) -> a.nodeId().compareTo(b.nodeId()))
        .toList();
  }
}

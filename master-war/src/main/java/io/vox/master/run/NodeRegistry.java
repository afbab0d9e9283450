package io.vox.master.run;

import io.vox.messaging.NodeHeartbeat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The nodes the master has heard from, and which of them are live (a recent heartbeat). */
public final class NodeRegistry {
  /**
   * What the master knows of one node: when it was last heard of, the users it holds, and what its
   * last heartbeat told of its host, CPU share (0 to 1, -1 unknown), heap and capacity (users it is
   * sized for, 0 when not stated), the incarnation (its process; "" while unknown), the report
   * batches it still held, whether it said it is shutting down, and how far the master's clock is
   * ahead of its own as it estimates it, within {@code clockErrorMs} (-1: no estimate yet).
   */
  public record NodeInfo(
      String nodeId,
      long lastSeenMs,
      int users,
      String host,
      double cpuLoad,
      long heapUsedBytes,
      long heapMaxBytes,
      int capacity,
      String incarnation,
      int unsentBatches,
      boolean leaving,
      long clockOffsetMs,
      long clockErrorMs) {
    static NodeInfo unknown(String nodeId, long lastSeenMs) {
      return new NodeInfo(nodeId, lastSeenMs, 0, "", -1, 0, 0, 0, "", 0, false, 0, -1);
    }

    NodeInfo seenAt(long ms) {
      return new NodeInfo(
          nodeId,
          ms,
          users,
          host,
          cpuLoad,
          heapUsedBytes,
          heapMaxBytes,
          capacity,
          incarnation,
          unsentBatches,
          leaving,
          clockOffsetMs,
          clockErrorMs);
    }
  }

  /** Each node's last heartbeat not yet echoed back: its stamp, and when it arrived here. */
  private final Map<String, io.vox.messaging.ClockEcho> echoes = new ConcurrentHashMap<>();

  private final Map<String, NodeInfo> nodes = new ConcurrentHashMap<>();
  private final long liveForMs;
  private final long startedAtMs;
  private volatile long lastPingMs;
  private volatile long heardAgainAtMs;

  /**
   * @param liveForMs a node is live while its last heartbeat is at most this old
   * @param startedAtMs when this registry started listening: a node never heard of has been silent
   *     since then (a restarted master gives running nodes time to be heard)
   */
  public NodeRegistry(long liveForMs, long startedAtMs) {
    this.liveForMs = liveForMs;
    this.startedAtMs = startedAtMs;
    this.lastPingMs = startedAtMs;
    this.heardAgainAtMs = startedAtMs;
  }

  /**
   * The master's own ping came back through the broker at {@code nowMs}. After a gap longer than
   * the live window (the broker was away), nodes' silence counts from now: they could not be heard
   * meanwhile, and they reconnect and speak again on their own.
   */
  public void pinged(long nowMs) {
    if (nowMs - lastPingMs > liveForMs) {
      heardAgainAtMs = nowMs;
    }
    lastPingMs = nowMs;
  }

  /** Whether the master hears through the broker: its last ping is within the live window. */
  public boolean hearing(long nowMs) {
    return nowMs - lastPingMs <= liveForMs;
  }

  /**
   * Takes a node's heartbeat, received at {@code nowMs} (the master's clock): it came through the
   * broker, so the master hears as a ping of its own tells.
   */
  public void heartbeat(NodeHeartbeat h, long nowMs) {
    pinged(nowMs);
    nodes.put(
        h.nodeId(),
        new NodeInfo(
            h.nodeId(),
            nowMs,
            h.users(),
            h.host(),
            h.cpuLoad(),
            h.heapUsedBytes(),
            h.heapMaxBytes(),
            h.capacity(),
            h.incarnation(),
            h.unsentBatches(),
            h.leaving(),
            h.clockOffsetMs(),
            h.clockErrorMs()));
    echoes.put(h.nodeId(), new io.vox.messaging.ClockEcho(h.nodeId(), h.sentAtMs(), nowMs));
  }

  /**
   * The heartbeats received since the last call, one per node, for the master to echo: each node
   * estimates its clock's offset from its own.
   */
  public java.util.List<io.vox.messaging.ClockEcho> takeEchoes() {
    java.util.List<io.vox.messaging.ClockEcho> taken = new java.util.ArrayList<>();
    for (String id : java.util.List.copyOf(echoes.keySet())) {
      io.vox.messaging.ClockEcho e = echoes.remove(id);
      if (e != null) {
        taken.add(e);
      }
    }
    return taken;
  }

  /**
   * Whether the last heartbeat of {@code nodeId} said it is shutting down (its users stopped and
   * what they reported sent); a node that starts again under the same id says otherwise.
   */
  public boolean leaving(String nodeId) {
    NodeInfo n = nodes.get(nodeId);
    return n != null && n.leaving();
  }

  /** The incarnation of {@code nodeId} its last heartbeat told, or "" when none was heard. */
  public String incarnation(String nodeId) {
    NodeInfo n = nodes.get(nodeId);
    return n == null ? "" : n.incarnation();
  }

  /** Report batches {@code nodeId} still held at its last heartbeat (0 when none was heard). */
  public int unsentBatches(String nodeId) {
    NodeInfo n = nodes.get(nodeId);
    return n == null ? 0 : n.unsentBatches();
  }

  /** Notes that {@code nodeId} was heard from, keeping what its last heartbeat told. */
  public void seen(String nodeId, long nowMs) {
    nodes.compute(
        nodeId, (id, old) -> old == null ? NodeInfo.unknown(id, nowMs) : old.seenAt(nowMs));
  }

  /**
   * How long {@code nodeId} has been silent while the master could have heard it: since it was last
   * heard of, this registry started, or the master heard through the broker again.
   */
  public long silentFor(String nodeId, long nowMs) {
    NodeInfo n = nodes.get(nodeId);
    long since = Math.max(n == null ? startedAtMs : n.lastSeenMs(), heardAgainAtMs);
    return nowMs - since;
  }

  /**
   * Nodes seen within the live window and not shutting down, ordered by id (so allocation is
   * deterministic). Nodes silent for {@link #forgetAfterMs} are forgotten here: node ids come and
   * go with containers and autoscaling, and this runs on every tick. A forgotten node counts as
   * silent since the registry started, which is longer still, so a run that still waits on it
   * declares it lost.
   */
  public List<NodeInfo> live(long nowMs) {
    nodes.values().removeIf(n -> nowMs - n.lastSeenMs() > forgetAfterMs());
    return nodes.values().stream()
        .filter(n -> nowMs - n.lastSeenMs() <= liveForMs && !n.leaving())
        .sorted((a, b) -> a.nodeId().compareTo(b.nodeId()))
        .toList();
  }

  /** How long a silent node is kept: ten live windows, at least ten minutes. */
  long forgetAfterMs() {
    return Math.max(10 * liveForMs, 600_000);
  }

  /** Nodes known, live or not yet forgotten. */
  public int known() {
    return nodes.size();
  }
}

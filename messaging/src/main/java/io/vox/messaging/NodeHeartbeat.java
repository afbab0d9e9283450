package io.vox.messaging;

/**
 * A node is alive, how many users it holds and how loaded it is: its host, the process's share of
 * the machine's CPU (0 to 1, or -1 when the JVM cannot tell), its heap in use and at most, and the
 * users it is sized for ({@code capacity}, 0 when not configured). {@code incarnation} names the
 * node's process (new at each start: a node restarted under the same id is another incarnation,
 * which holds none of the runs of the one before); {@code unsentBatches} counts the report batches
 * it holds that the broker has not taken yet (results still on their way); {@code leaving} is set
 * on the last heartbeat of a node shutting down, after it stopped its users and sent what they
 * reported, so the master need not wait for its silence. {@code clockOffsetMs} is how far the
 * master's clock is ahead of the node's, as the node estimates it from the master's {@link
 * ClockEchoes}, and {@code clockErrorMs} that estimate's bound (half its round trip; -1 while the
 * node has none). Sender: each node, every heartbeat interval, and once more when it shuts down.
 * Receiver: master NodeRegistry, via queue vox.events. Guarantee: none (non-persistent); missing
 * ones make the node count as gone.
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
    int capacity,
    String incarnation,
    int unsentBatches,
    boolean leaving,
    long clockOffsetMs,
    long clockErrorMs)
    implements NodeEvent {
  public NodeHeartbeat {
    Messages.version(schemaVersion);
    Messages.require(nodeId, "nodeId");
    Messages.require(host, "host");
    Messages.require(incarnation, "incarnation");
  }
}

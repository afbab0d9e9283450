package io.vox.messaging;

/**
 * The master's receipt of one node's heartbeat: the heartbeat's {@code sentAtMs} on the node's
 * clock, and when it arrived on the master's. With the time the master sent it back ({@link
 * ClockEchoes#sentAtMs()}) and the time it reaches the node, the node has the four stamps of an NTP
 * exchange: its clock's offset to the master's, within half the round trip.
 */
public record ClockEcho(String nodeId, long nodeSentAtMs, long masterReceivedAtMs) {
  public ClockEcho {
    Messages.require(nodeId, "nodeId");
  }
}

package io.vox.messaging;

import java.util.List;

/**
 * The heartbeats the master received since its last echo, one per node, sent back stamped with the
 * master's clock at sending ({@code sentAtMs}): each node estimates its clock's offset to the
 * master's from them, so that a {@link RunAction}'s stamp is a time on its own clock. Sender:
 * master, every second. Receiver: each node's Manager, via topic vox.control (a node reads its own
 * entry). Guarantee: none (non-persistent); an echo missed is one sample fewer.
 */
public record ClockEchoes(int schemaVersion, long sentAtMs, List<ClockEcho> echoes)
    implements ControlMessage {
  public ClockEchoes {
    Messages.version(schemaVersion);
    Messages.require(echoes, "echoes");
    echoes = List.copyOf(echoes);
  }
}

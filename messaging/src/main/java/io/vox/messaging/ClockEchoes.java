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
  /**
   * A node's estimate less sure than this (ms) is not used to place its users' starts; the launcher
   * waits for estimates this sure before a local run's first action.
   */
  public static final long USABLE_ERROR_MS = 100;

  public ClockEchoes {
    Messages.version(schemaVersion);
    Messages.require(echoes, "echoes");
    echoes = List.copyOf(echoes);
  }
}

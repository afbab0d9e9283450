package io.vox.messaging;

/**
 * The master's own probe of the broker: it sends this to itself through queue vox.events, where the
 * nodes' heartbeats come. While its pings do not come back, the master cannot hear nodes either, so
 * their silence says nothing about them. Sender and receiver: the master, every second. Guarantee:
 * none (non-persistent).
 */
public record MasterPing(int schemaVersion, long sentAtMs) implements NodeEvent {
  public MasterPing {
    Messages.version(schemaVersion);
  }
}

package io.vox.node.user;

import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's share of an action's {@code maxRps}: permits spaced evenly in time, shared by every
 * lane of the node. A request takes the next free permit and waits for its time; a node that fell
 * behind does not catch up in a burst (a permit is never earlier than now), so the rate over any
 * span stays at or under the cap. The plan reader keeps a run's users / maxRps within 7 days, so no
 * interval or wait here comes near overflowing.
 */
final class RateCap {
  private final long intervalNs;
  private final AtomicLong nextNs = new AtomicLong(Long.MIN_VALUE);

  RateCap(double perSecond) {
    this.intervalNs = Math.max(1, Math.round(1e9 / perSecond));
  }

  /**
   * Takes a permit at {@code nowNs} unless it would come {@code withinNs} or more from now: how
   * long its request waits, in ns, or -1 (no permit taken).
   */
  long reserve(long nowNs, long withinNs) {
    while (true) {
      long next = nextNs.get();
      long at = next == Long.MIN_VALUE || next - nowNs < 0 ? nowNs : next;
      if (at - nowNs >= withinNs) {
        return -1;
      }
      if (nextNs.compareAndSet(next, at + intervalNs)) {
        return at - nowNs;
      }
    }
  }
}
